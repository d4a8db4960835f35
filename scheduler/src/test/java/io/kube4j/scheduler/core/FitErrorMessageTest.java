package io.kube4j.scheduler.core;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.kube4j.scheduler.framework.Code;
import io.kube4j.scheduler.framework.CycleState;
import io.kube4j.scheduler.framework.PostFilterPlugin;
import io.kube4j.scheduler.framework.PostFilterResult;
import io.kube4j.scheduler.framework.Snapshot;
import io.kube4j.scheduler.framework.Status;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import io.kube4j.scheduler.preemption.DefaultPreemption;

import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

import static io.kube4j.scheduler.testing.Fixtures.node;
import static io.kube4j.scheduler.testing.Fixtures.pod;
import static io.kube4j.scheduler.testing.Fixtures.taint;
import static io.kube4j.scheduler.testing.Fixtures.withTaints;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The text of upstream's FitError, through the whole algorithm with the default profile. */
class FitErrorMessageTest {

    record Case(String name, List<Node> nodes, Pod pod, String postFilterMsg, String expected, Set<String> plugins) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static List<Node> small(int n, String prefix) {
        List<Node> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(node(prefix + i, "cpu", "1", "memory", "1Gi").build());
        }
        return out;
    }

    private static List<Node> tainted(int n) {
        List<Node> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(withTaints(node("t" + i, "cpu", "8", "memory", "8Gi").build(), taint("x", "y", "NoSchedule")));
        }
        return out;
    }

    private static List<Node> concat(List<Node> a, List<Node> b) {
        List<Node> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    private static Pod pinnedTo(Set<String> names) {
        Pod p = pod("p").build();
        List<NodeSelectorTerm> terms = names.stream().sorted()
                .map(n -> new NodeSelectorTerm(List.of(), List.of(new NodeSelectorRequirement("metadata.name", "In", List.of(n)))))
                .toList();
        p.getSpec().setAffinity(new AffinityBuilder().withNewNodeAffinity().withNewRequiredDuringSchedulingIgnoredDuringExecution()
                .withNodeSelectorTerms(terms).endRequiredDuringSchedulingIgnoredDuringExecution().endNodeAffinity().build());
        return p;
    }

    static Stream<Case> cases() {
        Node cordoned = node("c0", "cpu", "8").build();
        cordoned.getSpec().setUnschedulable(true);
        Pod conflicting = pod("p").build();
        conflicting.getSpec().setAffinity(new AffinityBuilder().withNewNodeAffinity().withNewRequiredDuringSchedulingIgnoredDuringExecution()
                .addNewNodeSelectorTerm().withMatchFields(new NodeSelectorRequirement("metadata.name", "In", List.of("a")),
                        new NodeSelectorRequirement("metadata.name", "In", List.of("b"))).endNodeSelectorTerm()
                .endRequiredDuringSchedulingIgnoredDuringExecution().endNodeAffinity().build());
        return Stream.of(
                new Case("two reasons, counted and sorted", concat(small(3, "s"), tainted(2)), pod("p", "cpu", "2").build(), "",
                        "0/5 nodes are available: 2 node(s) had untolerated taint {x: y}, 3 Insufficient cpu.",
                        Set.of("NodeResourcesFit", "TaintToleration")),
                new Case("every reason of a node counts", small(2, "s"), pod("p", "cpu", "2", "memory", "2Gi").build(), "",
                        "0/2 nodes are available: 2 Insufficient cpu, 2 Insufficient memory.", Set.of("NodeResourcesFit")),
                new Case("counts sort as strings", concat(small(10, "s"), tainted(2)), pod("p", "cpu", "2").build(), "",
                        "0/12 nodes are available: 10 Insufficient cpu, 2 node(s) had untolerated taint {x: y}.",
                        Set.of("NodeResourcesFit", "TaintToleration")),
                new Case("a PreFilter rejection replaces per-node reasons", small(3, "s"), conflicting, "",
                        "0/3 nodes are available: pod affinity terms conflict.", Set.of("NodeAffinity")),
                new Case("nodes left out by PreFilter get a reason", concat(List.of(cordoned), small(2, "s")), pinnedTo(Set.of("c0")), "",
                        "0/3 nodes are available: 1 node(s) were unschedulable, 2 node(s) didn't satisfy plugin(s) [NodeAffinity].",
                        Set.of("NodeAffinity", "NodeUnschedulable")),
                new Case("the PostFilter message follows", small(2, "s"), pod("p", "cpu", "2").build(),
                        "preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.",
                        "0/2 nodes are available: 2 Insufficient cpu. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.",
                        Set.of("NodeResourcesFit")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void message(Case c) {
        Profile.Builder b = Profile.builder("default-scheduler");
        Profile defaults = Profile.defaults();
        // DefaultPreemption's own messages are tested in DefaultPreemptionTest; here a stub stands in.
        defaults.plugins().values().stream().filter(pl -> !(pl instanceof DefaultPreemption))
                .forEach(pl -> b.add(pl, weightOf(defaults, pl.name())));
        if (!c.postFilterMsg().isEmpty()) {
            b.add(new StubPostFilter(c.postFilterMsg()));
        }
        ScheduleOne algo = new ScheduleOne(b.build(), new Random(1));
        CycleState state = new CycleState();
        FitError err = catchThrowableOfType(FitError.class, () -> algo.schedulePod(state, c.pod(), Snapshot.of(c.nodes(), List.of())));
        assertThat(err).isNotNull();
        FitError withPost = algo.runPostFilter(state, err).error();
        assertThat(withPost.getMessage()).isEqualTo(c.expected());
        assertThat(withPost.diagnosis().unschedulablePlugins()).isEqualTo(c.plugins());
    }

    private static int weightOf(Profile p, String name) {
        return p.score().stream().filter(w -> w.plugin().name().equals(name)).mapToInt(WeightedScorePlugin::weight).findFirst().orElse(1);
    }

    private record StubPostFilter(String msg) implements PostFilterPlugin {
        @Override
        public String name() {
            return "DefaultPreemption";
        }

        @Override
        public PostFilterResult postFilter(CycleState state, Pod pod, Map<String, Status> nodeStatuses) {
            return new PostFilterResult(Status.of(Code.UNSCHEDULABLE, msg), null);
        }
    }
}
