package io.kube4j.apiserver.apply;

import java.util.Collections;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A set of field paths a manager owns, and its {@code FieldsV1} form: a tree of path elements in
 * which {@code {}} marks a member leaf and {@code ".": {}} marks a member that also has members
 * below it. Immutable; thread-safe.
 */
public record ManagedSet(Set<FieldPath> paths) {

    public static final ManagedSet EMPTY = new ManagedSet(Set.of());

    public ManagedSet {
        // A navigable view: copies between sets stay linear, and descendants are found by order.
        paths = Collections.unmodifiableNavigableSet(new TreeSet<>(paths));
    }

    public boolean isEmpty() {
        return paths.isEmpty();
    }

    public boolean contains(FieldPath p) {
        return paths.contains(p);
    }

    public ManagedSet union(ManagedSet o) {
        TreeSet<FieldPath> s = new TreeSet<>(paths);
        s.addAll(o.paths);
        return new ManagedSet(s);
    }

    public ManagedSet minus(ManagedSet o) {
        TreeSet<FieldPath> s = new TreeSet<>(paths);
        s.removeAll(o.paths);
        return new ManagedSet(s);
    }

    public ManagedSet intersect(ManagedSet o) {
        TreeSet<FieldPath> s = new TreeSet<>(paths);
        s.retainAll(o.paths);
        return new ManagedSet(s);
    }

    /**
     * Whether some member lies strictly below {@code p}. In path order a path's descendants come
     * right after it, so only the next member needs a look.
     */
    public boolean hasDescendant(FieldPath p) {
        FieldPath next = ((NavigableSet<FieldPath>) paths).higher(p);
        return next != null && p.isAncestorOf(next);
    }

    /** Reads a {@code FieldsV1} tree; a node that is not an object contributes nothing. */
    public static ManagedSet fromFieldsV1(JsonNode tree) {
        TreeSet<FieldPath> out = new TreeSet<>();
        read(tree, FieldPath.ROOT, out);
        return new ManagedSet(out);
    }

    private static void read(JsonNode node, FieldPath at, Set<FieldPath> out) {
        if (node == null || !node.isObject()) {
            return;
        }
        if (node.isEmpty() && !at.isRoot()) {
            out.add(at);
            return;
        }
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (e.getKey().equals(".")) {
                out.add(at);
            } else {
                read(e.getValue(), at.child(e.getKey()), out);
            }
        }
    }

    /** The {@code FieldsV1} tree of this set. */
    public ObjectNode toFieldsV1() {
        Node root = new Node();
        for (FieldPath p : paths) {
            Node n = root;
            for (String e : p.elements()) {
                n = n.children.computeIfAbsent(e, k -> new Node());
            }
            n.member = true;
        }
        return root.write();
    }

    private static final class Node {
        boolean member;
        final Map<String, Node> children = new TreeMap<>(FieldPath::compareElements);

        ObjectNode write() {
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            if (member && !children.isEmpty()) {
                o.putObject(".");
            }
            children.forEach((k, v) -> o.set(k, v.write()));
            return o;
        }
    }
}
