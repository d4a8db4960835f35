package io.kube4j.scheduler.queue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class BackoffPolicyTest {

    @ParameterizedTest
    @CsvSource({"0, 1", "1, 1", "2, 2", "3, 4", "4, 8", "5, 10", "6, 10", "100, 10"})
    void doublesFromOneSecondUpToTen(int attempts, int seconds) {
        assertThat(BackoffPolicy.DEFAULT.durationFor(attempts)).isEqualTo(Duration.ofSeconds(seconds));
    }
}
