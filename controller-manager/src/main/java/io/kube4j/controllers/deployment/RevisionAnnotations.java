package io.kube4j.controllers.deployment;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The annotations a Deployment and its ReplicaSets carry (upstream's deployment_util): the
 * revision, the revision history of a ReplicaSet rolled back to, the desired and max replicas a
 * ReplicaSet was last sized for, and the Deployment's own annotations (e.g.
 * {@code kubernetes.io/change-cause}) copied to its new ReplicaSet for {@code kubectl rollout
 * history}. The setters modify the object passed in and say whether anything changed; the caller
 * owns that object. Stateless otherwise.
 */
final class RevisionAnnotations {

    static final String REVISION = "deployment.kubernetes.io/revision";
    static final String REVISION_HISTORY = "deployment.kubernetes.io/revision-history";
    static final String DESIRED_REPLICAS = "deployment.kubernetes.io/desired-replicas";
    static final String MAX_REPLICAS = "deployment.kubernetes.io/max-replicas";

    /** Longest revision-history annotation kept, as upstream's maxRevHistoryLengthInChars. */
    static final int MAX_HISTORY_CHARS = 2000;

    /** Deployment annotations that are not copied to ReplicaSets. */
    private static final Set<String> NOT_COPIED = Set.of("kubectl.kubernetes.io/last-applied-configuration",
            REVISION, REVISION_HISTORY, DESIRED_REPLICAS, MAX_REPLICAS, "deprecated.deployment.rollback.to");

    private RevisionAnnotations() {
    }

    /** The revision of {@code object}: 0 without the annotation, -1 when it is not a number. */
    static long revision(HasMetadata object) {
        String v = annotations(object).get(REVISION);
        if (v == null) {
            return 0;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The highest revision among {@code sets} (unparsable ones ignored), 0 for none. */
    static long maxRevision(List<ReplicaSet> sets) {
        return sets.stream().filter(Objects::nonNull).mapToLong(RevisionAnnotations::revision).max().orElse(0);
    }

    /** An integer annotation, or null when absent or not a number. */
    static Integer intAnnotation(HasMetadata object, String key) {
        String v = annotations(object).get(key);
        if (v == null) {
            return null;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * Brings a new ReplicaSet's annotations in line with its Deployment (upstream's
     * SetNewReplicaSetAnnotations): copies the Deployment's annotations, raises the revision to
     * {@code newRevision} (keeping the old one in the revision history when this ReplicaSet is
     * being rolled back to), and, for a ReplicaSet about to be created, the replicas annotations.
     */
    static boolean setNewReplicaSetAnnotations(Deployment d, ReplicaSet rs, String newRevision, boolean exists) {
        boolean changed = copyDeploymentAnnotations(d, rs);
        Map<String, String> a = mutableAnnotations(rs);
        String oldRevision = a.get(REVISION);
        long oldNumber;
        try {
            oldNumber = oldRevision == null || oldRevision.isEmpty() ? 0 : Long.parseLong(oldRevision);
        } catch (NumberFormatException e) {
            return false;
        }
        long newNumber = Long.parseLong(newRevision);
        if (oldNumber < newNumber) {
            a.put(REVISION, newRevision);
            changed = true;
            if (oldRevision != null) {
                recordHistory(a, oldRevision);
            }
        }
        if (!exists && setReplicasAnnotations(rs, RolloutMath.replicas(d), RolloutMath.replicas(d) + RolloutMath.maxSurge(d))) {
            changed = true;
        }
        return changed;
    }

    /** Sets desired-replicas and max-replicas; whether either changed. */
    static boolean setReplicasAnnotations(ReplicaSet rs, int desired, int max) {
        Map<String, String> a = mutableAnnotations(rs);
        boolean changed = false;
        if (!String.valueOf(desired).equals(a.get(DESIRED_REPLICAS))) {
            a.put(DESIRED_REPLICAS, String.valueOf(desired));
            changed = true;
        }
        if (!String.valueOf(max).equals(a.get(MAX_REPLICAS))) {
            a.put(MAX_REPLICAS, String.valueOf(max));
            changed = true;
        }
        return changed;
    }

    /** Whether desired-replicas or max-replicas differ from these values. */
    static boolean replicasAnnotationsNeedUpdate(ReplicaSet rs, int desired, int max) {
        Map<String, String> a = annotations(rs);
        return !String.valueOf(desired).equals(a.get(DESIRED_REPLICAS)) || !String.valueOf(max).equals(a.get(MAX_REPLICAS));
    }

    /** Whether the Deployment's revision annotation would change to {@code revision}. */
    static boolean revisionDiffers(Deployment d, String revision) {
        return !Objects.equals(annotations(d).get(REVISION), revision);
    }

    static Map<String, String> annotations(HasMetadata o) {
        Map<String, String> a = o.getMetadata().getAnnotations();
        return a == null ? Map.of() : a;
    }

    private static boolean copyDeploymentAnnotations(Deployment d, ReplicaSet rs) {
        boolean changed = false;
        Map<String, String> target = mutableAnnotations(rs);
        for (var e : annotations(d).entrySet()) {
            if (NOT_COPIED.contains(e.getKey()) || Objects.equals(target.get(e.getKey()), e.getValue())) {
                continue;
            }
            target.put(e.getKey(), e.getValue());
            changed = true;
        }
        return changed;
    }

    /** Appends {@code oldRevision} to the history, dropping the oldest entries beyond the length limit. */
    private static void recordHistory(Map<String, String> a, String oldRevision) {
        String history = a.getOrDefault(REVISION_HISTORY, "");
        if (history.isEmpty()) {
            a.put(REVISION_HISTORY, oldRevision);
            return;
        }
        List<String> entries = new ArrayList<>(Arrays.asList(history.split(",")));
        int total = history.length() + oldRevision.length() + 1;
        while (total > MAX_HISTORY_CHARS && !entries.isEmpty()) {
            total -= entries.removeFirst().length() + 1;
        }
        if (total <= MAX_HISTORY_CHARS) {
            entries.add(oldRevision);
            a.put(REVISION_HISTORY, String.join(",", entries));
        }
    }

    private static Map<String, String> mutableAnnotations(HasMetadata o) {
        Map<String, String> a = o.getMetadata().getAnnotations();
        if (a == null) {
            a = new HashMap<>();
            o.getMetadata().setAnnotations(a);
        } else if (!(a instanceof HashMap) && !(a instanceof java.util.LinkedHashMap)) {
            a = new HashMap<>(a);
            o.getMetadata().setAnnotations(a);
        }
        return a;
    }
}
