package io.kube4j.scheduler.run;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSchedulingGate;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClassBuilder;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraintBuilder;
import io.kube4j.scheduler.core.Profile;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.kube4j.scheduler.testing.Fixtures.node;
import static io.kube4j.scheduler.testing.Fixtures.on;
import static io.kube4j.scheduler.testing.Fixtures.pod;
import static io.kube4j.scheduler.testing.Fixtures.podWithHostPort;
import static io.kube4j.scheduler.testing.Fixtures.taint;
import static io.kube4j.scheduler.testing.Fixtures.toleration;
import static io.kube4j.scheduler.testing.Fixtures.withLabels;
import static io.kube4j.scheduler.testing.Fixtures.withTaints;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Placement through the real apiserver with the default profile, one topic per test, each on a
 * fresh cluster: where a pod that fits lands, and for one that does not, upstream's exact
 * PodScheduled=False message and FailedScheduling event.
 */
class PlacementIT {

    private static final String ZONE = "topology.kubernetes.io/zone";

    @AutoClose
    private LiveCluster cluster;

    @BeforeEach
    void startCluster() throws Exception {
        cluster = LiveCluster.start();
    }

    private static Node zoned(String name, String zone) {
        return withLabels(node(name, "cpu", "4", "memory", "8Gi").build(), ZONE, zone, "kubernetes.io/hostname", name);
    }

    @Test
    void resourcesDecideAndShortagesAreNamedPerResource() throws Exception {
        cluster.createNode(node("small", "cpu", "2", "memory", "4Gi").build(), node("lowmem", "cpu", "4", "memory", "1Gi").build());
        cluster.startScheduler(Profile.defaults());
        cluster.createPod(pod("a", "cpu", "3", "memory", "512Mi").build());
        assertThat(cluster.awaitBound("a")).isEqualTo("lowmem");

        // small: 2 cpu < 3; lowmem: 1 cpu and 512Mi left.
        cluster.createPod(pod("b", "cpu", "3", "memory", "2Gi").build());
        cluster.awaitUnschedulable("b", "0/2 nodes are available: 1 Insufficient memory, 2 Insufficient cpu.");
    }

    @Test
    void nodeSelectorPicksTheLabelledNode() throws Exception {
        cluster.createNode(withLabels(node("ssd", "cpu", "4", "memory", "8Gi").build(), "disk", "ssd"),
                withLabels(node("hdd", "cpu", "8", "memory", "16Gi").build(), "disk", "hdd"));
        cluster.startScheduler(Profile.defaults());
        Pod wantsSsd = pod("fast").build();
        wantsSsd.getSpec().setNodeSelector(Map.of("disk", "ssd"));
        cluster.createPod(wantsSsd);
        assertThat(cluster.awaitBound("fast")).isEqualTo("ssd");

        Pod wantsNvme = pod("faster").build();
        wantsNvme.getSpec().setNodeSelector(Map.of("disk", "nvme"));
        cluster.createPod(wantsNvme);
        cluster.awaitUnschedulable("faster", "0/2 nodes are available: 2 node(s) didn't match Pod's node affinity/selector.");
    }

    @Test
    void requiredNodeAffinityFiltersAndPreferredNodeAffinityScores() throws Exception {
        cluster.createNode(zoned("n1", "z1"), zoned("n2", "z2"), zoned("n3", "z3"));
        cluster.startScheduler(Profile.defaults());
        Pod required = pod("required").build();
        required.getSpec().setAffinity(new AffinityBuilder().withNewNodeAffinity()
                .withNewRequiredDuringSchedulingIgnoredDuringExecution().addNewNodeSelectorTerm()
                .addNewMatchExpression().withKey(ZONE).withOperator("In").withValues("z2").endMatchExpression()
                .endNodeSelectorTerm().endRequiredDuringSchedulingIgnoredDuringExecution().endNodeAffinity().build());
        cluster.createPod(required);
        assertThat(cluster.awaitBound("required")).isEqualTo("n2");

        Pod preferred = pod("preferred").build();
        preferred.getSpec().setAffinity(new AffinityBuilder().withNewNodeAffinity()
                .addNewPreferredDuringSchedulingIgnoredDuringExecution().withWeight(50).withNewPreference()
                .addNewMatchExpression().withKey(ZONE).withOperator("In").withValues("z3").endMatchExpression()
                .endPreference().endPreferredDuringSchedulingIgnoredDuringExecution().endNodeAffinity().build());
        cluster.createPod(preferred);
        assertThat(cluster.awaitBound("preferred")).isEqualTo("n3");

        Pod nowhere = pod("nowhere").build();
        nowhere.getSpec().setAffinity(new AffinityBuilder().withNewNodeAffinity()
                .withNewRequiredDuringSchedulingIgnoredDuringExecution().addNewNodeSelectorTerm()
                .addNewMatchExpression().withKey(ZONE).withOperator("In").withValues("z9").endMatchExpression()
                .endNodeSelectorTerm().endRequiredDuringSchedulingIgnoredDuringExecution().endNodeAffinity().build());
        cluster.createPod(nowhere);
        cluster.awaitUnschedulable("nowhere", "0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector.");
    }

    @Test
    void noScheduleTaintsFilterPreferNoScheduleTaintsScoreAndTolerationsLetPodsIn() throws Exception {
        cluster.createNode(withTaints(withLabels(node("gpu", "cpu", "4", "memory", "8Gi").build(), "name", "gpu"),
                        taint("dedicated", "gpu", "NoSchedule")),
                withTaints(withLabels(node("spot", "cpu", "4", "memory", "8Gi").build(), "name", "spot"),
                        taint("spot", "true", "PreferNoSchedule")),
                withLabels(node("plain", "cpu", "4", "memory", "8Gi").build(), "name", "plain"));
        cluster.startScheduler(Profile.defaults());
        cluster.createPod(pod("anywhere").build());
        assertThat(cluster.awaitBound("anywhere")).isEqualTo("plain");

        Pod onGpu = pod("on-gpu").build();
        onGpu.getSpec().setNodeSelector(Map.of("name", "gpu"));
        cluster.createPod(onGpu);
        cluster.awaitUnschedulable("on-gpu", "0/3 nodes are available: 1 node(s) had untolerated taint {dedicated: gpu}, "
                + "2 node(s) didn't match Pod's node affinity/selector.");

        Pod tolerating = pod("tolerating").build();
        tolerating.getSpec().setNodeSelector(Map.of("name", "gpu"));
        tolerating.getSpec().setTolerations(List.of(toleration("dedicated", "Equal", "gpu", "NoSchedule")));
        cluster.createPod(tolerating);
        assertThat(cluster.awaitBound("tolerating")).isEqualTo("gpu");

        Pod onSpot = pod("on-spot").build();
        onSpot.getSpec().setNodeSelector(Map.of("name", "spot"));
        cluster.createPod(onSpot);
        assertThat(cluster.awaitBound("on-spot")).as("PreferNoSchedule does not filter").isEqualTo("spot");
    }

    @Test
    void aHostPortIsTakenOncePerNode() throws Exception {
        cluster.createNode(node("h1", "cpu", "4", "memory", "8Gi").build());
        cluster.startScheduler(Profile.defaults());
        cluster.createPod(podWithHostPort("web1", "", "TCP", 8080));
        assertThat(cluster.awaitBound("web1")).isEqualTo("h1");
        cluster.createPod(podWithHostPort("web2", "", "TCP", 8080));
        cluster.awaitUnschedulable("web2", "0/1 nodes are available: 1 node(s) didn't have free ports for the requested pod ports.");
        cluster.createPod(podWithHostPort("web3", "", "TCP", 8081));
        assertThat(cluster.awaitBound("web3")).isEqualTo("h1");
    }

    @Test
    void interPodAffinityAndAntiAffinityFollowExistingPodsByZone() throws Exception {
        cluster.createNode(zoned("n1", "z1"), zoned("n2", "z2"));
        cluster.startScheduler(Profile.defaults());
        Pod db = labelled(pod("db").build(), "app", "db");
        db.getSpec().setNodeSelector(Map.of(ZONE, "z2"));
        cluster.createPod(db);
        assertThat(cluster.awaitBound("db")).isEqualTo("n2");

        cluster.createPod(withAffinity(labelled(pod("web").build(), "app", "web"), podAffinity(false, "db")));
        assertThat(cluster.awaitBound("web")).isEqualTo("n2");
        cluster.createPod(withAffinity(labelled(pod("lonely").build(), "app", "lonely"), podAffinity(true, "db")));
        assertThat(cluster.awaitBound("lonely")).isEqualTo("n1");

        cluster.createPod(withAffinity(pod("needs-cache").build(), podAffinity(false, "cache")));
        cluster.awaitUnschedulable("needs-cache", "0/2 nodes are available: 2 node(s) didn't match pod affinity rules.");
        cluster.createPod(withAffinity(pod("hermit").build(), podAffinity(true, "db", "lonely")));
        cluster.awaitUnschedulable("hermit", "0/2 nodes are available: 2 node(s) didn't match pod anti-affinity rules.");
    }

    @Test
    void topologySpreadKeepsZonesWithinMaxSkew() throws Exception {
        cluster.createNode(zoned("n1", "z1"), zoned("n2", "z2"), zoned("n3", "z3"));
        cluster.startScheduler(Profile.defaults());
        Set<String> used = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            cluster.createPod(spread(labelled(pod("s" + i).build(), "app", "spread")));
            used.add(cluster.awaitBound("s" + i));
        }
        assertThat(used).containsExactlyInAnyOrder("n1", "n2", "n3");
    }

    @Test
    void topologySpreadRejectsTheOnlyUntaintedZoneWhenItIsAhead() throws Exception {
        cluster.createNode(zoned("n1", "z1"), withTaints(zoned("n2", "z2"), taint("maint", "yes", "NoSchedule")),
                withTaints(zoned("n3", "z3"), taint("maint", "yes", "NoSchedule")));
        // Two matching pods already run in z1; tainted nodes still count as domains (nodeTaintsPolicy Ignore).
        cluster.createPod(on(labelled(pod("old1").build(), "app", "spread"), "n1"));
        cluster.createPod(on(labelled(pod("old2").build(), "app", "spread"), "n1"));
        cluster.startScheduler(Profile.defaults());
        cluster.createPod(spread(labelled(pod("next").build(), "app", "spread")));
        cluster.awaitUnschedulable("next", "0/3 nodes are available: 1 node(s) didn't match pod topology spread constraints, "
                + "2 node(s) had untolerated taint {maint: yes}.");
    }

    @Test
    void aGatedPodWaitsUntilItsLastGateIsRemoved() throws Exception {
        cluster.createNode(node("n1", "cpu", "4", "memory", "8Gi").build());
        cluster.startScheduler(Profile.defaults());
        Pod gated = pod("gated").build();
        gated.getSpec().setSchedulingGates(List.of(new PodSchedulingGate("example.com/quota"),
                new PodSchedulingGate("example.com/gpu")));
        cluster.createPod(gated);
        assertThat(cluster.scheduledCondition("gated")).hasValueSatisfying(c -> {
            assertThat(c.getStatus()).isEqualTo("False");
            assertThat(c.getReason()).isEqualTo("SchedulingGated");
        });

        cluster.client.pods().inNamespace("default").withName("gated").edit(p -> {
            p.getSpec().setSchedulingGates(List.of(new PodSchedulingGate("example.com/gpu")));
            return p;
        });
        // A pod the scheduler can see but may not touch: give it time to (wrongly) bind.
        Thread.sleep(1_000);
        assertThat(cluster.pod("gated").getSpec().getNodeName()).isNull();

        cluster.client.pods().inNamespace("default").withName("gated").edit(p -> {
            p.getSpec().setSchedulingGates(List.of());
            return p;
        });
        assertThat(cluster.awaitBound("gated")).isEqualTo("n1");
    }

    @Test
    void theHigherPriorityPodIsScheduledFirstWhenBothArePending() throws Exception {
        cluster.createNode(node("only", "cpu", "1", "memory", "4Gi").build());
        // Both pending before the scheduler starts, so they enter the active queue together; the
        // low-priority one is older, so FIFO alone would pick it.
        cluster.client.resource(new PriorityClassBuilder().withNewMetadata().withName("low").endMetadata()
                .withValue(10).build()).create();
        cluster.client.resource(new PriorityClassBuilder().withNewMetadata().withName("high").endMetadata()
                .withValue(1000).build()).create();
        Pod low = pod("low", "cpu", "1").build();
        low.getSpec().setPriorityClassName("low");
        cluster.createPod(low);
        Pod high = pod("high", "cpu", "1").build();
        high.getSpec().setPriorityClassName("high");
        cluster.createPod(high);
        cluster.startScheduler(Profile.defaults());

        assertThat(cluster.awaitBound("high")).isEqualTo("only");
        cluster.awaitUnschedulable("low", "0/1 nodes are available: 1 Insufficient cpu.");
    }

    private static Pod labelled(Pod p, String key, String value) {
        p.getMetadata().setLabels(Map.of(key, value));
        return p;
    }

    private static Pod withAffinity(Pod p, Affinity affinity) {
        p.getSpec().setAffinity(affinity);
        return p;
    }

    /** A required (anti-)affinity to pods whose app is one of {@code apps}, per zone. */
    private static Affinity podAffinity(boolean anti, String... apps) {
        var term = new io.fabric8.kubernetes.api.model.PodAffinityTermBuilder().withTopologyKey(ZONE)
                .withLabelSelector(new LabelSelectorBuilder().addNewMatchExpression().withKey("app").withOperator("In")
                        .withValues(apps).endMatchExpression().build())
                .build();
        return anti
                ? new AffinityBuilder().withNewPodAntiAffinity().withRequiredDuringSchedulingIgnoredDuringExecution(term)
                        .endPodAntiAffinity().build()
                : new AffinityBuilder().withNewPodAffinity().withRequiredDuringSchedulingIgnoredDuringExecution(term)
                        .endPodAffinity().build();
    }

    private static Pod spread(Pod p) {
        p.getSpec().setTopologySpreadConstraints(List.of(new TopologySpreadConstraintBuilder().withMaxSkew(1)
                .withTopologyKey(ZONE).withWhenUnsatisfiable("DoNotSchedule")
                .withLabelSelector(new LabelSelectorBuilder().withMatchLabels(Map.of("app", "spread")).build())
                .build()));
        return p;
    }
}
