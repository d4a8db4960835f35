package io.kube4j.controllers.namespace;

import io.fabric8.kubernetes.api.model.NamespaceCondition;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The five deletion conditions upstream's namespace controller keeps on a terminating namespace
 * (discovery, group-version parsing, content deletion, content remaining, finalizers remaining),
 * each True with a failure reason or False with a success reason. A condition whose status, reason
 * and message did not change keeps its lastTransitionTime. Stateless.
 */
final class NamespaceConditions {

    static final String DISCOVERY_FAILURE = "NamespaceDeletionDiscoveryFailure";
    static final String PARSING_FAILURE = "NamespaceDeletionGroupVersionParsingFailure";
    static final String CONTENT_FAILURE = "NamespaceDeletionContentFailure";
    static final String CONTENT_REMAINING = "NamespaceContentRemaining";
    static final String FINALIZERS_REMAINING = "NamespaceFinalizersRemaining";
    private static final List<String> DELETION_TYPES = List.of(DISCOVERY_FAILURE, PARSING_FAILURE, CONTENT_FAILURE,
            CONTENT_REMAINING, FINALIZERS_REMAINING);

    private NamespaceConditions() {
    }

    /**
     * The namespace's conditions after a pass: {@code existing} ones of other types are kept, the
     * deletion ones rewritten from the failed group-versions and the content report.
     */
    static List<NamespaceCondition> after(List<NamespaceCondition> existing, Map<String, String> failedGroupVersions,
            ContentReport report, Instant now) {
        List<NamespaceCondition> wanted = List.of(
                failedGroupVersions.isEmpty()
                        ? condition(DISCOVERY_FAILURE, "False", "ResourcesDiscovered", "Every resource was discovered")
                        : condition(DISCOVERY_FAILURE, "True", "DiscoveryFailed", "Discovery failed for "
                                + failedGroupVersions.size() + " group versions: " + failedGroupVersions),
                condition(PARSING_FAILURE, "False", "ParsedGroupVersions", "Every group version was parsed"),
                report.failures().isEmpty()
                        ? condition(CONTENT_FAILURE, "False", "ContentDeleted",
                                "Every object was deleted; some may still be finalizing")
                        : condition(CONTENT_FAILURE, "True", "ContentDeletionFailed", "Deleting content failed for "
                                + report.failures().size() + " resources: " + String.join("; ", report.failures())),
                report.remaining().isEmpty()
                        ? condition(CONTENT_REMAINING, "False", "ContentRemoved", "The namespace holds no more content")
                        : condition(CONTENT_REMAINING, "True", "SomeResourcesRemain", "Content remains: "
                                + counts(report.remaining(), "%s: %d objects")),
                report.finalizers().isEmpty()
                        ? condition(FINALIZERS_REMAINING, "False", "ContentHasNoFinalizers", "No content is held by finalizers")
                        : condition(FINALIZERS_REMAINING, "True", "SomeFinalizersRemain",
                                "Content held by finalizers: "
                                        + counts(report.finalizers(), "%s on %d objects")));
        String time = DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.SECONDS));
        List<NamespaceCondition> result = new ArrayList<>();
        for (NamespaceCondition old : existing == null ? List.<NamespaceCondition>of() : existing) {
            if (!DELETION_TYPES.contains(old.getType())) {
                result.add(old);
            }
        }
        for (NamespaceCondition c : wanted) {
            NamespaceCondition old = find(existing, c.getType());
            boolean same = old != null && Objects.equals(old.getStatus(), c.getStatus())
                    && Objects.equals(old.getReason(), c.getReason()) && Objects.equals(old.getMessage(), c.getMessage());
            c.setLastTransitionTime(same ? old.getLastTransitionTime() : time);
            result.add(c);
        }
        return result;
    }

    /** The condition of {@code type}, or null. */
    static NamespaceCondition find(List<NamespaceCondition> conditions, String type) {
        if (conditions == null) {
            return null;
        }
        return conditions.stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
    }

    private static NamespaceCondition condition(String type, String status, String reason, String message) {
        NamespaceCondition c = new NamespaceCondition();
        c.setType(type);
        c.setStatus(status);
        c.setReason(reason);
        c.setMessage(message);
        return c;
    }

    private static String counts(Map<String, Integer> counts, String format) {
        return counts.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> String.format(format, e.getKey(), e.getValue())).collect(Collectors.joining(", "));
    }
}
