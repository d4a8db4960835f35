package io.kube4j.apiserver.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kube4j.apiserver.errors.ApiException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class InflightLimitsTest {

    @Test
    void oneOverTheLimitIsRefusedWith429AndRetryAfter() {
        InflightLimits limits = new InflightLimits(2, 1, Duration.ZERO);
        InflightLimits.Permit a = limits.acquire("get", false);
        InflightLimits.Permit b = limits.acquire("list", false);
        assertThatThrownBy(() -> limits.acquire("get", false))
                .isInstanceOfSatisfying(ApiException.TooManyRequests.class, e -> {
                    assertThat(e.code()).isEqualTo(429);
                    assertThat(e.retryAfterSeconds()).isEqualTo(1);
                    assertThat(e.toStatus().getDetails().getRetryAfterSeconds()).isEqualTo(1);
                    assertThat(e.getMessage()).isEqualTo("Too many requests, please try again later.");
                });
        a.close();
        limits.acquire("get", false).close();
        b.close();
    }

    @Test
    void writesHaveTheirOwnLimitAndWatchesAreNotCounted() {
        InflightLimits limits = new InflightLimits(1, 1, Duration.ZERO);
        try (InflightLimits.Permit read = limits.acquire("get", false);
                InflightLimits.Permit write = limits.acquire("patch", false)) {
            assertThatThrownBy(() -> limits.acquire("delete", false)).isInstanceOf(ApiException.TooManyRequests.class);
            for (int i = 0; i < 10; i++) {
                limits.acquire("watch", true);
            }
        }
        limits.acquire("create", false).close();
    }

    @Test
    void aRequestOverTheLimitWaitsForATurn() throws Exception {
        InflightLimits limits = new InflightLimits(1, 1, Duration.ofSeconds(10));
        InflightLimits.Permit first = limits.acquire("create", false);
        CompletableFuture<InflightLimits.Permit> second = CompletableFuture.supplyAsync(() -> limits.acquire("create", false));
        Thread.sleep(100);
        assertThat(second).isNotDone();
        first.close();
        second.get(5, TimeUnit.SECONDS).close();
    }

    @Test
    void waitingIsBoundedInTimeAndInNumber() throws Exception {
        InflightLimits limits = new InflightLimits(1, 1, Duration.ofMillis(200));
        try (InflightLimits.Permit held = limits.acquire("update", false)) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> limits.acquire("update", false)).isInstanceOf(ApiException.TooManyRequests.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(150));
        }
        InflightLimits longWait = new InflightLimits(1, 1, Duration.ofSeconds(30));
        try (InflightLimits.Permit held = longWait.acquire("update", false)) {
            CompletableFuture<?> queued = CompletableFuture.runAsync(() -> longWait.acquire("update", false));
            Thread.sleep(200);
            // one waits already: the queue (as long as the limit) is full, so the next is refused at once
            long start = System.nanoTime();
            assertThatThrownBy(() -> longWait.acquire("update", false)).isInstanceOf(ApiException.TooManyRequests.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            queued.cancel(true);
        }
    }

    @Test
    void zeroMeansNoLimit() {
        InflightLimits limits = new InflightLimits(0, 0);
        for (int i = 0; i < 1000; i++) {
            limits.acquire("get", false);
            limits.acquire("update", false);
        }
    }
}
