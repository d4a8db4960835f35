package io.kube4j.apiserver.apply;

import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.StatusDetailsBuilder;
import io.kube4j.apiserver.errors.ApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The 409 an apply gets when it would change fields other managers own, worded as upstream:
 * {@code Apply failed with 1 conflict: conflict with "mgr" using apps/v1: .spec.replicas}, or for
 * several, one {@code conflicts with "mgr":} block per manager (sorted) listing {@code - <path>}
 * lines; one {@code FieldManagerConflict} cause per conflict. Stateless; thread-safe.
 */
final class ApplyConflicts {

    /** One field another manager owns and the apply would change. */
    record Conflict(ManagerEntry owner, FieldPath path) {
    }

    private ApplyConflicts() {
    }

    static ApiException.Conflict error(List<Conflict> conflicts) {
        List<StatusCause> causes = new ArrayList<>();
        for (Conflict c : conflicts) {
            causes.add(new StatusCause(c.path().toString(), "conflict with " + c.owner().printed(), "FieldManagerConflict"));
        }
        return new ApiException.Conflict(message(conflicts), new StatusDetailsBuilder().withCauses(causes).build());
    }

    static String message(List<Conflict> conflicts) {
        if (conflicts.size() == 1) {
            Conflict c = conflicts.getFirst();
            return "Apply failed with 1 conflict: conflict with " + c.owner().printed() + ": " + c.path();
        }
        Map<String, List<FieldPath>> byManager = new TreeMap<>();
        for (Conflict c : conflicts) {
            String key = c.owner().printed();
            byManager.computeIfAbsent(key, k -> new ArrayList<>()).add(c.path());
        }
        List<String> lines = new ArrayList<>();
        byManager.forEach((manager, paths) -> {
            lines.add("conflicts with " + manager + ":");
            paths.forEach(p -> lines.add("- " + p));
        });
        return "Apply failed with " + conflicts.size() + " conflicts: " + String.join("\n", lines);
    }
}
