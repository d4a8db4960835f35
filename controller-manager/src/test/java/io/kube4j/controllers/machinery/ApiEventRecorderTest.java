package io.kube4j.controllers.machinery;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.kube4j.controllers.testing.FakeCluster;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApiEventRecorderTest {

    private final FakeCluster fake = new FakeCluster();
    private final ReplicaSet rs = new ReplicaSetBuilder().withNewMetadata().withName("web").withNamespace("ns").withUid("u1")
            .endMetadata().build();

    @Test
    void repeatsFoldIntoOneEventWithACountAndOthersAreTheirOwn() {
        try (ApiEventRecorder events = new ApiEventRecorder(fake, "replicaset-controller",
                InstantSource.fixed(Instant.parse("2026-01-01T00:00:00Z")))) {
            events.event(rs, EventRecorder.NORMAL, "SuccessfulCreate", "Created pod: web-1");
            events.event(rs, EventRecorder.NORMAL, "SuccessfulCreate", "Created pod: web-1");
            events.event(rs, EventRecorder.NORMAL, "SuccessfulCreate", "Created pod: web-1");
            events.eventf(rs, EventRecorder.WARNING, "FailedCreate", "Error creating: %s", "quota");
        }
        List<Event> stored = fake.stored(Event.class).stream().sorted(Comparator.comparing(Event::getReason).reversed()).toList();
        assertThat(stored).hasSize(2);
        Event created = stored.getFirst();
        assertThat(created.getReason()).isEqualTo("SuccessfulCreate");
        assertThat(created.getCount()).isEqualTo(3);
        assertThat(created.getSource().getComponent()).isEqualTo("replicaset-controller");
        assertThat(created.getInvolvedObject().getKind()).isEqualTo("ReplicaSet");
        assertThat(created.getInvolvedObject().getUid()).isEqualTo("u1");
        assertThat(created.getMetadata().getName()).startsWith("web.");
        Event failed = stored.get(1);
        assertThat(failed.getType()).isEqualTo("Warning");
        assertThat(failed.getMessage()).isEqualTo("Error creating: quota");
        assertThat(failed.getCount()).isEqualTo(1);
    }
}
