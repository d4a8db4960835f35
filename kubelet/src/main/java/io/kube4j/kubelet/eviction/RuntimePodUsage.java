package io.kube4j.kubelet.eviction;

import io.kube4j.runtime.ContainerRuntime;
import io.kube4j.runtime.ContainerState;
import io.kube4j.runtime.ContainerStats;
import io.kube4j.runtime.ContainerStatus;
import io.kube4j.runtime.RuntimeLabels;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Per-pod memory working sets from the runtime's container stats (running containers, by their pod UID label). Stateless. */
public final class RuntimePodUsage {

    private RuntimePodUsage() {}

    /** Pod UID → usage, for every pod with a running container whose stats the runtime gives. */
    public static Map<String, PodUsage> collect(ContainerRuntime runtime) {
        Map<String, Map<String, Long>> byPod = new HashMap<>();
        for (ContainerStatus c : runtime.listContainers()) {
            String uid = c.labels().get(RuntimeLabels.POD_UID);
            if (uid == null || !(c.state() instanceof ContainerState.Running)) {
                continue;
            }
            Optional<ContainerStats> stats;
            try {
                stats = runtime.stats(c.id());
            } catch (RuntimeException e) {
                continue;
            }
            String name = c.labels().getOrDefault(RuntimeLabels.CONTAINER_NAME, c.name());
            stats.ifPresent(s -> byPod.computeIfAbsent(uid, k -> new HashMap<>()).merge(name, s.memoryWorkingSetBytes(), Long::sum));
        }
        Map<String, PodUsage> out = new HashMap<>();
        byPod.forEach((uid, containers) -> out.put(uid, new PodUsage(containers)));
        return out;
    }
}
