package io.kube4j.kubelet.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.kube4j.runtime.ContainerState;
import io.kube4j.runtime.ContainerStatus;
import io.kube4j.runtime.RuntimeLabels;
import io.kube4j.runtime.SandboxConfig;
import io.kube4j.runtime.SandboxStatus;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** generateAPIPodStatus: phase, conditions, container states, from runtime views. */
class PodStatusGeneratorTest {

    private static final String UID = "u1";
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final List<SandboxStatus> sandboxes = new ArrayList<>();
    private final List<ContainerStatus> containers = new ArrayList<>();
    private int tick;
    private final Set<String> unready = new java.util.HashSet<>();

    private Pod pod(String policy, List<String> inits, List<String> apps) {
        return new PodBuilder()
                .withNewMetadata().withName("web").withNamespace("default").withUid(UID).endMetadata()
                .withNewSpec().withRestartPolicy(policy)
                .withInitContainers(inits.stream().map(n -> new ContainerBuilder().withName(n).withImage("busybox").build()).toList())
                .withContainers(apps.stream().map(n -> new ContainerBuilder().withName(n).withImage("busybox").build()).toList())
                .endSpec()
                .withNewStatus().withPhase("Pending").withQosClass("BestEffort")
                .withConditions(new PodConditionBuilder().withType("PodScheduled").withStatus("True").build())
                .endStatus()
                .build();
    }

    private void sandbox(boolean ready) {
        SandboxConfig config = new SandboxConfig("web", "default", UID, 0, "web", Path.of("/tmp"), null, List.of(), List.of(),
                false, false, false, false, "", Map.of(), Map.of(RuntimeLabels.POD_UID, UID), Map.of());
        sandboxes.add(new SandboxStatus("s1", config, ready ? SandboxStatus.State.READY : SandboxStatus.State.NOT_READY, T0,
                List.of("10.88.0.7"), null));
    }

    private void instance(String id, String name, int restarts, ContainerState state) {
        containers.add(new ContainerStatus(id, "s1", name, restarts, "busybox", "sha256:img", state, Path.of("/nonexistent"),
                Map.of(RuntimeLabels.POD_UID, UID, RuntimeLabels.CONTAINER_NAME, name),
                Map.of(RuntimeLabels.CONTAINER_RESTART_COUNT, Integer.toString(restarts))));
    }

    private ContainerState.Running running() {
        Instant at = T0.plusSeconds(++tick);
        return new ContainerState.Running(at, at, 1);
    }

    private ContainerState.Exited exited(int code) {
        Instant at = T0.plusSeconds(++tick);
        return new ContainerState.Exited(at, at, at.plusMillis(500), code, code == 0 ? "Completed" : "Error", "");
    }

    private PodStatus generate(Pod pod, Map<String, ContainerWaiting> waiting) {
        StatusInputs.Probes probes = new StatusInputs.Probes() {
            @Override
            public boolean ready(String name, String id) {
                return !unready.contains(name);
            }

            @Override
            public boolean started(String name, String id) {
                return true;
            }
        };
        return PodStatusGenerator.generate(new StatusInputs(pod, new RuntimePod(UID, sandboxes, containers), waiting, probes,
                List.of("192.168.1.10"), "fake", null, T0.plusSeconds(100)));
    }

    private static String condition(PodStatus s, String type) {
        return s.getConditions().stream().filter(c -> c.getType().equals(type)).map(PodCondition::getStatus).findFirst().orElse(null);
    }

    @Test
    void runningAndReady() {
        sandbox(true);
        instance("c1", "app", 0, running());
        PodStatus s = generate(pod("Always", List.of(), List.of("app")), Map.of());
        assertThat(s.getPhase()).isEqualTo("Running");
        assertThat(s.getPodIP()).isEqualTo("10.88.0.7");
        assertThat(s.getHostIP()).isEqualTo("192.168.1.10");
        assertThat(s.getQosClass()).isEqualTo("BestEffort");
        assertThat(s.getStartTime()).isEqualTo("2026-01-01T00:01:40Z");
        assertThat(condition(s, "PodScheduled")).isEqualTo("True");
        assertThat(condition(s, "PodReadyToStartContainers")).isEqualTo("True");
        assertThat(condition(s, "Initialized")).isEqualTo("True");
        assertThat(condition(s, "ContainersReady")).isEqualTo("True");
        assertThat(condition(s, "Ready")).isEqualTo("True");
        var cs = s.getContainerStatuses().getFirst();
        assertThat(cs.getState().getRunning().getStartedAt()).isEqualTo("2026-01-01T00:00:01Z");
        assertThat(cs.getContainerID()).isEqualTo("fake://c1");
        assertThat(cs.getReady()).isTrue();
        assertThat(cs.getStarted()).isTrue();
        assertThat(cs.getImageID()).isEqualTo("sha256:img");
    }

    @Test
    void unreadyContainerMakesThePodNotReadyWithUpstreamsMessage() {
        sandbox(true);
        instance("c1", "app", 0, running());
        instance("c2", "side", 0, running());
        unready.add("side");
        PodStatus s = generate(pod("Always", List.of(), List.of("app", "side")), Map.of());
        PodCondition ready = s.getConditions().stream().filter(c -> c.getType().equals("Ready")).findFirst().orElseThrow();
        assertThat(ready.getStatus()).isEqualTo("False");
        assertThat(ready.getReason()).isEqualTo("ContainersNotReady");
        assertThat(ready.getMessage()).isEqualTo("containers with unready status: [side]");
    }

    @Test
    void crashLoopShowsWaitingWithTheLastTermination() {
        sandbox(true);
        instance("c1", "app", 0, exited(1));
        instance("c2", "app", 1, exited(2));
        PodStatus s = generate(pod("Always", List.of(), List.of("app")),
                Map.of("app", new ContainerWaiting("CrashLoopBackOff", "back-off 10s restarting failed container=app pod=web_default(u1)")));
        var cs = s.getContainerStatuses().getFirst();
        assertThat(s.getPhase()).isEqualTo("Running");
        assertThat(cs.getState().getWaiting().getReason()).isEqualTo("CrashLoopBackOff");
        assertThat(cs.getLastState().getTerminated().getExitCode()).isEqualTo(2);
        assertThat(cs.getLastState().getTerminated().getContainerID()).isEqualTo("fake://c2");
        assertThat(cs.getRestartCount()).isEqualTo(1);
        assertThat(cs.getReady()).isFalse();
    }

    @Test
    void initPendingKeepsAppsInPodInitializing() {
        sandbox(true);
        instance("c1", "init", 0, running());
        PodStatus s = generate(pod("Always", List.of("init"), List.of("app")), Map.of());
        assertThat(s.getPhase()).isEqualTo("Pending");
        assertThat(s.getInitContainerStatuses().getFirst().getState().getRunning()).isNotNull();
        assertThat(s.getContainerStatuses().getFirst().getState().getWaiting().getReason()).isEqualTo("PodInitializing");
        PodCondition init = s.getConditions().stream().filter(c -> c.getType().equals("Initialized")).findFirst().orElseThrow();
        assertThat(init.getStatus()).isEqualTo("False");
        assertThat(init.getReason()).isEqualTo("ContainersNotInitialized");
        assertThat(init.getMessage()).isEqualTo("containers with incomplete status: [init]");
    }

    @Test
    void neverPodEndsSucceededOrFailed() {
        sandbox(false);
        instance("c1", "a", 0, exited(0));
        instance("c2", "b", 0, exited(0));
        assertThat(generate(pod("Never", List.of(), List.of("a", "b")), Map.of()).getPhase()).isEqualTo("Succeeded");
        containers.clear();
        instance("c1", "a", 0, exited(0));
        instance("c2", "b", 0, exited(3));
        PodStatus failed = generate(pod("Never", List.of(), List.of("a", "b")), Map.of());
        assertThat(failed.getPhase()).isEqualTo("Failed");
        assertThat(failed.getContainerStatuses().get(1).getState().getTerminated().getExitCode()).isEqualTo(3);
        assertThat(failed.getContainerStatuses().get(1).getState().getTerminated().getReason()).isEqualTo("Error");
        PodCondition ready = failed.getConditions().stream().filter(c -> c.getType().equals("Ready")).findFirst().orElseThrow();
        assertThat(ready.getReason()).isEqualTo("PodCompleted");
        assertThat(failed.getPodIP()).as("kept from the API when the sandbox is gone").isNull();
    }

    @Test
    void failedInitContainerWithNeverFailsThePod() {
        sandbox(true);
        instance("c1", "init", 0, exited(1));
        assertThat(generate(pod("Never", List.of("init"), List.of("app")), Map.of()).getPhase()).isEqualTo("Failed");
    }

    @Test
    void pullErrorsShowAsWaiting() {
        sandbox(true);
        PodStatus s = generate(pod("Always", List.of(), List.of("app")), Map.of("app", new ContainerWaiting("ErrImagePull", "not found")));
        assertThat(s.getPhase()).isEqualTo("Pending");
        assertThat(s.getContainerStatuses().getFirst().getState().getWaiting().getReason()).isEqualTo("ErrImagePull");
        assertThat(s.getContainerStatuses().getFirst().getRestartCount()).isZero();
    }

    @Test
    void readinessGatesHoldReady() {
        sandbox(true);
        instance("c1", "app", 0, running());
        Pod pod = pod("Always", List.of(), List.of("app"));
        pod.getSpec().setReadinessGates(List.of(new io.fabric8.kubernetes.api.model.PodReadinessGate("example.com/lb")));
        PodCondition ready = generate(pod, Map.of()).getConditions().stream().filter(c -> c.getType().equals("Ready")).findFirst().orElseThrow();
        assertThat(ready.getStatus()).isEqualTo("False");
        assertThat(ready.getReason()).isEqualTo("ReadinessGatesNotReady");
        pod.getStatus().getConditions().add(new PodConditionBuilder().withType("example.com/lb").withStatus("True").build());
        assertThat(condition(generate(pod, Map.of()), "Ready")).isEqualTo("True");
    }

    @Test
    void terminalPhaseAndTerminatedContainersNeverGoBack() {
        sandbox(true);
        instance("c1", "app", 0, exited(0));
        PodStatus done = generate(pod("Never", List.of(), List.of("app")), Map.of());
        assertThat(done.getPhase()).isEqualTo("Succeeded");
        containers.clear();
        instance("c1", "app", 0, running()); // a bogus report of the same instance running again
        PodStatus bogus = generate(pod("Never", List.of(), List.of("app")), Map.of());
        PodStatus guarded = StatusMerge.guard(done, bogus);
        assertThat(guarded.getPhase()).isEqualTo("Succeeded");
        assertThat(guarded.getContainerStatuses().getFirst().getState().getTerminated()).isNotNull();
    }
}
