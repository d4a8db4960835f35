package io.kube4j.apiserver.table;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.kube4j.apiserver.fields.LabelSelector;
import io.kube4j.apiserver.registry.TableConvertor.Column;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The column definitions and cell renderings the built-in tables share, each as upstream's
 * printers render it: ages, container lists, label maps and label selectors. Stateless,
 * thread-safe.
 */
final class Cells {

    static final Column NAME = new Column("Name", "string", "name",
            "Name must be unique within a namespace; it identifies the object.", 0);
    static final Column AGE = Column.of("Age", "string", "Time since the object was created.");
    static final Column CONTAINERS = Column.wide("Containers", "string", "Names of each container in the template.");
    static final Column IMAGES = Column.wide("Images", "string", "Images referenced by each container in the template.");
    static final Column SELECTOR = Column.wide("Selector", "string", "The label query over the pods this selects.");

    private Cells() {
    }

    /** The object's name, empty when unset. */
    static String name(HasMetadata o) {
        return o.getMetadata() == null || o.getMetadata().getName() == null ? "" : o.getMetadata().getName();
    }

    /** Time since creation, as {@code kubectl get} prints it. */
    static String age(HasMetadata o, Instant now) {
        return since(o.getMetadata() == null ? null : o.getMetadata().getCreationTimestamp(), now);
    }

    /** Time since {@code timestamp} (RFC 3339), or {@code <unknown>} for none. */
    static String since(String timestamp, Instant now) {
        Instant t = instant(timestamp);
        return t == null ? "<unknown>" : HumanDuration.format(Duration.between(t, now));
    }

    /** The instant of an RFC 3339 timestamp, or null when absent or unreadable. */
    static Instant instant(String timestamp) {
        if (timestamp == null || timestamp.isEmpty()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(timestamp).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** Null-safe string: Go's zero value for an unset string. */
    static String str(String s) {
        return s == null ? "" : s;
    }

    /** {@code <none>} for an empty or null string. */
    static String orNone(String s) {
        return s == null || s.isEmpty() ? "<none>" : s;
    }

    /** Null-safe integer cell, as the int64 upstream sends. */
    static long num(Integer i) {
        return i == null ? 0L : i.longValue();
    }

    /** Containers' names and images, each comma-joined in order. */
    record ContainerCells(String names, String images) {
    }

    static ContainerCells containers(List<Container> containers) {
        List<Container> cs = containers == null ? List.of() : containers;
        return new ContainerCells(cs.stream().map(c -> str(c.getName())).collect(Collectors.joining(",")),
                cs.stream().map(c -> str(c.getImage())).collect(Collectors.joining(",")));
    }

    /** A label map as {@code a=b,c=d}, keys sorted; {@code <none>} when empty. */
    static String labels(Map<String, String> labels) {
        if (labels == null || labels.isEmpty()) {
            return "<none>";
        }
        return new TreeMap<>(labels).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(","));
    }

    /** Upstream's {@code FormatLabelSelector}: {@code <none>} when empty, {@code <error>} when malformed. */
    static String selector(io.fabric8.kubernetes.api.model.LabelSelector selector) {
        String s = selectorString(selector);
        return s == null ? "<error>" : s.isEmpty() ? "<none>" : s;
    }

    /**
     * The selector as upstream's label selector text ({@code app=web,tier in (a,b)}), empty for
     * none, or null when an operator is unknown.
     */
    static String selectorString(io.fabric8.kubernetes.api.model.LabelSelector selector) {
        if (selector == null) {
            return "";
        }
        List<LabelSelector.Requirement> rs = new ArrayList<>();
        if (selector.getMatchLabels() != null) {
            selector.getMatchLabels().forEach((k, v) ->
                    rs.add(new LabelSelector.Requirement(k, LabelSelector.Operator.EQUALS, List.of(str(v)))));
        }
        if (selector.getMatchExpressions() != null) {
            for (LabelSelectorRequirement e : selector.getMatchExpressions()) {
                LabelSelector.Operator op = switch (str(e.getOperator())) {
                    case "In" -> LabelSelector.Operator.IN;
                    case "NotIn" -> LabelSelector.Operator.NOT_IN;
                    case "Exists" -> LabelSelector.Operator.EXISTS;
                    case "DoesNotExist" -> LabelSelector.Operator.DOES_NOT_EXIST;
                    default -> null;
                };
                if (op == null) {
                    return null;
                }
                rs.add(new LabelSelector.Requirement(str(e.getKey()), op,
                        e.getValues() == null ? List.of() : e.getValues()));
            }
        }
        return LabelSelector.of(rs).toString();
    }
}
