package io.kube4j.kubelet.pod;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.kube4j.kubelet.config.ContainerConfigException;
import io.kube4j.kubelet.config.RuntimeConfigs;
import io.kube4j.kubelet.events.KubeletEvents;
import io.kube4j.kubelet.probe.ProbeManager;
import io.kube4j.kubelet.probe.RunningContainer;
import io.kube4j.kubelet.volume.PodVolumes;
import io.kube4j.kubelet.volume.VolumeException;
import io.kube4j.kubelet.volume.VolumeManager;
import io.kube4j.runtime.ContainerConfig;
import io.kube4j.runtime.SandboxConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** Trivial fakes of the kubelet's other parts, for the lifecycle's tests. */
final class Fakes {

    private Fakes() {}

    /** Configs straight from the pod; a container named in {@link #missing} fails as a missing ConfigMap would. */
    static final class Configs implements RuntimeConfigs {
        final Set<String> missing = ConcurrentHashMap.newKeySet();

        @Override
        public SandboxConfig sandbox(Pod pod, int attempt) {
            var m = pod.getMetadata();
            return new SandboxConfig(m.getName(), m.getNamespace(), m.getUid(), attempt, m.getName(),
                    Path.of("/tmp/pods", m.getNamespace() + "_" + m.getName() + "_" + m.getUid()), null, List.of(), List.of(),
                    false, false, false, false, "/kubepods/pod" + m.getUid(), Map.of(), Map.of(), Map.of());
        }

        @Override
        public ContainerConfig container(Pod pod, Container c, int restartCount, PodVolumes volumes, List<String> podIps)
                throws ContainerConfigException {
            if (missing.contains(c.getName())) {
                throw new ContainerConfigException("configmap \"app-config\" not found");
            }
            return new ContainerConfig(c.getName(), restartCount, c.getImage(),
                    c.getCommand() == null ? List.of() : c.getCommand(), c.getArgs() == null ? List.of() : c.getArgs(), "",
                    List.of(), List.of(), c.getName() + "/" + restartCount + ".log", false, false, false,
                    ContainerConfig.Resources.NONE, ContainerConfig.Security.DEFAULT, Map.of(), Map.of());
        }
    }

    /** Volumes that are always there, unless {@link #failures} is above zero (each setUp then fails once). */
    static final class Volumes implements VolumeManager {
        final AtomicInteger failures = new AtomicInteger();
        final List<String> tornDown = new CopyOnWriteArrayList<>();

        @Override
        public PodVolumes setUp(Pod pod) throws VolumeException {
            if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new VolumeException("config", "MountVolume.SetUp failed for volume \"config\" : configmap \"app\" not found");
            }
            return new PodVolumes(pod.getMetadata().getUid(), Map.of());
        }

        @Override
        public void tearDown(String podUid) {
            tornDown.add(podUid);
        }
    }

    /** Probes whose results the test sets: containers in {@link #unready} are not ready, those in {@link #mustRestart} fail liveness. */
    static final class Probes implements ProbeManager {
        final Set<String> unready = ConcurrentHashMap.newKeySet();
        final Set<String> mustRestart = ConcurrentHashMap.newKeySet();
        final Set<String> removed = ConcurrentHashMap.newKeySet();
        final Map<String, Map<String, RunningContainer>> running = new ConcurrentHashMap<>();
        final Consumer<String> listener;

        Probes(Consumer<String> listener) {
            this.listener = listener;
        }

        @Override
        public void update(Pod pod, Map<String, RunningContainer> containers, String podIp) {
            running.put(pod.getMetadata().getUid(), Map.copyOf(containers));
        }

        @Override
        public void remove(String podUid) {
            removed.add(podUid);
        }

        @Override
        public boolean ready(String podUid, String containerName, String containerId) {
            return !unready.contains(containerName);
        }

        @Override
        public boolean started(String podUid, String containerName, String containerId) {
            return true;
        }

        @Override
        public boolean mustRestart(String podUid, String containerName, String containerId) {
            return mustRestart.remove(containerName + "/" + containerId);
        }

        @Override
        public void close() {}
    }

    /** Events kept in order. */
    static final class Events implements KubeletEvents {
        record Recorded(String uid, String fieldPath, String type, String reason, String message) {}

        final List<Recorded> all = new CopyOnWriteArrayList<>();

        @Override
        public void pod(Pod pod, String fieldPath, String type, String reason, String message) {
            all.add(new Recorded(pod.getMetadata().getUid(), fieldPath, type, reason, message));
        }

        List<String> reasons() {
            return all.stream().map(Recorded::reason).toList();
        }
    }
}
