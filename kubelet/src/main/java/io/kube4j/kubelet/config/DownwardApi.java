package io.kube4j.kubelet.config;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceFieldSelector;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.TreeMap;

/**
 * The downward API's values (upstream's fieldpath.ExtractFieldPathAsString and
 * resource.ExtractContainerResourceValue), shared by env and the downwardAPI volume. Stateless.
 */
public final class DownwardApi {

    private DownwardApi() {}

    /**
     * A pod metadata field: metadata.name, .namespace, .uid, .labels, .annotations (as sorted
     * {@code key="value"} lines) and .labels['k'] / .annotations['k'] (empty when absent).
     *
     * @throws IllegalArgumentException {@code unsupported fieldPath: PATH}
     */
    public static String metadataField(Pod pod, String path) {
        var meta = pod.getMetadata();
        String subscript = null;
        String base = path;
        int open = path.indexOf("['");
        if (open > 0 && path.endsWith("']")) {
            base = path.substring(0, open);
            subscript = path.substring(open + 2, path.length() - 2);
        }
        Map<String, String> labels = meta.getLabels() == null ? Map.of() : meta.getLabels();
        Map<String, String> annotations = meta.getAnnotations() == null ? Map.of() : meta.getAnnotations();
        if (subscript != null) {
            return switch (base) {
                case "metadata.labels" -> labels.getOrDefault(subscript, "");
                case "metadata.annotations" -> annotations.getOrDefault(subscript, "");
                default -> throw new IllegalArgumentException("unsupported fieldPath: " + path);
            };
        }
        return switch (path) {
            case "metadata.name" -> nz(meta.getName());
            case "metadata.namespace" -> nz(meta.getNamespace());
            case "metadata.uid" -> nz(meta.getUid());
            case "metadata.labels" -> formatMap(labels);
            case "metadata.annotations" -> formatMap(annotations);
            default -> throw new IllegalArgumentException("unsupported fieldPath: " + path);
        };
    }

    /** Sorted {@code key="value"} lines (values quoted as Go's %q), no trailing newline. */
    public static String formatMap(Map<String, String> map) {
        StringBuilder out = new StringBuilder();
        for (var e : new TreeMap<>(map).entrySet()) {
            if (!out.isEmpty()) {
                out.append('\n');
            }
            out.append(e.getKey()).append('=').append(quote(e.getValue()));
        }
        return out.toString();
    }

    /**
     * A container's resource value (limits/requests of cpu, memory, ephemeral-storage) divided by
     * the divisor (default 1) and rounded up; a limit the container does not set is the node's
     * allocatable amount, as upstream.
     *
     * @throws IllegalArgumentException {@code unsupported container resource : NAME}
     */
    public static String resourceValue(ResourceFieldSelector selector, Container container, Map<String, Quantity> allocatable) {
        String resource = selector.getResource();
        Quantity divisor = selector.getDivisor();
        BigDecimal div = divisor == null || divisor.getNumericalAmount().signum() == 0 ? BigDecimal.ONE : divisor.getNumericalAmount();
        String[] parts = resource.split("\\.", 2);
        if (parts.length != 2 || !(parts[0].equals("limits") || parts[0].equals("requests"))
                || !(parts[1].equals("cpu") || parts[1].equals("memory") || parts[1].equals("ephemeral-storage"))) {
            throw new IllegalArgumentException("unsupported container resource : " + resource);
        }
        Quantity q;
        if (parts[0].equals("limits")) {
            q = Quantities.limits(container).get(parts[1]);
            if (q == null) {
                q = allocatable.get(parts[1]);
            }
        } else {
            q = Quantities.requests(container).get(parts[1]);
        }
        BigDecimal amount = q == null ? BigDecimal.ZERO : q.getNumericalAmount();
        if (parts[1].equals("cpu")) {
            // upstream: ceil(milliValue(cpu) / milliValue(divisor))
            BigDecimal milli = amount.movePointRight(3).setScale(0, RoundingMode.CEILING);
            BigDecimal divMilli = div.movePointRight(3).setScale(0, RoundingMode.CEILING);
            return milli.divide(divMilli, 0, RoundingMode.CEILING).toPlainString();
        }
        BigDecimal value = amount.setScale(0, RoundingMode.CEILING);
        BigDecimal divValue = div.setScale(0, RoundingMode.CEILING);
        return value.divide(divValue, 0, RoundingMode.CEILING).toPlainString();
    }

    /** Go's strconv.Quote for the characters that matter in labels and annotations. */
    static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\x%02x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
