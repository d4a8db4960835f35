package io.kube4j.scheduler.preemption;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static io.kube4j.scheduler.preemption.PreemptionFixtures.node;
import static io.kube4j.scheduler.preemption.PreemptionFixtures.pdb;
import static io.kube4j.scheduler.preemption.PreemptionFixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;

/** DefaultPreemption through a whole cycle: eligibility, victims, reprieve order, PDBs, candidates, messages. */
class DefaultPreemptionTest {

    record Case(String name, List<Node> nodes, List<Pod> pods, Pod preemptor, List<PodDisruptionBudget> pdbs,
                List<Pod> nominated, String nominatedNode, List<String> victims, String message) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Pod never(Pod p) {
        p.getSpec().setPreemptionPolicy("Never");
        return p;
    }

    private static Pod nominatedTo(Pod p, String node) {
        p.getStatus().setNominatedNodeName(node);
        return p;
    }

    private static Pod terminatingVictim(Pod p) {
        p.getMetadata().setDeletionTimestamp("2024-01-01T01:00:00Z");
        p.getStatus().setConditions(List.of(new PodConditionBuilder().withType("DisruptionTarget").withStatus("True")
                .withReason("PreemptionByScheduler").build()));
        return p;
    }

    private static Pod big(Pod p, String cpu) {
        p.getSpec().getContainers().getFirst().getResources().getRequests()
                .put("cpu", new io.fabric8.kubernetes.api.model.Quantity(cpu));
        return p;
    }

    static Stream<Case> cases() {
        String fits = "0/1 nodes are available: 1 Insufficient cpu.";
        return Stream.of(
                new Case("the lower-priority pod is evicted", List.of(node("n1", "1")),
                        List.of(pod("low", 1, 0, "n1")), pod("high", 10, 0, null), List.of(), List.of(),
                        "n1", List.of("low"), fits),
                new Case("equal or higher priority pods are never victims", List.of(node("n1", "2")),
                        List.of(pod("same", 10, 0, "n1"), pod("higher", 20, 0, "n1")), pod("p", 10, 0, null),
                        List.of(), List.of(), null, List.of(),
                        "0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: "
                                + "1 No preemption victims found for incoming pod."),
                new Case("the more important pod is reprieved first", List.of(node("n1", "2")),
                        List.of(pod("p1", 1, 0, "n1"), pod("p5", 5, 0, "n1")), pod("high", 10, 0, null),
                        List.of(), List.of(), "n1", List.of("p1"), fits),
                new Case("equal priorities: the one started earlier is reprieved", List.of(node("n1", "2")),
                        List.of(pod("young", 1, 30, "n1"), pod("old", 1, 5, "n1")), pod("high", 10, 0, null),
                        List.of(), List.of(), "n1", List.of("young"), fits),
                new Case("only as many victims as needed", List.of(node("n1", "3")),
                        List.of(pod("a", 1, 0, "n1"), pod("b", 2, 0, "n1"), pod("c", 3, 0, "n1")),
                        big(pod("high", 10, 0, null), "2"), List.of(), List.of(), "n1", List.of("b", "a"), fits),
                new Case("PDB-protected pods are reprieved before the others", List.of(node("n1", "2")),
                        List.of(pod("guarded", 1, 0, "n1", "app", "g"), pod("free", 5, 0, "n1")),
                        pod("high", 10, 0, null), List.of(pdb("g", 0)), List.of(), "n1", List.of("free"), fits),
                new Case("a budget with room does not protect", List.of(node("n1", "2")),
                        List.of(pod("guarded", 1, 0, "n1", "app", "g"), pod("free", 5, 0, "n1")),
                        pod("high", 10, 0, null), List.of(pdb("g", 1)), List.of(), "n1", List.of("guarded"), fits),
                new Case("preemptionPolicy Never", List.of(node("n1", "1")), List.of(pod("low", 1, 0, "n1")),
                        never(pod("high", 10, 0, null)), List.of(), List.of(), null, List.of(),
                        "0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never."),
                new Case("a victim on the nominated node is still terminating", List.of(node("n1", "2")),
                        List.of(terminatingVictim(pod("going", 1, 0, "n1")), pod("low", 1, 0, "n1")),
                        nominatedTo(big(pod("high", 10, 0, null), "2"), "n1"), List.of(), List.of(), null, List.of(),
                        "0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to a terminating pod on the nominated node."),
                new Case("a pod that still does not fit keeps the filter's reason", List.of(node("n1", "1"), node("n2", "1")),
                        List.of(pod("low", 1, 0, "n1")), big(pod("huge", 10, 0, null), "2"), List.of(), List.of(),
                        null, List.of(), "0/2 nodes are available: 2 Insufficient cpu. preemption: 0/2 nodes are available: "
                                + "1 Insufficient cpu, 1 No preemption victims found for incoming pod."),
                new Case("a higher-priority pod nominated to the node keeps its room", List.of(node("n1", "2")),
                        List.of(pod("low", 1, 0, "n1"), pod("mid", 5, 0, "n1")), pod("high", 10, 0, null),
                        List.of(), List.of(nominatedTo(pod("top", 50, 0, null), "n1")), "n1", List.of("mid", "low"), fits),
                new Case("fewest PDB violations first", List.of(node("n1", "1"), node("n2", "1")),
                        List.of(pod("guarded", 1, 0, "n1", "app", "g"), pod("free", 5, 0, "n2")),
                        pod("high", 10, 0, null), List.of(pdb("g", 0)), List.of(), "n2", List.of("free"),
                        "0/2 nodes are available: 2 Insufficient cpu."),
                new Case("lowest highest-victim priority", List.of(node("n1", "1"), node("n2", "1")),
                        List.of(pod("five", 5, 0, "n1"), pod("one", 1, 0, "n2")), pod("high", 10, 0, null),
                        List.of(), List.of(), "n2", List.of("one"), "0/2 nodes are available: 2 Insufficient cpu."),
                new Case("smallest priority sum", List.of(node("n1", "2"), node("n2", "2")),
                        List.of(pod("a", 3, 0, "n1"), pod("b", 3, 0, "n1"), pod("c", 3, 0, "n2"), pod("d", 1, 0, "n2")),
                        big(pod("high", 10, 0, null), "2"), List.of(), List.of(), "n2", List.of("c", "d"),
                        "0/2 nodes are available: 2 Insufficient cpu."),
                new Case("fewest victims", List.of(node("n1", "2"), node("n2", "2")),
                        List.of(pod("a", 1, 0, "n1"), pod("b", 1, 0, "n1"), big(pod("c", 1, 0, "n2"), "2")),
                        big(pod("high", 10, 0, null), "2"), List.of(), List.of(), "n2", List.of("c"),
                        "0/2 nodes are available: 2 Insufficient cpu."),
                new Case("latest start of the highest-priority victims", List.of(node("n1", "1"), node("n2", "1")),
                        List.of(pod("old", 1, 1, "n1"), pod("new", 1, 40, "n2")), pod("high", 10, 0, null),
                        List.of(), List.of(), "n2", List.of("new"), "0/2 nodes are available: 2 Insufficient cpu."),
                new Case("all equal: the first candidate", List.of(node("n1", "1"), node("n2", "1")),
                        List.of(pod("x", 1, 7, "n1"), pod("y", 1, 7, "n2")), pod("high", 10, 0, null),
                        List.of(), List.of(), "n1", List.of("x"), "0/2 nodes are available: 2 Insufficient cpu."));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void preempts(Case c) {
        PreemptionFixtures.Outcome out = PreemptionFixtures.run(c.nodes(), c.pods(), c.preemptor(), c.pdbs(), c.nominated());
        assertThat(out.nominated()).isEqualTo(c.nominatedNode());
        assertThat(out.victims()).isEqualTo(c.victims());
        assertThat(out.message()).isEqualTo(c.message());
    }
}
