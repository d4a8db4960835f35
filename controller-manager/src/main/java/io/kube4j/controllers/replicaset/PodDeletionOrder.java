package io.kube4j.controllers.replicaset;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.kube4j.controllers.machinery.Pods;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which surplus pods a replica controller deletes first (upstream's getPodsToDelete with
 * ActivePodsWithRanks and logarithmic scale-down): unassigned before assigned; Pending before
 * Unknown before Running; not ready before ready; lower {@code controller.kubernetes.io/pod-deletion-cost}
 * first; more related pods on the same node first; ready for less time first and created more
 * recently first (both compared in log2 buckets of age, ties broken by UID); more container
 * restarts first. Stateless.
 */
final class PodDeletionOrder {

    static final String DELETION_COST = "controller.kubernetes.io/pod-deletion-cost";

    private record Ranked(Pod pod, int rank) {
    }

    private PodDeletionOrder() {
    }

    /**
     * The {@code count} pods of {@code candidates} to delete. {@code related} are the active and
     * inactive pods of the owner and its siblings (ReplicaSets under the same controller); a pod's
     * rank is how many active related pods share its node.
     */
    static List<Pod> select(List<Pod> candidates, List<Pod> related, int count, Instant now) {
        if (count >= candidates.size()) {
            return List.copyOf(candidates);
        }
        Map<String, Integer> onNode = new HashMap<>();
        for (Pod p : related) {
            if (Pods.active(p)) {
                onNode.merge(nodeName(p), 1, Integer::sum);
            }
        }
        return candidates.stream()
                .map(p -> new Ranked(p, onNode.getOrDefault(nodeName(p), 0)))
                .sorted(order(now))
                .limit(count)
                .map(Ranked::pod)
                .toList();
    }

    private static Comparator<Ranked> order(Instant now) {
        return (a, b) -> compare(a, b, now);
    }

    private static int compare(Ranked a, Ranked b, Instant now) {
        Pod x = a.pod();
        Pod y = b.pod();
        if (Pods.assigned(x) != Pods.assigned(y)) {
            return Pods.assigned(x) ? 1 : -1;
        }
        int phase = Integer.compare(phaseOrdinal(x), phaseOrdinal(y));
        if (phase != 0) {
            return phase;
        }
        if (Pods.ready(x) != Pods.ready(y)) {
            return Pods.ready(x) ? 1 : -1;
        }
        int cost = Integer.compare(deletionCost(x), deletionCost(y));
        if (cost != 0) {
            return cost;
        }
        if (a.rank() != b.rank()) {
            return a.rank() > b.rank() ? -1 : 1;
        }
        if (Pods.ready(x) && Pods.ready(y)) {
            Instant rx = readySince(x);
            Instant ry = readySince(y);
            if (!java.util.Objects.equals(rx, ry)) {
                int byAge = newerFirst(rx, ry, now, x, y);
                if (byAge != 0) {
                    return byAge;
                }
            }
        }
        int restarts = Integer.compare(maxRestarts(y), maxRestarts(x));
        if (restarts != 0) {
            return restarts;
        }
        Instant cx = created(x);
        Instant cy = created(y);
        if (!java.util.Objects.equals(cx, cy)) {
            return newerFirst(cx, cy, now, x, y);
        }
        return 0;
    }

    /**
     * Empty times first, then the more recent, compared by the log2 bucket of their age so that pods
     * of similar age are treated alike (ties by UID, for a stable but spread choice).
     */
    private static int newerFirst(Instant tx, Instant ty, Instant now, Pod x, Pod y) {
        if (tx == null || ty == null) {
            return tx == null && ty != null ? -1 : ty == null && tx != null ? 1 : 0;
        }
        long bucketDiff = bucket(tx, now) - bucket(ty, now);
        if (bucketDiff == 0) {
            return uid(x).compareTo(uid(y));
        }
        return bucketDiff < 0 ? -1 : 1;
    }

    private static long bucket(Instant t, Instant now) {
        long nanos = Duration.between(t, now).toNanos();
        return nanos <= 0 ? -1 : (long) Math.floor(Math.log(nanos) / Math.log(2));
    }

    private static int phaseOrdinal(Pod p) {
        return switch (Pods.phase(p)) {
            case "Pending" -> 0;
            case "Unknown" -> 1;
            case "Running" -> 2;
            default -> 3;
        };
    }

    private static int deletionCost(Pod p) {
        Map<String, String> annotations = p.getMetadata().getAnnotations();
        String v = annotations == null ? null : annotations.get(DELETION_COST);
        if (v == null) {
            return 0;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static Instant readySince(Pod p) {
        PodCondition c = Pods.condition(p, "Ready");
        return c == null || c.getLastTransitionTime() == null || c.getLastTransitionTime().isEmpty()
                ? null : Instant.parse(c.getLastTransitionTime());
    }

    private static Instant created(Pod p) {
        String t = p.getMetadata().getCreationTimestamp();
        return t == null || t.isEmpty() ? null : Instant.parse(t);
    }

    private static int maxRestarts(Pod p) {
        if (p.getStatus() == null || p.getStatus().getContainerStatuses() == null) {
            return 0;
        }
        return p.getStatus().getContainerStatuses().stream()
                .map(ContainerStatus::getRestartCount).mapToInt(r -> r == null ? 0 : r).max().orElse(0);
    }

    private static String nodeName(Pod p) {
        return p.getSpec() == null || p.getSpec().getNodeName() == null ? "" : p.getSpec().getNodeName();
    }

    private static String uid(Pod p) {
        return p.getMetadata().getUid() == null ? "" : p.getMetadata().getUid();
    }
}
