package io.kube4j.apiserver.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.kube4j.apiserver.errors.ApiException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class RecentRefusalsTest {

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2024-01-01T00:00:00Z"));
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };

    @Test
    void aRefusalIsGivenOnceWhileFresh() {
        RecentRefusals refusals = new RecentRefusals(clock);
        ApiException refused = new ApiException.BadRequest("container is not running");
        refusals.remember("admin wss://n/exec", refused);
        assertThat(refusals.take("someone-else wss://n/exec")).isEmpty();
        assertThat(refusals.take("admin wss://n/exec")).containsSame(refused);
        assertThat(refusals.take("admin wss://n/exec")).isEmpty();
    }

    @Test
    void aStaleRefusalIsForgotten() {
        RecentRefusals refusals = new RecentRefusals(clock);
        refusals.remember("k", new ApiException.BadRequest("x"));
        now.set(now.get().plus(RecentRefusals.TTL).plusSeconds(1));
        assertThat(refusals.take("k")).isEmpty();
    }

    @Test
    void itHoldsAtMostMaxEntries() {
        RecentRefusals refusals = new RecentRefusals(clock);
        for (int i = 0; i <= RecentRefusals.MAX; i++) {
            refusals.remember("k" + i, new ApiException.BadRequest("x"));
        }
        assertThat(refusals.take("k" + RecentRefusals.MAX)).isPresent();
        assertThat(refusals.take("k0")).isEmpty();
    }
}
