package io.kube4j.scheduler.preemption;

import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraintBuilder;
import io.kube4j.scheduler.testing.Fixtures;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.kube4j.scheduler.preemption.PreemptionFixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Preemption where the preemptor's fit depends on PreFilter state over other pods (inter-pod
 * anti-affinity, topology spread): taking victims off must update that state (AddPod/RemovePod),
 * or no node would ever look like it fits.
 */
class PreemptionWithPreFilterStateTest {

    private static Node node(String name, String cpu, String zone) {
        return Fixtures.withLabels(Fixtures.node(name, "cpu", cpu, "memory", "8Gi").build(),
                "kubernetes.io/hostname", name, "zone", zone);
    }

    @Test
    void evictingThePodItAvoidsMakesAnAntiAffinePodFit() {
        Pod preemptor = pod("picky", 10, 0, null);
        preemptor.getSpec().setAffinity(new AffinityBuilder().withNewPodAntiAffinity()
                .addNewRequiredDuringSchedulingIgnoredDuringExecution().withTopologyKey("kubernetes.io/hostname")
                .withNewLabelSelector().addToMatchLabels("app", "noisy").endLabelSelector()
                .endRequiredDuringSchedulingIgnoredDuringExecution().endPodAntiAffinity().build());
        var out = PreemptionFixtures.run(List.of(node("n1", "4", "a")),
                List.of(pod("noisy", 1, 0, "n1", "app", "noisy"), pod("quiet", 1, 0, "n1", "app", "quiet")),
                preemptor, List.of(), List.of());
        assertThat(out.nominated()).isEqualTo("n1");
        assertThat(out.victims()).containsExactly("noisy");
        assertThat(out.message()).isEqualTo("0/1 nodes are available: 1 node(s) didn't match pod anti-affinity rules.");
    }

    @Test
    void evictingOnlyAsManyAsTheSpreadNeeds() {
        Pod preemptor = pod("web", 10, 0, null, "app", "web");
        preemptor.getSpec().setTopologySpreadConstraints(List.of(new TopologySpreadConstraintBuilder()
                .withMaxSkew(1).withTopologyKey("zone").withWhenUnsatisfiable("DoNotSchedule")
                .withNewLabelSelector().addToMatchLabels("app", "web").endLabelSelector().build()));
        // Zone a: three low-priority web pods; zone b: one web pod of higher priority, and no room.
        var out = PreemptionFixtures.run(List.of(node("n1", "8", "a"), node("n2", "1", "b")),
                List.of(pod("w1", 1, 1, "n1", "app", "web"), pod("w2", 2, 2, "n1", "app", "web"),
                        pod("w3", 3, 3, "n1", "app", "web"), pod("b1", 50, 0, "n2", "app", "web")),
                preemptor, List.of(), List.of());
        // skew on n1 = count(a) + 1 - count(b) must be <= 1: one web pod may stay, the most important.
        assertThat(out.nominated()).isEqualTo("n1");
        assertThat(out.victims()).containsExactly("w2", "w1");
    }
}
