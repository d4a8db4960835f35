package io.kube4j.apiserver.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kube4j.apiserver.errors.ApiException;
import org.junit.jupiter.api.Test;

class InflightLimitsTest {

    @Test
    void oneOverTheLimitIsRefusedWith429AndRetryAfter() {
        InflightLimits limits = new InflightLimits(2, 1);
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
        InflightLimits limits = new InflightLimits(1, 1);
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
    void zeroMeansNoLimit() {
        InflightLimits limits = new InflightLimits(0, 0);
        for (int i = 0; i < 1000; i++) {
            limits.acquire("get", false);
            limits.acquire("update", false);
        }
    }
}
