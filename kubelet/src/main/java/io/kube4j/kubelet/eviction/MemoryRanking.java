package io.kube4j.kubelet.eviction;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Upstream's rankMemoryPressure: pods in eviction order, first those whose memory use exceeds their
 * requests (pods without usage figures count as exceeding: they rank first), then lower priority
 * first, then the larger use above requests first. Stateless.
 */
public final class MemoryRanking {

    private MemoryRanking() {}

    /** The pods in the order they are to be evicted (a new list). */
    public static List<Pod> rank(List<Pod> pods, Function<Pod, Optional<PodUsage>> usage) {
        record Ranked(Pod pod, boolean known, boolean exceeds, int priority, long aboveRequest) {}
        List<Ranked> ranked = new ArrayList<>();
        for (Pod p : pods) {
            Optional<PodUsage> u = usage.apply(p);
            long request = PodRequests.memory(p);
            long used = u.map(PodUsage::workingSet).orElse(0L);
            ranked.add(new Ranked(p, u.isPresent(), u.isEmpty() || used > request, PodRequests.priority(p), used - request));
        }
        ranked.sort(Comparator.comparing((Ranked r) -> r.known())       // no figures first
                .thenComparing(r -> !r.exceeds())                       // exceeding requests first
                .thenComparingInt(Ranked::priority)                     // lower priority first
                .thenComparing(Ranked::aboveRequest, Comparator.reverseOrder()));
        return ranked.stream().map(Ranked::pod).toList();
    }

    /** The per-pod figures as a lookup function. */
    public static Function<Pod, Optional<PodUsage>> lookup(Map<String, PodUsage> byUid) {
        return p -> Optional.ofNullable(byUid.get(p.getMetadata().getUid()));
    }
}
