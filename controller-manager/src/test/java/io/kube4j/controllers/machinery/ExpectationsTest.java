package io.kube4j.controllers.machinery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ExpectationsTest {

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
    private final Expectations expectations = new Expectations(InstantSource.fixed(now.get()));

    private final Expectations timed = new Expectations(new InstantSource() {
        @Override
        public Instant instant() {
            return now.get();
        }
    });

    @Test
    void unknownKeysAreSatisfied() {
        assertThat(expectations.satisfied("ns/rs")).isTrue();
    }

    @Test
    void creationsMustAllBeObserved() {
        expectations.expectCreations("ns/rs", 2);
        assertThat(expectations.satisfied("ns/rs")).isFalse();
        expectations.creationObserved("ns/rs");
        assertThat(expectations.satisfied("ns/rs")).isFalse();
        expectations.creationObserved("ns/rs");
        assertThat(expectations.satisfied("ns/rs")).isTrue();
    }

    @Test
    void deletionsAreCountedOncePerPod() {
        expectations.expectDeletions("ns/rs", Set.of("ns/a", "ns/b"));
        expectations.deletionObserved("ns/rs", "ns/a");
        expectations.deletionObserved("ns/rs", "ns/a");
        assertThat(expectations.satisfied("ns/rs")).isFalse();
        assertThat(expectations.pendingDeletions("ns/rs")).containsExactly("ns/b");
        expectations.deletionObserved("ns/rs", "ns/b");
        assertThat(expectations.satisfied("ns/rs")).isTrue();
    }

    @Test
    void unmetExpectationsExpireAfterFiveMinutes() {
        timed.expectCreations("ns/rs", 1);
        now.set(now.get().plus(Duration.ofMinutes(5)));
        assertThat(timed.satisfied("ns/rs")).isFalse();
        now.set(now.get().plusSeconds(1));
        assertThat(timed.satisfied("ns/rs")).isTrue();
    }

    @Test
    void deleteForgetsTheKey() {
        expectations.expectCreations("ns/rs", 3);
        expectations.delete("ns/rs");
        assertThat(expectations.satisfied("ns/rs")).isTrue();
        expectations.creationObserved("ns/rs");
        assertThat(expectations.pendingCreations("ns/rs")).isZero();
    }
}
