package io.kube4j.controllers.replicaset;

import static io.kube4j.controllers.replicaset.ReplicaFixtures.NS;
import static io.kube4j.controllers.replicaset.ReplicaFixtures.pod;
import static io.kube4j.controllers.replicaset.ReplicaFixtures.replicationController;
import static io.kube4j.controllers.replicaset.ReplicaFixtures.running;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.kube4j.controllers.machinery.ApiErrors;
import io.kube4j.controllers.machinery.ControllerOptions;
import io.kube4j.controllers.machinery.ControllerRefs;
import io.kube4j.controllers.testing.FakeCluster;
import java.time.Instant;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;

/** The ReplicationController runs through the same engine with its map selector. */
class ReplicationControllerControllerTest {

    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

    private final FakeCluster fake = new FakeCluster();
    private final ReplicationControllerController controller =
            new ReplicationControllerController(fake.context(InstantSource.fixed(NOW), ControllerOptions.defaults()));

    @Test
    void namesItselfAsUpstream() {
        assertThat(controller.name()).isEqualTo("replicationcontroller-controller");
        assertThat(new ReplicaSetController(fake.context()).name()).isEqualTo("replicaset-controller");
    }

    @Test
    void adoptsScalesUpAndWritesStatus() throws Exception {
        ReplicationController rc = replicationController("rc", 3);
        fake.seed(rc, running(pod("orphan", null, NOW.minusSeconds(100)), "n1", NOW.minusSeconds(90), 0));

        controller.sync("default/rc");

        assertThat(fake.stored(Pod.class)).hasSize(3).allSatisfy(p -> {
            var ref = ControllerRefs.controllerOf(p);
            assertThat(ref.getKind()).isEqualTo("ReplicationController");
            assertThat(ref.getApiVersion()).isEqualTo("v1");
            assertThat(ref.getUid()).isEqualTo("rc-uid");
        });
        assertThat(fake.events().reasons()).containsExactly("SuccessfulCreate", "SuccessfulCreate");
        var status = fake.stored(ReplicationController.class, NS, "rc").getStatus();
        assertThat(status.getReplicas()).isEqualTo(1);
        assertThat(status.getReadyReplicas()).isEqualTo(1);
        assertThat(status.getAvailableReplicas()).isEqualTo(1);
        assertThat(status.getObservedGeneration()).isEqualTo(1L);

        controller.sync("default/rc");
        assertThat(fake.stored(ReplicationController.class, NS, "rc").getStatus().getReplicas()).isEqualTo(3);
    }

    @Test
    void scaleDownDeletesUnreadyPodsFirst() throws Exception {
        ReplicationController rc = replicationController("rc", 1);
        fake.seed(rc, running(pod("ready", rc, NOW.minusSeconds(100)), "n1", NOW.minusSeconds(90), 0),
                running(pod("unready", rc, NOW.minusSeconds(100)), "n1", null, 0));

        controller.sync("default/rc");

        assertThat(fake.stored(Pod.class)).extracting(p -> p.getMetadata().getName()).containsExactly("ready");
        assertThat(fake.events().all()).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo("ReplicationController");
            assertThat(e.message()).isEqualTo("Deleted pod: unready");
        });
    }

    @Test
    void createFailureSetsTheReplicaFailureConditionOnTheReplicationController() {
        fake.seed(replicationController("rc", 2));
        fake.failNext("create", "Pod", ApiErrors.status(403, "Forbidden", "exceeded quota"));

        assertThatThrownBy(() -> controller.sync("default/rc")).hasMessageContaining("quota");

        var cond = fake.stored(ReplicationController.class, NS, "rc").getStatus().getConditions().getFirst();
        assertThat(cond.getType()).isEqualTo("ReplicaFailure");
        assertThat(cond.getReason()).isEqualTo("FailedCreate");
    }
}
