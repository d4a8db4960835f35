package io.kube4j.apiserver.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.kube4j.store.mvcc.LocalKvStore;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class EventLeasesTest {

    @Test
    void oneLeaseServesEveryEventOfAMinuteThenANewOneIsGranted() throws Exception {
        AtomicLong now = new AtomicLong();
        try (LocalKvStore kv = new LocalKvStore(64L << 20)) {
            EventLeases leases = new EventLeases(kv, Duration.ofHours(1), now::get);
            long first = leases.current();
            now.addAndGet(Duration.ofSeconds(59).toNanos());
            assertThat(leases.current()).isEqualTo(first);
            now.addAndGet(Duration.ofSeconds(1).toNanos());
            long second = leases.current();
            assertThat(second).isNotEqualTo(first);
            assertThat(kv.leaseTimeToLive(second, false).grantedTtl()).isEqualTo(3600 + 60);
        }
    }

    @Test
    void onlyEventKeysAreEvents() {
        assertThat(EventLeases.isEvent("/registry/events/default/x")).isTrue();
        assertThat(EventLeases.isEvent("/registry/pods/default/x")).isFalse();
    }
}
