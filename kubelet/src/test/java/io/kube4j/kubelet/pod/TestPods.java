package io.kube4j.kubelet.pod;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.kube4j.kubelet.status.RuntimePod;
import io.kube4j.runtime.ContainerState;
import io.kube4j.runtime.ContainerStatus;
import io.kube4j.runtime.RuntimeLabels;
import io.kube4j.runtime.SandboxConfig;
import io.kube4j.runtime.SandboxStatus;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Pods and runtime states for decision tests. */
final class TestPods {

    static final String UID = "uid-1";
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private TestPods() {}

    static Container container(String name) {
        return new ContainerBuilder().withName(name).withImage("busybox:1.36").withImagePullPolicy("IfNotPresent").build();
    }

    static Pod pod(String restartPolicy, List<String> inits, List<String> apps) {
        return new PodBuilder()
                .withNewMetadata().withName("web").withNamespace("default").withUid(UID).endMetadata()
                .withNewSpec()
                .withRestartPolicy(restartPolicy)
                .withInitContainers(inits.stream().map(TestPods::container).toList())
                .withContainers(apps.stream().map(TestPods::container).toList())
                .endSpec()
                .build();
    }

    /** Builds a runtime view: sandboxes and container instances with increasing creation times. */
    static final class View {
        private final List<SandboxStatus> sandboxes = new ArrayList<>();
        private final List<ContainerStatus> containers = new ArrayList<>();
        private int clock;

        View sandbox(String id, int attempt, boolean ready) {
            SandboxConfig config = new SandboxConfig("web", "default", UID, attempt, "web", Path.of("/tmp"), null, List.of(), List.of(),
                    false, false, false, false, "", Map.of(), Map.of(RuntimeLabels.POD_UID, UID), Map.of());
            sandboxes.add(new SandboxStatus(id, config, ready ? SandboxStatus.State.READY : SandboxStatus.State.NOT_READY,
                    T0.plusSeconds(clock++), List.of("10.88.0.5"), null));
            return this;
        }

        View running(String id, String sandbox, String name, int restartCount) {
            Instant at = T0.plusSeconds(clock++);
            return add(id, sandbox, name, restartCount, new ContainerState.Running(at, at, 1), null);
        }

        View exited(String id, String sandbox, String name, int restartCount, int code) {
            Instant at = T0.plusSeconds(clock++);
            return add(id, sandbox, name, restartCount,
                    new ContainerState.Exited(at, at, at.plusSeconds(1), code, code == 0 ? "Completed" : "Error", ""), null);
        }

        View add(String id, String sandbox, String name, int restartCount, ContainerState state, String hash) {
            Map<String, String> annotations = new HashMap<>();
            annotations.put(RuntimeLabels.CONTAINER_RESTART_COUNT, Integer.toString(restartCount));
            annotations.put(RuntimeLabels.CONTAINER_HASH, hash != null ? hash : ContainerHash.of(container(name)));
            containers.add(new ContainerStatus(id, sandbox, name, restartCount, "busybox:1.36", "sha256:abc", state,
                    Path.of("/nonexistent"), Map.of(RuntimeLabels.POD_UID, UID, RuntimeLabels.CONTAINER_NAME, name), annotations));
            return this;
        }

        RuntimePod build() {
            return new RuntimePod(UID, sandboxes, containers);
        }
    }
}
