package io.kube4j.scheduler.core;

import io.fabric8.kubernetes.api.model.Pod;
import io.kube4j.scheduler.framework.BindPlugin;
import io.kube4j.scheduler.framework.Code;
import io.kube4j.scheduler.framework.CycleState;
import io.kube4j.scheduler.framework.FilterPlugin;
import io.kube4j.scheduler.framework.NodeInfo;
import io.kube4j.scheduler.framework.PermitPlugin;
import io.kube4j.scheduler.framework.PermitResult;
import io.kube4j.scheduler.framework.PostFilterPlugin;
import io.kube4j.scheduler.framework.PostFilterResult;
import io.kube4j.scheduler.framework.PreFilterPlugin;
import io.kube4j.scheduler.framework.PreFilterResult;
import io.kube4j.scheduler.framework.ReservePlugin;
import io.kube4j.scheduler.framework.Status;
import io.kube4j.scheduler.plugins.PrioritySort;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.kube4j.scheduler.testing.Fixtures.node;
import static io.kube4j.scheduler.testing.Fixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;

class FrameworkRunnerTest {

    private final List<String> calls = new ArrayList<>();
    private final Pod pod = pod("p").build();

    /** A PreFilter+Filter plugin with a canned PreFilter result and a Filter that records its calls. */
    private record Narrowing(String name, PreFilterResult result, List<String> calls) implements PreFilterPlugin, FilterPlugin {
        @Override
        public PreFilterResult preFilter(CycleState state, Pod pod, List<NodeInfo> nodes) {
            return result;
        }

        @Override
        public Status filter(CycleState state, Pod pod, NodeInfo node) {
            calls.add(name + ".filter");
            return Status.success();
        }
    }

    private FrameworkRunner runner(Object... plugins) {
        Profile.Builder b = Profile.builder("x").add(new PrioritySort());
        for (Object p : plugins) {
            b.add((io.kube4j.scheduler.framework.Plugin) p);
        }
        return new FrameworkRunner(b.build());
    }

    @Test
    void preFilterNodeSetsIntersect() {
        var r = runner(new Narrowing("A", PreFilterResult.restrictTo(Set.of("n1", "n2")), calls),
                new Narrowing("B", PreFilterResult.success(), calls),
                new Narrowing("C", PreFilterResult.restrictTo(Set.of("n2", "n3")), calls));
        var out = r.runPreFilter(new CycleState(), pod, List.of());
        assertThat(out.status().isSuccess()).isTrue();
        assertThat(out.nodeNames()).containsExactly("n2");
        assertThat(out.pluginsWithNodes()).containsExactly("A", "C");
    }

    @Test
    void disjointPreFilterNodeSetsRejectThePod() {
        var two = runner(new Narrowing("A", PreFilterResult.restrictTo(Set.of("n1")), calls),
                new Narrowing("B", PreFilterResult.restrictTo(Set.of("n2")), calls));
        Status s = two.runPreFilter(new CycleState(), pod, List.of()).status();
        assertThat(s.code()).isEqualTo(Code.UNSCHEDULABLE_AND_UNRESOLVABLE);
        assertThat(s.reasons()).containsExactly("node(s) didn't satisfy plugin(s) [A B] simultaneously");

        var one = runner(new Narrowing("A", PreFilterResult.restrictTo(Set.of()), calls));
        assertThat(one.runPreFilter(new CycleState(), pod, List.of()).status().reasons())
                .containsExactly("node(s) didn't satisfy plugin A");
    }

    @Test
    void aPreFilterSkipSkipsThatFilterOnly() {
        var r = runner(new Narrowing("A", PreFilterResult.of(Status.skip()), calls), new Narrowing("B", PreFilterResult.success(), calls));
        CycleState state = new CycleState();
        r.runPreFilter(state, pod, List.of());
        assertThat(r.runFilter(state, pod, new NodeInfo(node("n").build())).isSuccess()).isTrue();
        assertThat(calls).containsExactly("B.filter");
    }

    @Test
    void aPreFilterRejectionIsAttributedAndStops() {
        var r = runner(new Narrowing("A", PreFilterResult.of(Status.of(Code.UNSCHEDULABLE, "nope")), calls),
                new Narrowing("B", PreFilterResult.restrictTo(Set.of("n")), calls));
        var out = r.runPreFilter(new CycleState(), pod, List.of());
        assertThat(out.status()).isEqualTo(new Status(Code.UNSCHEDULABLE, List.of("nope"), "A"));
        assertThat(out.nodeNames()).isNull();
    }

    private record Post(String name, Status status, String nominated) implements PostFilterPlugin {
        @Override
        public PostFilterResult postFilter(CycleState state, Pod pod, Map<String, Status> nodeStatuses) {
            return new PostFilterResult(status, nominated);
        }
    }

    @Test
    void postFilterCollectsReasonsUntilOneSucceeds() {
        var failing = runner(new Post("P1", Status.of(Code.UNSCHEDULABLE, "r1"), null), new Post("P2", Status.of(Code.UNSCHEDULABLE, "r2"), null));
        PostFilterResult r = failing.runPostFilter(new CycleState(), pod, Map.of());
        assertThat(r.status()).isEqualTo(new Status(Code.UNSCHEDULABLE, List.of("r1", "r2"), "P1"));

        var succeeding = runner(new Post("P1", Status.of(Code.UNSCHEDULABLE, "r1"), null), new Post("P2", Status.success(), "n7"));
        assertThat(succeeding.runPostFilter(new CycleState(), pod, Map.of()).nominatedNodeName()).isEqualTo("n7");

        var unresolvable = runner(new Post("P1", Status.of(Code.UNSCHEDULABLE_AND_UNRESOLVABLE, "stop"), null),
                new Post("P2", Status.success(), "n7"));
        assertThat(unresolvable.runPostFilter(new CycleState(), pod, Map.of()).status().plugin()).isEqualTo("P1");
    }

    private record Reserve(String name, Status status, List<String> calls) implements ReservePlugin {
        @Override
        public Status reserve(CycleState state, Pod pod, String nodeName) {
            calls.add(name + ".reserve");
            return status;
        }

        @Override
        public void unreserve(CycleState state, Pod pod, String nodeName) {
            calls.add(name + ".unreserve");
        }
    }

    @Test
    void reserveStopsAtTheFirstFailureAndUnreserveRunsBackwards() {
        var r = runner(new Reserve("R1", Status.success(), calls), new Reserve("R2", Status.of(Code.UNSCHEDULABLE, "full"), calls),
                new Reserve("R3", Status.success(), calls));
        Status s = r.runReserve(new CycleState(), pod, "n");
        assertThat(s.plugin()).isEqualTo("R2");
        r.runUnreserve(new CycleState(), pod, "n");
        assertThat(calls).containsExactly("R1.reserve", "R2.reserve", "R3.unreserve", "R2.unreserve", "R1.unreserve");
    }

    private record Permit(String name, PermitResult result) implements PermitPlugin {
        @Override
        public PermitResult permit(CycleState state, Pod pod, String nodeName) {
            return result;
        }
    }

    @Test
    void permitWaitsForTheLongestTimeoutUnlessOneRejects() {
        var waiting = runner(new Permit("W1", new PermitResult(Status.of(Code.WAIT), Duration.ofSeconds(5))),
                new Permit("W2", new PermitResult(Status.of(Code.WAIT), Duration.ofSeconds(30))),
                new Permit("OK", new PermitResult(Status.success(), Duration.ZERO)));
        assertThat(waiting.runPermit(new CycleState(), pod, "n")).isEqualTo(new PermitResult(Status.of(Code.WAIT), Duration.ofSeconds(30)));

        var rejecting = runner(new Permit("W1", new PermitResult(Status.of(Code.WAIT), Duration.ofSeconds(5))),
                new Permit("NO", new PermitResult(Status.of(Code.UNSCHEDULABLE, "gang incomplete"), Duration.ZERO)));
        assertThat(rejecting.runPermit(new CycleState(), pod, "n").status().plugin()).isEqualTo("NO");
    }

    private record Bind(String name, Status status, List<String> calls) implements BindPlugin {
        @Override
        public Status bind(CycleState state, Pod pod, String nodeName) {
            calls.add(name);
            return status;
        }
    }

    @Test
    void bindPluginsRunUntilOneDoesNotSkip() {
        var r = runner(new Bind("B1", Status.skip(), calls), new Bind("B2", Status.success(), calls), new Bind("B3", Status.success(), calls));
        assertThat(r.runBind(new CycleState(), pod, "n").isSuccess()).isTrue();
        assertThat(calls).containsExactly("B1", "B2");
        assertThat(runner().runBind(new CycleState(), pod, "n").isSkip()).isTrue();
    }
}
