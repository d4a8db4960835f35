package io.kube4j.apiserver.protobuf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KubeTimesTest {

    @ParameterizedTest
    @CsvSource({
            "2024-05-01T10:00:00Z, 1714557600, 0",
            "2024-05-01T12:00:00+02:00, 1714557600, 0",
            "2024-05-01T10:00:00.123456789Z, 1714557600, 123456789",
            "1970-01-01T00:00:00Z, 0, 0"})
    void parsesRfc3339(String text, long seconds, int nanos) {
        assertThat(KubeTimes.parse(text)).isEqualTo(Instant.ofEpochSecond(seconds, nanos));
    }

    @Test
    void formatsTimeAtSecondsAndMicroTimeWithSixDigits() {
        assertThat(KubeTimes.formatSeconds(1714557600L)).isEqualTo("2024-05-01T10:00:00Z");
        assertThat(KubeTimes.formatMicros(1714557600L, 123456789)).isEqualTo("2024-05-01T10:00:00.123456Z");
        assertThat(KubeTimes.formatMicros(1714557600L, 0)).isEqualTo("2024-05-01T10:00:00.000000Z");
    }

    @Test
    void refusesOtherText() {
        assertThatThrownBy(() -> KubeTimes.parse("yesterday")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KubeTimes.parse("2024-05-01T10:00:00")).isInstanceOf(IllegalArgumentException.class);
    }
}
