package io.kube4j.kubelet.eviction;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.kube4j.kubelet.node.Quantities;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Upstream's local storage capacity isolation (the eviction manager's localStorageEviction), in
 * its order: a disk-backed emptyDir above its positive {@code sizeLimit}; the pod's whole ephemeral
 * storage above the sum of its containers' {@code ephemeral-storage} limits; one container's
 * writable layer plus logs above its own limit. Each is evicted at once (grace 1 s) with
 * upstream's message. Stateless.
 */
public final class LocalStorageLimits {

    private LocalStorageLimits() {}

    /** Whether the pod has anything these rules check (only such pods need measuring when the node is not under disk pressure). */
    public static boolean limited(Pod pod) {
        for (Volume v : volumes(pod)) {
            if (v.getEmptyDir() != null && v.getEmptyDir().getSizeLimit() != null && !"Memory".equals(v.getEmptyDir().getMedium())) {
                return true;
            }
        }
        return PodRequests.limit(pod, "ephemeral-storage").isPresent();
    }

    /** The eviction the pod's usage calls for, if any (images on the nodefs). */
    public static Optional<Eviction> violation(Pod pod, PodStorage usage) {
        return violation(pod, usage, false);
    }

    /**
     * The eviction the pod's usage calls for, if any.
     *
     * @param dedicatedImageFs writable layers are on an imagefs of their own: a container's limit then counts its logs only (upstream's)
     */
    public static Optional<Eviction> violation(Pod pod, PodStorage usage, boolean dedicatedImageFs) {
        for (Volume v : volumes(pod)) {
            if (v.getEmptyDir() == null || "Memory".equals(v.getEmptyDir().getMedium())) {
                continue;
            }
            Quantity size = v.getEmptyDir().getSizeLimit();
            DiskUsage used = usage.emptyDirs().get(v.getName());
            if (size != null && used != null && Quantities.value(size) > 0 && used.bytes() > Quantities.value(size)) {
                return Optional.of(eviction("Usage of EmptyDir volume \"" + v.getName() + "\" exceeds the limit \""
                        + QuantityText.canonical(size) + "\". "));
            }
        }
        Optional<Long> podLimit = PodRequests.limit(pod, "ephemeral-storage");
        if (podLimit.isPresent() && usage.total().bytes() > podLimit.get()) {
            return Optional.of(eviction("Pod ephemeral local storage usage exceeds the total limit of containers "
                    + QuantityText.canonical(podLimit.get(), firstLimitFormat(pod)) + ". "));
        }
        for (Container c : pod.getSpec().getContainers() == null ? List.<Container>of() : pod.getSpec().getContainers()) {
            Quantity limit = PodRequests.limitOf(c, "ephemeral-storage");
            if (limit == null || Quantities.value(limit) == 0) {
                continue;
            }
            long used = dedicatedImageFs ? usage.containerLogs().getOrDefault(c.getName(), DiskUsage.ZERO).bytes()
                    : usage.container(c.getName()).bytes();
            if (used > Quantities.value(limit)) {
                return Optional.of(eviction("Container " + c.getName() + " exceeded its local ephemeral storage limit \""
                        + QuantityText.canonical(limit) + "\". "));
            }
        }
        return Optional.empty();
    }

    /** The suffix the pod's first ephemeral-storage limit is written with (upstream's sum keeps its first term's format). */
    private static String firstLimitFormat(Pod pod) {
        List<Container> all = new java.util.ArrayList<>(pod.getSpec().getContainers() == null ? List.of() : pod.getSpec().getContainers());
        all.addAll(pod.getSpec().getInitContainers() == null ? List.of() : pod.getSpec().getInitContainers());
        return all.stream().map(c -> PodRequests.limitOf(c, "ephemeral-storage")).filter(java.util.Objects::nonNull)
                .map(Quantity::getFormat).findFirst().orElse("");
    }

    private static Eviction eviction(String message) {
        return new Eviction(Eviction.REASON, message, Map.of(), 1, false); // upstream sets no condition for these
    }

    private static List<Volume> volumes(Pod pod) {
        return pod.getSpec().getVolumes() == null ? List.of() : pod.getSpec().getVolumes();
    }
}
