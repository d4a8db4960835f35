package io.kube4j.kubelet.pod;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.kube4j.kubelet.status.RuntimePod;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Upstream's computePodActions decisions, table-driven. */
class ComputePodActionsTest {

    private static final ComputePodActions.Liveness HEALTHY = (name, id) -> false;

    /** Expected: killPod, createSandbox, attempt, nextInit, toStart, names to kill. */
    record Expect(boolean killPod, boolean createSandbox, int attempt, String nextInit, List<String> start, List<String> kill) {}

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("new pod: sandbox, then every app container",
                        TestPods.pod("Always", List.of(), List.of("a", "b")), new TestPods.View(),
                        new Expect(false, true, 0, null, List.of("a", "b"), List.of())),
                Arguments.of("new pod with init containers: sandbox and the first init only",
                        TestPods.pod("Always", List.of("i1", "i2"), List.of("a")), new TestPods.View(),
                        new Expect(false, true, 0, "i1", List.of(), List.of())),
                Arguments.of("first init done: the second next",
                        TestPods.pod("Always", List.of("i1", "i2"), List.of("a")),
                        new TestPods.View().sandbox("s1", 0, true).exited("c1", "s1", "i1", 0, 0),
                        new Expect(false, false, 0, "i2", List.of(), List.of())),
                Arguments.of("init running: wait",
                        TestPods.pod("Always", List.of("i1"), List.of("a")),
                        new TestPods.View().sandbox("s1", 0, true).running("c1", "s1", "i1", 0),
                        new Expect(false, false, 0, null, List.of(), List.of())),
                Arguments.of("init failed, OnFailure: run it again",
                        TestPods.pod("OnFailure", List.of("i1"), List.of("a")),
                        new TestPods.View().sandbox("s1", 0, true).exited("c1", "s1", "i1", 0, 1),
                        new Expect(false, false, 0, "i1", List.of(), List.of())),
                Arguments.of("init failed, Never: the pod failed",
                        TestPods.pod("Never", List.of("i1"), List.of("a")),
                        new TestPods.View().sandbox("s1", 0, true).exited("c1", "s1", "i1", 0, 1),
                        new Expect(true, false, 0, null, List.of(), List.of())),
                Arguments.of("inits done: the app containers",
                        TestPods.pod("Always", List.of("i1"), List.of("a")),
                        new TestPods.View().sandbox("s1", 0, true).exited("c1", "s1", "i1", 0, 0),
                        new Expect(false, false, 0, null, List.of("a"), List.of())),
                Arguments.of("all running: nothing",
                        TestPods.pod("Always", List.of(), List.of("a")),
                        new TestPods.View().sandbox("s1", 0, true).running("c1", "s1", "a", 0),
                        new Expect(false, false, 0, null, List.of(), List.of())),
                Arguments.of("exited, Always: restart",
                        TestPods.pod("Always", List.of(), List.of("a")),
                        new TestPods.View().sandbox("s1", 0, true).exited("c1", "s1", "a", 0, 0),
                        new Expect(false, false, 0, null, List.of("a"), List.of())),
                Arguments.of("exited 0, OnFailure: done, the pod is killed (sandbox stopped)",
                        TestPods.pod("OnFailure", List.of(), List.of("a")),
                        new TestPods.View().sandbox("s1", 0, true).exited("c1", "s1", "a", 0, 0),
                        new Expect(true, false, 0, null, List.of(), List.of())),
                Arguments.of("exited 1, OnFailure: restart",
                        TestPods.pod("OnFailure", List.of(), List.of("a")),
                        new TestPods.View().sandbox("s1", 0, true).exited("c1", "s1", "a", 0, 1),
                        new Expect(false, false, 0, null, List.of("a"), List.of())),
                Arguments.of("one of two exited, Never: keep the other running, start nothing",
                        TestPods.pod("Never", List.of(), List.of("a", "b")),
                        new TestPods.View().sandbox("s1", 0, true).exited("c1", "s1", "a", 0, 1).running("c2", "s1", "b", 0),
                        new Expect(false, false, 0, null, List.of(), List.of())),
                Arguments.of("sandbox died, Always: kill, new sandbox attempt 1, start all",
                        TestPods.pod("Always", List.of(), List.of("a")),
                        new TestPods.View().sandbox("s1", 0, false).exited("c1", "s1", "a", 0, 137),
                        new Expect(true, true, 1, null, List.of("a"), List.of())),
                Arguments.of("sandbox stopped, Never and ran: nothing more",
                        TestPods.pod("Never", List.of(), List.of("a")),
                        new TestPods.View().sandbox("s1", 0, false).exited("c1", "s1", "a", 0, 0),
                        new Expect(false, false, 0, null, List.of(), List.of())),
                Arguments.of("sandbox stopped, OnFailure and all succeeded: nothing more",
                        TestPods.pod("OnFailure", List.of(), List.of("a")),
                        new TestPods.View().sandbox("s1", 0, false).exited("c1", "s1", "a", 0, 0),
                        new Expect(false, false, 0, null, List.of(), List.of())),
                Arguments.of("init done in an old sandbox: runs again in the new one",
                        TestPods.pod("Always", List.of("i1"), List.of("a")),
                        new TestPods.View().sandbox("s1", 0, false).exited("c1", "s1", "i1", 0, 0).sandbox("s2", 1, true),
                        new Expect(false, false, 0, "i1", List.of(), List.of())),
                Arguments.of("image changed: kill and restart",
                        TestPods.pod("Never", List.of(), List.of("a")),
                        new TestPods.View().sandbox("s1", 0, true).add("c1", "s1", "a", 0,
                                new io.kube4j.runtime.ContainerState.Running(TestPods.T0, TestPods.T0, 1), "0ld"),
                        new Expect(false, false, 0, null, List.of("a"), List.of("a"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decides(String name, Pod pod, TestPods.View view, Expect expect) {
        PodActions a = ComputePodActions.compute(pod, view.build(), HEALTHY);
        assertThat(a.killPod()).as("killPod").isEqualTo(expect.killPod());
        assertThat(a.createSandbox()).as("createSandbox").isEqualTo(expect.createSandbox());
        if (expect.createSandbox()) {
            assertThat(a.sandboxAttempt()).as("attempt").isEqualTo(expect.attempt());
        }
        assertThat(a.nextInit()).as("nextInit").isEqualTo(expect.nextInit());
        assertThat(a.containersToStart()).as("start").isEqualTo(expect.start());
        assertThat(a.containersToKill().stream().map(PodActions.Kill::name).toList()).as("kill").isEqualTo(expect.kill());
    }

    @Test
    void failedLivenessKillsWithUpstreamsMessageAndRestartsUnderThePolicy() {
        RuntimePod view = new TestPods.View().sandbox("s1", 0, true).running("c1", "s1", "a", 0).build();
        ComputePodActions.Liveness failing = (name, id) -> id.equals("c1");

        PodActions always = ComputePodActions.compute(TestPods.pod("Always", List.of(), List.of("a")), view, failing);
        assertThat(always.containersToKill()).containsExactly(
                new PodActions.Kill("c1", "a", "Container a failed liveness probe, will be restarted", true));
        assertThat(always.containersToStart()).containsExactly("a");

        PodActions never = ComputePodActions.compute(TestPods.pod("Never", List.of(), List.of("a")), view, failing);
        assertThat(never.containersToKill()).hasSize(1);
        assertThat(never.containersToStart()).isEmpty();
    }

    private static Pod withSidecar(String policy) {
        Pod pod = TestPods.pod(policy, List.of("side", "i2"), List.of("a"));
        pod.getSpec().getInitContainers().getFirst().setRestartPolicy("Always");
        return pod;
    }

    @Test
    void runningSidecarLetsTheNextInitStart() {
        RuntimePod view = new TestPods.View().sandbox("s1", 0, true).running("c1", "s1", "side", 0).build();
        assertThat(ComputePodActions.compute(withSidecar("Never"), view, HEALTHY).nextInit()).isEqualTo("i2");
    }

    @Test
    void exitedSidecarIsRestartedBesideTheAppsWhateverThePolicy() {
        RuntimePod view = new TestPods.View().sandbox("s1", 0, true)
                .exited("c1", "s1", "side", 0, 1).exited("c2", "s1", "i2", 0, 0).running("c3", "s1", "a", 0).build();
        PodActions a = ComputePodActions.compute(withSidecar("Never"), view, HEALTHY);
        assertThat(a.containersToStart()).containsExactly("side");
        assertThat(a.killPod()).isFalse();
    }

    @Test
    void podIsDoneWhenItsAppsAreDoneWhileItsSidecarRuns() {
        RuntimePod view = new TestPods.View().sandbox("s1", 0, true)
                .running("c1", "s1", "side", 0).exited("c2", "s1", "i2", 0, 0).exited("c3", "s1", "a", 0, 0).build();
        PodActions a = ComputePodActions.compute(withSidecar("Never"), view, HEALTHY);
        assertThat(a.killPod()).isTrue();
    }
}
