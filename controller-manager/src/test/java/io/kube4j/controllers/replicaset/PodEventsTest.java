package io.kube4j.controllers.replicaset;

import static io.kube4j.controllers.replicaset.ReplicaFixtures.drain;
import static io.kube4j.controllers.replicaset.ReplicaFixtures.pod;
import static io.kube4j.controllers.replicaset.ReplicaFixtures.replicaSet;
import static io.kube4j.controllers.replicaset.ReplicaFixtures.running;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.kube4j.controllers.machinery.ControllerOptions;
import io.kube4j.controllers.testing.FakeCluster;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How pod events find their ReplicaSet and settle its expectations. */
class PodEventsTest {

    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

    private final FakeCluster fake = new FakeCluster();
    private final ReplicaSetController controller = new ReplicaSetController(fake.context(InstantSource.fixed(NOW), ControllerOptions.defaults()));
    private final PodEvents<ReplicaSet> events = new PodEvents<>(controller);
    private final ReplicaSet web = replicaSet("web", 2);

    @BeforeEach
    void seed() throws Exception {
        ReplicaSet other = new ReplicaSetBuilder(replicaSet("other", 1)).editSpec().editSelector()
                .withMatchLabels(Map.of("app", "other")).endSelector().endSpec().build();
        ReplicaSet everything = new ReplicaSetBuilder(replicaSet("everything", 1)).editSpec().editSelector()
                .withMatchLabels(Map.of()).endSelector().endSpec().build();
        fake.seed(web, other, everything);
        drain(controller.queue());
    }

    @Test
    void anOwnedPodAddedWakesOnlyItsOwnerAndCountsAsACreation() throws Exception {
        controller.expectations().expectCreations("default/web", 1);
        events.onAdd(pod("p", web, NOW).build());
        assertThat(drain(controller.queue())).containsExactly("default/web");
        assertThat(controller.expectations().satisfied("default/web")).isTrue();
    }

    @Test
    void aPodOwnedByAReplacedReplicaSetIsIgnored() throws Exception {
        Pod stale = pod("p", web, NOW).editMetadata().editFirstOwnerReference().withUid("old-uid").endOwnerReference().endMetadata().build();
        events.onAdd(stale);
        assertThat(drain(controller.queue())).isEmpty();
    }

    @Test
    void anOrphanWakesEveryReplicaSetWithANonEmptyMatchingSelector() throws Exception {
        events.onAdd(pod("orphan", null, NOW).build());
        assertThat(drain(controller.queue())).containsExactly("default/web");
    }

    @Test
    void anOrphanWhoseLabelsChangeWakesTheNewMatches() throws Exception {
        Pod before = pod("orphan", null, NOW).editMetadata().withResourceVersion("1").endMetadata().build();
        Pod after = new PodBuilder(before).editMetadata().withResourceVersion("2").withLabels(Map.of("app", "other")).endMetadata().build();
        events.onUpdate(before, after);
        assertThat(drain(controller.queue())).containsExactly("default/other");
    }

    @Test
    void resyncsAreIgnored() throws Exception {
        Pod p = pod("p", web, NOW).editMetadata().withResourceVersion("5").endMetadata().build();
        events.onUpdate(p, p);
        assertThat(drain(controller.queue())).isEmpty();
    }

    @Test
    void aDeletionTimestampCountsAsTheDeletion() throws Exception {
        controller.expectations().expectDeletions("default/web", Set.of("default/p", "default/q"));
        Pod p = pod("p", web, NOW).editMetadata().withResourceVersion("1").endMetadata().build();
        Pod terminating = new PodBuilder(p).editMetadata().withResourceVersion("2").withDeletionTimestamp(NOW.toString()).endMetadata().build();
        events.onUpdate(p, terminating);
        assertThat(controller.expectations().pendingDeletions("default/web")).containsExactly("default/q");
        events.onDelete(pod("q", web, NOW).build(), false);
        assertThat(controller.expectations().satisfied("default/web")).isTrue();
        assertThat(drain(controller.queue())).containsExactly("default/web");
    }

    @Test
    void aPodBecomingReadyUnderMinReadySecondsSchedulesAnAvailabilityCheck() throws Exception {
        ReplicaSet slow = new ReplicaSetBuilder(replicaSet("slow", 1)).editMetadata().withUid("slow-uid").endMetadata()
                .editSpec().withMinReadySeconds(10).endSpec().build();
        fake.seed(slow);
        drain(controller.queue());
        Pod unready = running(pod("p", slow, NOW).editMetadata().withResourceVersion("1").endMetadata(), "n1", null, 0);
        Pod ready = running(pod("p", slow, NOW).editMetadata().withResourceVersion("2").endMetadata(), "n1", NOW, 0);
        events.onUpdate(unready, ready);
        assertThat(drain(controller.queue())).containsExactly("default/slow");
        assertThat(controller.queue().idle()).as("a delayed availability check waits").isFalse();
    }

    @Test
    void aPodMovedBetweenOwnersWakesBoth() throws Exception {
        ReplicaSet other = fake.stored(ReplicaSet.class, "default", "other");
        Pod before = pod("p", web, NOW).editMetadata().withResourceVersion("1").endMetadata().build();
        Pod after = pod("p", other, NOW).editMetadata().withResourceVersion("2").endMetadata().build();
        events.onUpdate(before, after);
        assertThat(drain(controller.queue())).containsExactlyInAnyOrder("default/web", "default/other");
    }
}
