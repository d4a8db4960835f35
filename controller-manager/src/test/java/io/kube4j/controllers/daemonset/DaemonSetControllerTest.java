package io.kube4j.controllers.daemonset;

import static io.kube4j.controllers.daemonset.DaemonSetFixtures.NS;
import static io.kube4j.controllers.daemonset.DaemonSetFixtures.ds;
import static io.kube4j.controllers.daemonset.DaemonSetFixtures.dsBuilder;
import static io.kube4j.controllers.daemonset.DaemonSetFixtures.node;
import static io.kube4j.controllers.daemonset.DaemonSetFixtures.podsOn;
import static io.kube4j.controllers.daemonset.DaemonSetFixtures.runReady;
import static io.kube4j.controllers.daemonset.DaemonSetFixtures.taint;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.kube4j.controllers.history.ControllerHistory;
import io.kube4j.controllers.machinery.ControllerOptions;
import io.kube4j.controllers.testing.FakeCluster;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DaemonSetControllerTest {

    private final DaemonSetFixtures.MutableClock clock = new DaemonSetFixtures.MutableClock();
    private FakeCluster fake;
    private DaemonSetController controller;

    @BeforeEach
    void setUp() {
        fake = new FakeCluster();
        controller = new DaemonSetController(fake.context(clock, ControllerOptions.defaults()));
    }

    private DaemonSet stored(String name) {
        return fake.stored(DaemonSet.class, NS, name);
    }

    @Test
    void createsOnePinnedPodPerEligibleNodeWithRevisionLabelsAndTolerations() throws Exception {
        fake.seed(node("a", Map.of("role", "x")), node("b", Map.of("role", "x")), node("c", Map.of("role", "y")));
        fake.seed(dsBuilder("agent").editSpec().editTemplate().editSpec().withNodeSelector(Map.of("role", "x"))
                .endSpec().endTemplate().endSpec().build());

        controller.sync("default/agent");

        assertThat(fake.actions("create", "Pod")).hasSize(2);
        assertThat(podsOn(fake, "a")).hasSize(1);
        assertThat(podsOn(fake, "b")).hasSize(1);
        assertThat(podsOn(fake, "c")).isEmpty();
        Pod pod = podsOn(fake, "a").getFirst();
        assertThat(pod.getSpec().getNodeName()).isNull();
        var term = pod.getSpec().getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()
                .getNodeSelectorTerms();
        assertThat(term).hasSize(1);
        assertThat(term.getFirst().getMatchFields().getFirst().getKey()).isEqualTo("metadata.name");
        assertThat(term.getFirst().getMatchFields().getFirst().getValues()).containsExactly("a");
        assertThat(pod.getSpec().getTolerations()).extracting(Toleration::getKey).contains(
                "node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable", "node.kubernetes.io/disk-pressure",
                "node.kubernetes.io/memory-pressure", "node.kubernetes.io/pid-pressure", "node.kubernetes.io/unschedulable")
                .doesNotContain("node.kubernetes.io/network-unavailable");
        assertThat(pod.getMetadata().getOwnerReferences().getFirst().getKind()).isEqualTo("DaemonSet");
        List<ControllerRevision> revisions = fake.stored(ControllerRevision.class);
        assertThat(revisions).hasSize(1);
        String hash = revisions.getFirst().getMetadata().getLabels().get(ControllerHistory.HASH_LABEL);
        assertThat(revisions.getFirst().getMetadata().getName()).isEqualTo("agent-" + hash);
        assertThat(pod.getMetadata().getLabels()).containsEntry(ControllerHistory.HASH_LABEL, hash)
                .containsEntry(DaemonPods.TEMPLATE_GENERATION_LABEL, "1").containsEntry("app", "agent");
        assertThat(fake.events().reasons()).containsExactly("SuccessfulCreate", "SuccessfulCreate");
        var status = stored("agent").getStatus();
        assertThat(status.getDesiredNumberScheduled()).isEqualTo(2);
        assertThat(status.getCurrentNumberScheduled()).isEqualTo(2);
        assertThat(status.getNumberReady()).isZero();
        assertThat(status.getNumberUnavailable()).isEqualTo(2);
        assertThat(status.getUpdatedNumberScheduled()).isEqualTo(2);
        assertThat(status.getObservedGeneration()).isEqualTo(1L);

        fake.clearActions();
        controller.sync("default/agent");
        assertThat(fake.actions("create", "Pod")).isEmpty();
        assertThat(fake.stored(ControllerRevision.class)).hasSize(1);
    }

    @Test
    void readyPodsCountInStatus() throws Exception {
        fake.seed(node("a"), node("b"), ds("agent"));
        controller.sync("default/agent");
        runReady(fake, podsOn(fake, "a").getFirst(), clock);
        controller.sync("default/agent");
        var status = stored("agent").getStatus();
        assertThat(status.getNumberReady()).isEqualTo(1);
        assertThat(status.getNumberAvailable()).isEqualTo(1);
        assertThat(status.getNumberUnavailable()).isEqualTo(1);
    }

    @Test
    void waitsForExpectedCreationsBeforeActingAgain() throws Exception {
        fake.seed(node("a"), ds("agent"));
        fake.holdEvents();
        controller.sync("default/agent");
        controller.sync("default/agent");
        assertThat(fake.actions("create", "Pod")).hasSize(1);
        fake.deliverEvents();
        controller.sync("default/agent");
        assertThat(fake.actions("create", "Pod")).hasSize(1);
    }

    @Test
    void extraPodsOnANodeAreDeletedKeepingTheOldest() throws Exception {
        fake.seed(node("a"), ds("agent"));
        controller.sync("default/agent");
        Pod first = podsOn(fake, "a").getFirst();
        clock.advance(Duration.ofMinutes(1));
        Pod extra = DaemonPods.forNode(stored("agent"), "a", first.getMetadata().getLabels().get(ControllerHistory.HASH_LABEL));
        extra.getMetadata().setName("agent-extra");
        fake.create(extra);
        fake.clearActions();

        controller.sync("default/agent");

        assertThat(fake.actions("delete", "Pod")).extracting(FakeCluster.Action::name).containsExactly("agent-extra");
        assertThat(podsOn(fake, "a")).extracting(p -> p.getMetadata().getName()).containsExactly(first.getMetadata().getName());
    }

    @Test
    void podOnANodeWithAnUntoleratedNoExecuteTaintIsDeletedButNoScheduleOnlyStopsNewPods() throws Exception {
        fake.seed(node("a"), node("b"), ds("agent"));
        controller.sync("default/agent");
        assertThat(fake.stored(Pod.class)).hasSize(2);

        Node a = fake.stored(Node.class, null, "a");
        a.getSpec().setTaints(List.of(taint("maintenance", "NoSchedule")));
        fake.update(a);
        Node b = fake.stored(Node.class, null, "b");
        b.getSpec().setTaints(List.of(taint("evict", "NoExecute")));
        fake.update(b);
        assertThat(controller.queue().length()).isGreaterThan(0);
        fake.clearActions();

        controller.sync("default/agent");

        assertThat(podsOn(fake, "a")).hasSize(1);
        assertThat(podsOn(fake, "b")).isEmpty();
        assertThat(fake.events().reasons()).contains("SuccessfulDelete");
        var status = stored("agent").getStatus();
        assertThat(status.getDesiredNumberScheduled()).isZero();
        assertThat(status.getNumberMisscheduled()).isEqualTo(1);
    }

    @Test
    void aNewNodeRequeuesAndGetsAPod() throws Exception {
        fake.seed(node("a"), ds("agent"));
        controller.sync("default/agent");
        while (controller.queue().length() > 0) {
            controller.queue().done(controller.queue().get());
        }
        fake.create(node("b"));
        assertThat(controller.queue().length()).isEqualTo(1);
        controller.sync("default/agent");
        assertThat(podsOn(fake, "b")).hasSize(1);
    }

    @Test
    void failedPodIsDeletedThenRecreatedWithBackoff() throws Exception {
        fake.seed(node("a"), ds("agent"));
        controller.sync("default/agent");
        DaemonSetFixtures.fail(fake, podsOn(fake, "a").getFirst());

        controller.sync("default/agent");
        assertThat(fake.events().reasons()).contains("FailedDaemonPod", "SuccessfulDelete");
        controller.sync("default/agent");
        assertThat(podsOn(fake, "a")).hasSize(1);
        assertThat(fake.actions("create", "Pod")).hasSize(2);

        // Failing again within the back-off: the pod stays until the delay passes.
        DaemonSetFixtures.fail(fake, podsOn(fake, "a").getFirst());
        fake.clearActions();
        controller.sync("default/agent");
        assertThat(fake.actions("delete", "Pod")).isEmpty();
        clock.advance(Duration.ofSeconds(3));
        controller.sync("default/agent");
        assertThat(fake.actions("delete", "Pod")).hasSize(1);
    }

    @Test
    void rollingUpdateReplacesOneNodeAtATimeWaitingForAvailability() throws Exception {
        fake.seed(node("a"), node("b"), node("c"), ds("agent"));
        controller.sync("default/agent");
        for (String n : List.of("a", "b", "c")) {
            runReady(fake, podsOn(fake, n).getFirst(), clock);
        }
        String oldHash = podsOn(fake, "a").getFirst().getMetadata().getLabels().get(ControllerHistory.HASH_LABEL);
        DaemonSet ds = stored("agent");
        ds.getSpec().getTemplate().getSpec().getContainers().getFirst().setImage("busybox:2");
        fake.update(ds);

        for (int step = 1; step <= 3; step++) {
            fake.clearActions();
            controller.sync("default/agent"); // deletes one old pod
            assertThat(fake.actions("delete", "Pod")).as("step %d deletes", step).hasSize(1);
            controller.sync("default/agent"); // creates its replacement
            assertThat(fake.actions("create", "Pod")).as("step %d creates", step).hasSize(1);
            controller.sync("default/agent"); // the new pod is not available yet: nothing more
            assertThat(fake.actions("delete", "Pod")).as("step %d waits", step).hasSize(1);
            Pod fresh = fake.stored(Pod.class, NS, fake.actions("create", "Pod").getFirst().name());
            assertThat(fresh.getMetadata().getLabels().get(ControllerHistory.HASH_LABEL)).isNotEqualTo(oldHash);
            runReady(fake, fresh, clock);
        }
        controller.sync("default/agent");
        assertThat(fake.stored(Pod.class)).hasSize(3).allSatisfy(p -> assertThat(p.getSpec().getContainers().getFirst().getImage()).isEqualTo("busybox:2"));
        var status = stored("agent").getStatus();
        assertThat(status.getUpdatedNumberScheduled()).isEqualTo(3);
        assertThat(status.getNumberAvailable()).isEqualTo(3);
        assertThat(status.getObservedGeneration()).isEqualTo(stored("agent").getMetadata().getGeneration());
        assertThat(fake.stored(ControllerRevision.class)).hasSize(2);
    }

    @Test
    void surgeCreatesTheNewPodBeforeDeletingTheOld() throws Exception {
        fake.seed(node("a"), dsBuilder("agent").editSpec().editUpdateStrategy().withNewRollingUpdate()
                .withNewMaxSurge(1).withNewMaxUnavailable(0).endRollingUpdate().endUpdateStrategy().endSpec().build());
        controller.sync("default/agent");
        Pod old = podsOn(fake, "a").getFirst();
        runReady(fake, old, clock);
        DaemonSet ds = stored("agent");
        ds.getSpec().getTemplate().getSpec().getContainers().getFirst().setImage("busybox:2");
        fake.update(ds);
        fake.clearActions();

        controller.sync("default/agent");
        assertThat(fake.actions("create", "Pod")).hasSize(1);
        assertThat(fake.actions("delete", "Pod")).isEmpty();
        assertThat(podsOn(fake, "a")).hasSize(2);

        controller.sync("default/agent");
        assertThat(fake.actions("delete", "Pod")).isEmpty();
        runReady(fake, fake.stored(Pod.class, NS, fake.actions("create", "Pod").getFirst().name()), clock);
        controller.sync("default/agent");
        assertThat(fake.actions("delete", "Pod")).extracting(FakeCluster.Action::name).containsExactly(old.getMetadata().getName());
    }

    @Test
    void onDeleteLeavesOldPodsAndReplacesOnlyDeletedOnes() throws Exception {
        fake.seed(node("a"), node("b"), dsBuilder("agent").editSpec().editUpdateStrategy().withType("OnDelete")
                .endUpdateStrategy().endSpec().build());
        controller.sync("default/agent");
        podsOn(fake, "a").forEach(p -> runReady(fake, p, clock));
        podsOn(fake, "b").forEach(p -> runReady(fake, p, clock));
        DaemonSet ds = stored("agent");
        ds.getSpec().getTemplate().getSpec().getContainers().getFirst().setImage("busybox:2");
        fake.update(ds);
        fake.clearActions();
        controller.sync("default/agent");
        assertThat(fake.actions("delete", "Pod")).isEmpty();
        assertThat(stored("agent").getStatus().getUpdatedNumberScheduled()).isZero();

        fake.delete(Pod.class, NS, podsOn(fake, "a").getFirst().getMetadata().getName(), io.kube4j.controllers.machinery.Api.Deletion.DEFAULT);
        controller.sync("default/agent");
        assertThat(podsOn(fake, "a").getFirst().getSpec().getContainers().getFirst().getImage()).isEqualTo("busybox:2");
        assertThat(podsOn(fake, "b").getFirst().getSpec().getContainers().getFirst().getImage()).isEqualTo("busybox:1");
        assertThat(stored("agent").getStatus().getUpdatedNumberScheduled()).isEqualTo(1);
    }

    @Test
    void revisionHistoryIsTruncatedToTheLimit() throws Exception {
        fake.seed(node("a"), dsBuilder("agent").editSpec().withRevisionHistoryLimit(1).endSpec().build());
        for (int v = 2; v <= 5; v++) {
            controller.sync("default/agent");
            DaemonSet ds = stored("agent");
            ds.getSpec().getTemplate().getSpec().getContainers().getFirst().setImage("busybox:" + v);
            fake.update(ds);
            // Kill every pod so no revision stays live through a pod.
            for (Pod p : fake.stored(Pod.class)) {
                fake.remove(p);
            }
        }
        controller.sync("default/agent");
        assertThat(fake.stored(ControllerRevision.class).size()).isLessThanOrEqualTo(2);
    }
}
