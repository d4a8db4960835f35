package io.kube4j.apiserver.table;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class HumanDurationTest {

    record Case(Duration d, String expected) {
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case(Duration.ofSeconds(-3), "<invalid>"),
                new Case(Duration.ofSeconds(-2), "<invalid>"),
                new Case(Duration.ofMillis(-1999), "0s"),
                new Case(Duration.ofMillis(-500), "0s"),
                new Case(Duration.ZERO, "0s"),
                new Case(Duration.ofMillis(999), "0s"),
                new Case(Duration.ofSeconds(5), "5s"),
                new Case(Duration.ofSeconds(119), "119s"),
                new Case(Duration.ofSeconds(120), "2m"),
                new Case(Duration.ofSeconds(182), "3m2s"),
                new Case(Duration.ofSeconds(599), "9m59s"),
                new Case(Duration.ofMinutes(10), "10m"),
                new Case(Duration.ofSeconds(10 * 60 + 59), "10m"),
                new Case(Duration.ofMinutes(179), "179m"),
                new Case(Duration.ofMinutes(180), "3h"),
                new Case(Duration.ofMinutes(3 * 60 + 5), "3h5m"),
                new Case(Duration.ofMinutes(8 * 60 - 1), "7h59m"),
                new Case(Duration.ofHours(8), "8h"),
                new Case(Duration.ofMinutes(47 * 60 + 59), "47h"),
                new Case(Duration.ofHours(48), "2d"),
                new Case(Duration.ofHours(51), "2d3h"),
                new Case(Duration.ofHours(8 * 24 - 1), "7d23h"),
                new Case(Duration.ofDays(8), "8d"),
                new Case(Duration.ofDays(729), "729d"),
                new Case(Duration.ofDays(730), "2y"),
                new Case(Duration.ofDays(740), "2y10d"),
                new Case(Duration.ofDays(365 * 8 - 1), "7y364d"),
                new Case(Duration.ofDays(365 * 8), "8y"),
                new Case(Duration.ofDays(365 * 20 + 100), "20y"),
                new Case(Duration.ofDays(365 * 1000), "292y"));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void formatsLikeUpstream(Case c) {
        assertThat(HumanDuration.format(c.d())).isEqualTo(c.expected());
    }
}
