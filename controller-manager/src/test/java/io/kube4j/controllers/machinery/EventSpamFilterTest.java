package io.kube4j.controllers.machinery;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class EventSpamFilterTest {

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
    private final EventSpamFilter filter = new EventSpamFilter(now::get);

    private static ReplicaSet rs(String name) {
        return new ReplicaSetBuilder().withNewMetadata().withName(name).withNamespace("ns").withUid(name + "-uid").endMetadata().build();
    }

    @Test
    void anObjectGetsABurstOf25ThenOneEveryFiveMinutes() {
        int allowed = 0;
        for (int i = 0; i < 100; i++) {
            allowed += filter.allow(rs("web")) ? 1 : 0;
        }
        assertThat(allowed).isEqualTo(25);
        assertThat(filter.allow(rs("other"))).as("other objects have their own bucket").isTrue();
        now.set(now.get().plus(Duration.ofMinutes(5)));
        assertThat(filter.allow(rs("web"))).isTrue();
        assertThat(filter.allow(rs("web"))).isFalse();
    }
}
