package io.kube4j.apiserver.table;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PodStatusSummaryTest {

    static final Instant NOW = Instant.parse("2025-01-01T12:00:00Z");

    record Case(String name, Pod pod, PodStatusSummary expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static ContainerStatus running(String name, boolean ready, int restarts) {
        return new ContainerStatusBuilder().withName(name).withReady(ready).withRestartCount(restarts)
                .withNewState().withNewRunning().withStartedAt("2025-01-01T11:00:00Z").endRunning().endState().build();
    }

    static ContainerStatus waiting(String name, String reason, int restarts, String lastFinished) {
        var b = new ContainerStatusBuilder().withName(name).withReady(false).withRestartCount(restarts)
                .withNewState().withNewWaiting().withReason(reason).endWaiting().endState();
        if (lastFinished != null) {
            b.withNewLastState().withNewTerminated().withExitCode(1).withFinishedAt(lastFinished).endTerminated()
                    .endLastState();
        }
        return b.build();
    }

    static ContainerStatus terminated(String name, int exit, String reason, Integer signal) {
        return new ContainerStatusBuilder().withName(name).withReady(false).withRestartCount(0)
                .withNewState().withNewTerminated().withExitCode(exit).withReason(reason).withSignal(signal)
                .endTerminated().endState().build();
    }

    static PodBuilder pod(String... containers) {
        var b = new PodBuilder().withNewMetadata().withName("p").endMetadata().withNewSpec().endSpec();
        for (String c : containers) {
            b.editSpec().addNewContainer().withName(c).withImage("img").endContainer().endSpec();
        }
        return b;
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("pending, nothing reported",
                        pod("a").withNewStatus().withPhase("Pending").endStatus().build(),
                        new PodStatusSummary("0/1", "Pending", "0")),
                new Case("running and ready",
                        pod("a", "b").withNewStatus().withPhase("Running")
                                .withContainerStatuses(running("a", true, 0), running("b", true, 0)).endStatus().build(),
                        new PodStatusSummary("2/2", "Running", "0")),
                new Case("crash loop with last restart time",
                        pod("a").withNewStatus().withPhase("Running")
                                .withContainerStatuses(waiting("a", "CrashLoopBackOff", 5, "2025-01-01T11:57:00Z"))
                                .endStatus().build(),
                        new PodStatusSummary("0/1", "CrashLoopBackOff", "5 (3m ago)")),
                new Case("container creating",
                        pod("a").withNewStatus().withPhase("Pending")
                                .withContainerStatuses(waiting("a", "ContainerCreating", 0, null)).endStatus().build(),
                        new PodStatusSummary("0/1", "ContainerCreating", "0")),
                new Case("completed",
                        pod("a").withNewStatus().withPhase("Succeeded")
                                .withContainerStatuses(terminated("a", 0, "Completed", null)).endStatus().build(),
                        new PodStatusSummary("0/1", "Completed", "0")),
                new Case("killed by a signal without a reason",
                        pod("a").withNewStatus().withPhase("Failed")
                                .withContainerStatuses(terminated("a", 137, null, 9)).endStatus().build(),
                        new PodStatusSummary("0/1", "Signal:9", "0")),
                new Case("exit code without a reason",
                        pod("a").withNewStatus().withPhase("Failed")
                                .withContainerStatuses(terminated("a", 2, "", null)).endStatus().build(),
                        new PodStatusSummary("0/1", "ExitCode:2", "0")),
                new Case("completed container while another still runs, pod ready",
                        pod("a", "b").withNewStatus().withPhase("Running")
                                .addNewCondition().withType("Ready").withStatus("True").endCondition()
                                .withContainerStatuses(running("a", true, 0), terminated("b", 0, "Completed", null))
                                .endStatus().build(),
                        new PodStatusSummary("1/2", "Running", "0")),
                new Case("completed container while another still runs, pod not ready",
                        pod("a", "b").withNewStatus().withPhase("Running")
                                .withContainerStatuses(running("a", true, 0), terminated("b", 0, "Completed", null))
                                .endStatus().build(),
                        new PodStatusSummary("1/2", "NotReady", "0")),
                new Case("second of three init containers running",
                        pod("a").editSpec().addNewInitContainer().withName("i1").endInitContainer()
                                .addNewInitContainer().withName("i2").endInitContainer()
                                .addNewInitContainer().withName("i3").endInitContainer().endSpec()
                                .withNewStatus().withPhase("Pending").withInitContainerStatuses(
                                        terminated("i1", 0, "Completed", null), running("i2", false, 0),
                                        waiting("i3", "PodInitializing", 0, null)).endStatus().build(),
                        new PodStatusSummary("0/1", "Init:1/3", "0")),
                new Case("init container crash looping",
                        pod("a").editSpec().addNewInitContainer().withName("i1").endInitContainer().endSpec()
                                .withNewStatus().withPhase("Pending").withInitContainerStatuses(
                                        waiting("i1", "CrashLoopBackOff", 2, "2025-01-01T11:59:30Z")).endStatus().build(),
                        new PodStatusSummary("0/1", "Init:CrashLoopBackOff", "2 (30s ago)")),
                new Case("init container failed",
                        pod("a").editSpec().addNewInitContainer().withName("i1").endInitContainer().endSpec()
                                .withNewStatus().withPhase("Pending").withInitContainerStatuses(
                                        terminated("i1", 3, null, null)).endStatus().build(),
                        new PodStatusSummary("0/1", "Init:ExitCode:3", "0")),
                new Case("started sidecar counts as a ready container",
                        pod("a").editSpec().addNewInitContainer().withName("side").withRestartPolicy("Always")
                                .endInitContainer().endSpec()
                                .withNewStatus().withPhase("Running")
                                .withInitContainerStatuses(new ContainerStatusBuilder(running("side", true, 1))
                                        .withStarted(true).build())
                                .withContainerStatuses(running("a", true, 0)).endStatus().build(),
                        new PodStatusSummary("2/2", "Running", "1")),
                new Case("being deleted",
                        pod("a").editMetadata().withDeletionTimestamp("2025-01-01T11:59:00Z").endMetadata()
                                .withNewStatus().withPhase("Running")
                                .withContainerStatuses(running("a", true, 0)).endStatus().build(),
                        new PodStatusSummary("1/1", "Terminating", "0")),
                new Case("deleted on a lost node",
                        pod("a").editMetadata().withDeletionTimestamp("2025-01-01T11:59:00Z").endMetadata()
                                .withNewStatus().withPhase("Running").withReason("NodeLost").endStatus().build(),
                        new PodStatusSummary("0/1", "Unknown", "0")),
                new Case("evicted keeps the pod's reason",
                        pod("a").withNewStatus().withPhase("Failed").withReason("Evicted").endStatus().build(),
                        new PodStatusSummary("0/1", "Evicted", "0")),
                new Case("scheduling gated",
                        pod("a").withNewStatus().withPhase("Pending").addNewCondition().withType("PodScheduled")
                                .withStatus("False").withReason("SchedulingGated").endCondition().endStatus().build(),
                        new PodStatusSummary("0/1", "SchedulingGated", "0")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void summarisesLikeUpstream(Case c) {
        assertThat(PodStatusSummary.of(c.pod(), NOW)).isEqualTo(c.expected());
    }
}
