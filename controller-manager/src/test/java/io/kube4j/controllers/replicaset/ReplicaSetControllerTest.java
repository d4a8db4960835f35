package io.kube4j.controllers.replicaset;

import static io.kube4j.controllers.replicaset.ReplicaFixtures.NS;
import static io.kube4j.controllers.replicaset.ReplicaFixtures.drain;
import static io.kube4j.controllers.replicaset.ReplicaFixtures.pod;
import static io.kube4j.controllers.replicaset.ReplicaFixtures.replicaSet;
import static io.kube4j.controllers.replicaset.ReplicaFixtures.running;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.StatusCauseBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetCondition;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kube4j.controllers.machinery.ApiErrors;
import io.kube4j.controllers.machinery.ControllerOptions;
import io.kube4j.controllers.machinery.ControllerRefs;
import io.kube4j.controllers.testing.FakeCluster;
import io.kube4j.controllers.testing.RecordingEvents;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplicaSetControllerTest {

    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

    private final FakeCluster fake = new FakeCluster();
    private final ReplicaSetController controller = new ReplicaSetController(fake.context(InstantSource.fixed(NOW), ControllerOptions.defaults()));

    @Test
    void scaleUpCreatesTemplatePodsOwnedByTheReplicaSet() throws Exception {
        fake.seed(replicaSet("web", 3));

        controller.sync("default/web");

        List<Pod> created = fake.stored(Pod.class);
        assertThat(created).hasSize(3).allSatisfy(p -> {
            assertThat(p.getMetadata().getName()).startsWith("web-");
            assertThat(p.getMetadata().getLabels()).containsEntry("app", "web").containsEntry("tier", "front");
            var ref = ControllerRefs.controllerOf(p);
            assertThat(ref.getKind()).isEqualTo("ReplicaSet");
            assertThat(ref.getApiVersion()).isEqualTo("apps/v1");
            assertThat(ref.getUid()).isEqualTo("web-uid");
            assertThat(ref.getBlockOwnerDeletion()).isTrue();
        });
        assertThat(fake.events().all()).hasSize(3).allSatisfy(e -> {
            assertThat(e.reason()).isEqualTo("SuccessfulCreate");
            assertThat(e.type()).isEqualTo("Normal");
            assertThat(e.kind()).isEqualTo("ReplicaSet");
            assertThat(e.message()).startsWith("Created pod: web-");
        });
        assertThat(controller.expectations().satisfied("default/web")).isTrue();

        controller.sync("default/web");
        assertThat(fake.actions("create", "Pod")).hasSize(3);
        ReplicaSet rs = fake.stored(ReplicaSet.class, NS, "web");
        assertThat(rs.getStatus().getReplicas()).isEqualTo(3);
        assertThat(rs.getStatus().getFullyLabeledReplicas()).isEqualTo(3);
        assertThat(rs.getStatus().getReadyReplicas()).isZero();
        assertThat(rs.getStatus().getObservedGeneration()).isEqualTo(1L);
    }

    @Test
    void expectationsBlockASyncOnAStaleCache() throws Exception {
        fake.seed(replicaSet("web", 2));
        fake.holdEvents();

        controller.sync("default/web");
        assertThat(fake.actions("create", "Pod")).hasSize(2);
        assertThat(controller.expectations().pendingCreations("default/web")).isEqualTo(2);

        // The cache has not seen the pods yet: a sync now must not create them again.
        controller.sync("default/web");
        assertThat(fake.actions("create", "Pod")).hasSize(2);

        fake.deliverEvents();
        assertThat(controller.expectations().satisfied("default/web")).isTrue();
        controller.sync("default/web");
        assertThat(fake.actions("create", "Pod")).hasSize(2);
        assertThat(fake.stored(ReplicaSet.class, NS, "web").getStatus().getReplicas()).isEqualTo(2);
    }

    @Test
    void deletionExpectationsAreSettledByTheDeletionTimestamp() throws Exception {
        ReplicaSet rs = replicaSet("web", 1);
        Pod a = running(pod("a", rs, NOW.minusSeconds(100)), "n1", NOW.minusSeconds(90), 0);
        Pod b = running(pod("b", rs, NOW.minusSeconds(10)), "n1", NOW.minusSeconds(5), 0);
        fake.seed(rs, a, b);
        fake.holdEvents();

        controller.sync("default/web");
        assertThat(fake.actions("delete", "Pod")).extracting(FakeCluster.Action::name).containsExactly("b");
        assertThat(controller.expectations().pendingDeletions("default/web")).containsExactly("default/b");
        controller.sync("default/web");
        assertThat(fake.actions("delete", "Pod")).hasSize(1);

        // A pod with a deletionTimestamp counts as deleted (the kubelet may take its time).
        Pod terminating = fake.stored(Pod.class, NS, "a");
        terminating.getMetadata().setDeletionTimestamp(NOW.toString());
        terminating.getMetadata().setResourceVersion("999");
        new PodEvents<>(controller).onUpdate(a, terminating);
        assertThat(controller.expectations().pendingDeletions("default/web")).containsExactly("default/b");
        fake.deliverEvents();
        assertThat(controller.expectations().satisfied("default/web")).isTrue();
        assertThat(fake.events().all()).extracting(RecordingEvents.Recorded::reason, RecordingEvents.Recorded::message)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("SuccessfulDelete", "Deleted pod: b"));
    }

    @Test
    void podsBeingDeletedDoNotCountAndAreReplaced() throws Exception {
        ReplicaSet rs = replicaSet("web", 2);
        Pod live = running(pod("live", rs, NOW.minusSeconds(100)), "n1", NOW.minusSeconds(90), 0);
        Pod going = new io.fabric8.kubernetes.api.model.PodBuilder(running(pod("going", rs, NOW.minusSeconds(100)), "n1", NOW.minusSeconds(90), 0))
                .editMetadata().withDeletionTimestamp(NOW.toString()).withFinalizers("example.com/hold").endMetadata().build();
        fake.seed(rs, live, going);

        controller.sync("default/web");

        assertThat(fake.actions("create", "Pod")).hasSize(1);
        assertThat(fake.actions("delete", "Pod")).isEmpty();
        assertThat(fake.stored(ReplicaSet.class, NS, "web").getStatus().getReplicas()).isEqualTo(1);
    }

    @Test
    void adoptsMatchingOrphansAndReleasesOwnedPodsThatNoLongerMatch() throws Exception {
        ReplicaSet rs = replicaSet("web", 2);
        Pod orphan = running(pod("orphan", null, NOW.minusSeconds(100)), "n1", NOW.minusSeconds(90), 0);
        Pod strayed = new io.fabric8.kubernetes.api.model.PodBuilder(running(pod("strayed", rs, NOW.minusSeconds(100)), "n1", NOW.minusSeconds(90), 0))
                .editMetadata().withLabels(Map.of("app", "other")).endMetadata().build();
        Pod foreign = new io.fabric8.kubernetes.api.model.PodBuilder(running(pod("foreign", replicaSet("other", 1), NOW.minusSeconds(100)), "n1", NOW.minusSeconds(90), 0)).build();
        fake.seed(rs, orphan, strayed, foreign);

        controller.sync("default/web");

        assertThat(ControllerRefs.controllerOf(fake.stored(Pod.class, NS, "orphan")).getUid()).isEqualTo("web-uid");
        // The fake applies strategic-merge patches as merge patches, so only the request is checked here.
        assertThat(fake.actions("patch", "Pod")).filteredOn(a -> a.name().equals("strayed")).hasSize(1);
        assertThat(ControllerRefs.controllerOf(fake.stored(Pod.class, NS, "foreign")).getUid()).isEqualTo("other-uid");
        // One adopted pod of two wanted: one created.
        assertThat(fake.actions("create", "Pod")).hasSize(1);
        assertThat(fake.actions("patch", "Pod")).extracting(FakeCluster.Action::name).containsExactlyInAnyOrder("orphan", "strayed");
    }

    @Test
    void aReplicaSetBeingDeletedNeitherAdoptsNorScales() throws Exception {
        ReplicaSet rs = new io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder(replicaSet("web", 3))
                .editMetadata().withDeletionTimestamp(NOW.toString()).withFinalizers("foregroundDeletion").endMetadata().build();
        fake.seed(rs, running(pod("orphan", null, NOW.minusSeconds(100)), "n1", NOW.minusSeconds(90), 0));

        controller.sync("default/web");

        assertThat(fake.actions("create", "Pod")).isEmpty();
        assertThat(fake.actions("patch", "Pod")).isEmpty();
    }

    @Test
    void statusCountsReadyAvailableAndFullyLabeledPodsAndRequeuesForAvailability() throws Exception {
        ReplicaSet rs = new io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder(replicaSet("web", 4))
                .editSpec().withMinReadySeconds(30).endSpec().build();
        Pod longReady = running(pod("long", rs, NOW.minusSeconds(300))
                .editMetadata().addToLabels("tier", "front").endMetadata(), "n1", NOW.minusSeconds(100), 0);
        Pod newlyReady = running(pod("newly", rs, NOW.minusSeconds(300)), "n1", NOW.minusSeconds(10), 0);
        Pod notReady = running(pod("notready", rs, NOW.minusSeconds(300)), "n1", null, 0);
        Pod failed = new io.fabric8.kubernetes.api.model.PodBuilder(running(pod("failed", rs, NOW.minusSeconds(300)), "n1", null, 0))
                .editStatus().withPhase("Failed").endStatus().build();
        Pod fourth = running(pod("fourth", rs, NOW.minusSeconds(300)), "n2", NOW.minusSeconds(5), 0);
        fake.seed(rs, longReady, newlyReady, notReady, failed, fourth);

        controller.sync("default/web");

        var status = fake.stored(ReplicaSet.class, NS, "web").getStatus();
        assertThat(status.getReplicas()).isEqualTo(4);
        assertThat(status.getFullyLabeledReplicas()).isEqualTo(1);
        assertThat(status.getReadyReplicas()).isEqualTo(3);
        assertThat(status.getAvailableReplicas()).isEqualTo(1);
        assertThat(status.getObservedGeneration()).isEqualTo(1L);
        assertThat(fake.actions("create", "Pod")).isEmpty();
    }

    @Test
    void aSyncWithEveryPodReadyButNotAvailableAsksToBeWokenAfterMinReadySeconds() throws Exception {
        ReplicaSet rs = new io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder(replicaSet("web", 2))
                .editSpec().withMinReadySeconds(30).endSpec().build();
        fake.seed(rs, running(pod("a", rs, NOW.minusSeconds(300)), "n1", NOW.minusSeconds(100), 0),
                running(pod("b", rs, NOW.minusSeconds(300)), "n1", NOW.minusSeconds(1), 0));
        drain(controller.queue());
        assertThat(controller.queue().idle()).isTrue();

        controller.sync("default/web");

        assertThat(fake.stored(ReplicaSet.class, NS, "web").getStatus().getAvailableReplicas()).isEqualTo(1);
        drain(controller.queue()); // the status write's own update event
        assertThat(controller.queue().idle()).as("a delayed wake-up is waiting").isFalse();
    }

    @Test
    void statusIsNotRewrittenWhenNothingChanged() throws Exception {
        fake.seed(replicaSet("web", 0));
        controller.sync("default/web");
        controller.sync("default/web");
        assertThat(fake.actions("update", "ReplicaSet")).hasSize(1);
    }

    @Test
    void createFailureRecordsFailedCreateAndTheReplicaFailureCondition() throws Exception {
        fake.seed(replicaSet("web", 5));
        fake.failNext("create", "Pod", ApiErrors.status(403, "Forbidden", "pods \"web-x\" is forbidden: exceeded quota: q"));

        assertThatThrownBy(() -> controller.sync("default/web")).isInstanceOf(KubernetesClientException.class);

        // Slow start: the first batch of one failed, nothing else was tried.
        assertThat(fake.actions("create", "Pod")).isEmpty();
        assertThat(fake.events().all()).singleElement().satisfies(e -> {
            assertThat(e.reason()).isEqualTo("FailedCreate");
            assertThat(e.type()).isEqualTo("Warning");
            assertThat(e.message()).isEqualTo("Error creating: pods \"web-x\" is forbidden: exceeded quota: q");
        });
        assertThat(controller.expectations().satisfied("default/web")).isTrue();
        ReplicaSetCondition cond = fake.stored(ReplicaSet.class, NS, "web").getStatus().getConditions().getFirst();
        assertThat(cond.getType()).isEqualTo("ReplicaFailure");
        assertThat(cond.getStatus()).isEqualTo("True");
        assertThat(cond.getReason()).isEqualTo("FailedCreate");
        assertThat(cond.getMessage()).contains("exceeded quota");

        controller.sync("default/web");
        assertThat(fake.actions("create", "Pod")).hasSize(5);
        assertThat(fake.stored(ReplicaSet.class, NS, "web").getStatus().getConditions()).isNullOrEmpty();
    }

    @Test
    void createsInATerminatingNamespaceFailQuietly() throws Exception {
        fake.seed(replicaSet("web", 1));
        fake.failNext("create", "Pod", new KubernetesClientException(new StatusBuilder().withCode(403).withReason("Forbidden")
                .withMessage("unable to create new content in namespace default because it is being terminated")
                .withNewDetails().withCauses(new StatusCauseBuilder().withReason("NamespaceTerminating").build()).endDetails().build()));

        controller.sync("default/web");

        assertThat(fake.events().all()).isEmpty();
        assertThat(fake.stored(ReplicaSet.class, NS, "web").getStatus().getConditions()).isNullOrEmpty();
    }

    @Test
    void deleteFailureSetsFailedDeleteCondition() throws Exception {
        ReplicaSet rs = replicaSet("web", 0);
        fake.seed(rs, running(pod("a", rs, NOW.minusSeconds(100)), "n1", NOW.minusSeconds(90), 0));
        fake.failNext("delete", "Pod", ApiErrors.status(500, "InternalError", "etcd is sad"));

        assertThatThrownBy(() -> controller.sync("default/web")).isInstanceOf(KubernetesClientException.class);

        assertThat(fake.events().reasons()).containsExactly("FailedDelete");
        assertThat(controller.expectations().satisfied("default/web")).isTrue();
        assertThat(fake.stored(ReplicaSet.class, NS, "web").getStatus().getConditions().getFirst().getReason()).isEqualTo("FailedDelete");
    }

    @Test
    void aReplicaSetThatIsGoneForgetsItsExpectations() throws Exception {
        controller.expectations().expectCreations("default/gone", 3);
        controller.sync("default/gone");
        assertThat(controller.expectations().pendingCreations("default/gone")).isZero();

        fake.seed(replicaSet("web", 2));
        controller.expectations().expectCreations("default/web", 3);
        fake.remove(fake.stored(ReplicaSet.class, NS, "web"));
        assertThat(controller.expectations().pendingCreations("default/web")).isZero();
        assertThat(drain(controller.queue())).contains("default/web");
    }
}
