package io.kube4j.kubelet.pod;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** CrashLoopBackOff's timing (upstream's flowcontrol.Backoff) on a fake clock. */
class BackoffTest {

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
    private final InstantSource clock = now::get;
    private final Backoff backoff = new Backoff(clock, Duration.ofSeconds(10), Duration.ofSeconds(300));

    private void advance(Duration d) {
        now.updateAndGet(t -> t.plus(d));
    }

    @Test
    void doublesFromTenSecondsToFiveMinutes() {
        StringBuilder seen = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            Instant exited = now.get();
            assertThat(backoff.inBackoffSince("k", exited)).isEqualTo(i > 0);
            // Upstream: the first exit restarts at once; the back-off applies from the next one.
            if (i > 0) {
                Duration current = backoff.get("k");
                advance(current.minusMillis(1));
                assertThat(backoff.inBackoffSince("k", exited)).as("still backing off").isTrue();
                advance(Duration.ofMillis(1));
                assertThat(backoff.inBackoffSince("k", exited)).as("back-off over").isFalse();
            }
            backoff.next("k", exited);
            seen.append(Backoff.goDuration(backoff.get("k"))).append(' ');
            advance(Duration.ofSeconds(1)); // the restarted container runs a second, then exits
        }
        assertThat(seen.toString().trim()).isEqualTo("10s 20s 40s 1m20s 2m40s 5m0s 5m0s 5m0s");
    }

    @Test
    void startsOverAfterRunningTwiceTheCap() {
        backoff.next("k", now.get());
        backoff.next("k", now.get());
        assertThat(backoff.get("k")).isEqualTo(Duration.ofSeconds(20));
        advance(Duration.ofMinutes(10).plusSeconds(1)); // it ran more than 10 minutes
        Instant exited = now.get();
        assertThat(backoff.inBackoffSince("k", exited)).isFalse();
        backoff.next("k", exited);
        assertThat(backoff.get("k")).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void remainingCountsFromTheExit() {
        Instant exited = now.get();
        backoff.next("k", exited);
        advance(Duration.ofSeconds(3));
        assertThat(backoff.remaining("k", exited)).isEqualTo(Duration.ofSeconds(7));
        backoff.forgetPrefix("k");
        assertThat(backoff.get("k")).isZero();
    }

    @Test
    void goDurationsAsGoPrintsThem() {
        assertThat(Backoff.goDuration(Duration.ZERO)).isEqualTo("0s");
        assertThat(Backoff.goDuration(Duration.ofMillis(1500))).isEqualTo("1.5s");
        assertThat(Backoff.goDuration(Duration.ofSeconds(3600))).isEqualTo("1h0m0s");
    }
}
