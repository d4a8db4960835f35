package io.kube4j.kubelet.eviction;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Upstream's rankDiskPressureFunc (and rankPIDPressure): pods in eviction order, first those whose
 * use of the resource ("ephemeral-storage" bytes or "inodes") exceeds their requests (pods without
 * figures count first), then lower priority first, then the larger use above the
 * ephemeral-storage request first. The use is the pod's containers' writable layers and logs plus
 * its emptyDirs. Stateless.
 */
public final class DiskRanking {

    private DiskRanking() {}

    /** The pods in eviction order for a disk signal of {@code resource}, measuring all of each pod's use (a new list). */
    public static List<Pod> rank(List<Pod> pods, Map<String, PodStorage> usage, String resource) {
        return rank(pods, usage, resource, PodStorage.Part.ALL);
    }

    /**
     * What a signal's ranking measures, as upstream's: everything when images share the nodefs;
     * with a dedicated imagefs, logs and volumes for nodefs signals and writable layers for imagefs ones.
     */
    public static PodStorage.Part measured(Signal signal, boolean dedicatedImageFs) {
        if (!dedicatedImageFs) {
            return PodStorage.Part.ALL;
        }
        return signal == Signal.IMAGEFS_AVAILABLE ? PodStorage.Part.ROOTFS : PodStorage.Part.LOGS_AND_VOLUMES;
    }

    /** The pods in eviction order for a disk signal of {@code resource}, measuring {@code part} of each pod's use (a new list). */
    public static List<Pod> rank(List<Pod> pods, Map<String, PodStorage> usage, String resource, PodStorage.Part part) {
        record Ranked(Pod pod, boolean known, boolean exceeds, int priority, long aboveRequest) {}
        List<Ranked> ranked = new ArrayList<>();
        for (Pod p : pods) {
            PodStorage u = usage.get(p.getMetadata().getUid());
            long used = u == null ? 0 : u.of(part).of(resource);
            boolean exceeds = u == null || used > PodRequests.request(p, resource);
            // upstream subtracts the ephemeral-storage request for either resource
            ranked.add(new Ranked(p, u != null, exceeds, PodRequests.priority(p), used - PodRequests.request(p, "ephemeral-storage")));
        }
        ranked.sort(Comparator.comparing((Ranked r) -> r.known())
                .thenComparing(r -> !r.exceeds())
                .thenComparingInt(Ranked::priority)
                .thenComparing(Ranked::aboveRequest, Comparator.reverseOrder()));
        return ranked.stream().map(Ranked::pod).toList();
    }

    /** Upstream's rankPIDPressure: lower priority first, in the given order otherwise. */
    public static List<Pod> rankByPriority(List<Pod> pods) {
        List<Pod> out = new ArrayList<>(pods);
        out.sort(Comparator.comparingInt(PodRequests::priority));
        return out;
    }
}
