package io.kube4j.apiserver.protobuf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Go's Duration text, as {@code time.Duration.String} prints and {@code ParseDuration} reads it. */
class GoDurationTest {

    @ParameterizedTest(name = "{0} ns = {1}")
    @CsvSource({
            "0, 0s",
            "1, 1ns",
            "1500, 1.5µs",
            "300000000, 300ms",
            "1000000000, 1s",
            "1500000000, 1.5s",
            "300000000000, 5m0s",
            "3600000000000, 1h0m0s",
            "259200500000000, 72h0m0.5s",
            "-90000000000, -1m30s",
    })
    void formatsAndParsesBack(long nanos, String text) {
        assertThat(GoDuration.format(nanos)).isEqualTo(text);
        assertThat(GoDuration.parse(text)).isEqualTo(nanos);
    }

    @ParameterizedTest(name = "{0} = {1} ns")
    @CsvSource({"0, 0", "1h30m, 5400000000000", "2us, 2000", "1.5h, 5400000000000", "+10s, 10000000000"})
    void parsesOtherSpellings(String text, long nanos) {
        assertThat(GoDuration.parse(text)).isEqualTo(nanos);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "5", "1d", "m", "-", "1.2.3s", "9999999999h"})
    void refusesWhatGoRefuses(String text) {
        assertThatThrownBy(() -> GoDuration.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }
}
