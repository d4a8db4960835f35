package io.kube4j.apiserver.apply;

import io.kube4j.apiserver.json.KubeJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * One path in a managed-fields set: a list of {@code FieldsV1} path elements, each
 * {@code f:<field>} (a map or struct member), {@code k:<json>} (a list-map element by its key
 * fields), {@code v:<json>} (a set element by value) or {@code i:<n>} (a list element by index).
 * The empty path is the object itself. Immutable value; ordered as upstream serialises sets
 * (fields, then keys, then values, then indices; each by text).
 */
public record FieldPath(List<String> elements) implements Comparable<FieldPath> {

    public static final FieldPath ROOT = new FieldPath(List.of());

    public FieldPath {
        elements = List.copyOf(elements);
    }

    /** This path with one more element. */
    public FieldPath child(String element) {
        List<String> e = new ArrayList<>(elements);
        e.add(element);
        return new FieldPath(e);
    }

    /** This path with {@code f:<name>} appended. */
    public FieldPath field(String name) {
        return child("f:" + name);
    }

    /** The path without its last element. */
    public FieldPath parent() {
        return new FieldPath(elements.subList(0, elements.size() - 1));
    }

    public boolean isRoot() {
        return elements.isEmpty();
    }

    /** Whether {@code other} lies strictly below this path. */
    public boolean isAncestorOf(FieldPath other) {
        return other.elements.size() > elements.size() && other.elements.subList(0, elements.size()).equals(elements);
    }

    /** Compares path elements as upstream orders them. */
    static int compareElements(String a, String b) {
        int byKind = Integer.compare(kindRank(a.charAt(0)), kindRank(b.charAt(0)));
        return byKind != 0 ? byKind : a.compareTo(b);
    }

    private static int kindRank(char kind) {
        return switch (kind) {
            case 'f' -> 0;
            case 'k' -> 1;
            case 'v' -> 2;
            case 'i' -> 3;
            default -> -1;
        };
    }

    @Override
    public int compareTo(FieldPath o) {
        int n = Math.min(elements.size(), o.elements.size());
        for (int i = 0; i < n; i++) {
            int c = compareElements(elements.get(i), o.elements.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(elements.size(), o.elements.size());
    }

    /**
     * The path as upstream prints it in conflict messages:
     * {@code .spec.template.spec.containers[name="nginx"].image}, {@code .metadata.finalizers[="x"]}.
     */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        for (String e : elements) {
            String body = e.substring(2);
            switch (e.charAt(0)) {
                case 'f' -> s.append('.').append(body);
                case 'k' -> {
                    JsonNode keys = KubeJson.json().readTree(body);
                    List<String> parts = new ArrayList<>();
                    for (Map.Entry<String, JsonNode> k : keys.properties()) {
                        parts.add(k.getKey() + "=" + k.getValue());
                    }
                    s.append('[').append(String.join(",", parts)).append(']');
                }
                case 'v' -> s.append("[=").append(body).append(']');
                default -> s.append('[').append(body).append(']');
            }
        }
        return s.toString();
    }
}
