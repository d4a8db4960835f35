package io.kube4j.apiserver.protobuf;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * The JSON text of {@code meta/v1.Time} (RFC 3339 in UTC at second precision) and
 * {@code meta/v1.MicroTime} (always six fraction digits). Parsing accepts any RFC 3339 offset
 * and fraction, as Go's {@code time.Parse(time.RFC3339, ...)} does. Stateless, thread-safe.
 */
final class KubeTimes {

    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MICROS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC);

    private KubeTimes() {
    }

    /** {@code 2024-05-01T10:00:00Z}; any fraction is dropped, as upstream's Time drops it. */
    static String formatSeconds(long epochSeconds) {
        return SECONDS.format(Instant.ofEpochSecond(epochSeconds));
    }

    /** {@code 2024-05-01T10:00:00.123456Z}; nanoseconds are truncated to microseconds. */
    static String formatMicros(long epochSeconds, int nanos) {
        return MICROS.format(Instant.ofEpochSecond(epochSeconds, nanos).truncatedTo(ChronoUnit.MICROS));
    }

    /**
     * Parses RFC 3339 text.
     *
     * @throws IllegalArgumentException when it is not RFC 3339
     */
    static Instant parse(String text) {
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("invalid RFC 3339 time \"" + text + "\"", e);
        }
    }
}
