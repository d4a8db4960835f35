package io.kube4j.kubelet.server;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Optional;

/**
 * One line of a container log file in the CRI format upstream's runtimes write:
 * {@code TIMESTAMP STREAM TAG CONTENT}, with an RFC 3339 (nanosecond) timestamp, {@code stdout} or
 * {@code stderr}, and a tag whose first field is {@code P} (a partial line, continued by the next
 * entry of the same stream) or {@code F} (the line ends here). Immutable.
 *
 * @param time when the runtime read the content
 * @param stream {@code stdout} or {@code stderr}
 * @param partial the content is a fragment of a longer line (tag {@code P})
 * @param content the bytes, without the line's newline
 */
public record CriLogLine(Instant time, String stream, boolean partial, byte[] content) {

    /**
     * Parses one line (without its trailing newline); empty for a line that is not in the format
     * (upstream skips such lines with a log message, so do we).
     */
    public static Optional<CriLogLine> parse(byte[] line) {
        int first = indexOf(line, 0);
        if (first <= 0) {
            return Optional.empty();
        }
        int second = indexOf(line, first + 1);
        if (second < 0) {
            return Optional.empty();
        }
        int third = indexOf(line, second + 1);
        // An empty final line is written as "TIME STREAM F" without a trailing space by some runtimes.
        int tagEnd = third < 0 ? line.length : third;
        Instant time;
        try {
            time = Instant.parse(new String(line, 0, first, StandardCharsets.US_ASCII));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
        String stream = new String(line, first + 1, second - first - 1, StandardCharsets.US_ASCII);
        if (!stream.equals("stdout") && !stream.equals("stderr")) {
            return Optional.empty();
        }
        String tag = new String(line, second + 1, tagEnd - second - 1, StandardCharsets.US_ASCII);
        String kind = tag.split(":", 2)[0];
        if (!kind.equals("P") && !kind.equals("F")) {
            return Optional.empty();
        }
        byte[] content = third < 0 ? new byte[0] : Arrays.copyOfRange(line, third + 1, line.length);
        return Optional.of(new CriLogLine(time, stream, kind.equals("P"), content));
    }

    private static int indexOf(byte[] line, int from) {
        for (int i = from; i < line.length; i++) {
            if (line[i] == ' ') {
                return i;
            }
        }
        return -1;
    }
}
