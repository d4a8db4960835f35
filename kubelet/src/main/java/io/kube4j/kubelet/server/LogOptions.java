package io.kube4j.kubelet.server;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.function.Function;

/**
 * What part of a container's log to send, as upstream's {@code PodLogOptions} (the query of
 * {@code /containerLogs}). Immutable.
 *
 * @param follow keep sending what the container writes until it stops
 * @param previous the instance before the current one
 * @param tailLines only the last N lines (null: all)
 * @param limitBytes stop after N bytes (null: no limit)
 * @param since only lines written at or after this time (null: all); from sinceSeconds or sinceTime
 * @param timestamps prefix each line with its RFC 3339 timestamp
 */
public record LogOptions(boolean follow, boolean previous, Long tailLines, Long limitBytes, Instant since,
        boolean timestamps) {

    /**
     * Reads the options from query parameters ({@code param} answers null when absent).
     *
     * @throws IllegalArgumentException for a malformed or negative value, with upstream's wording
     */
    public static LogOptions parse(Function<String, String> param, Instant now) {
        Long tail = number(param, "tailLines");
        Long limit = number(param, "limitBytes");
        if (limit != null && limit < 1) {
            throw new IllegalArgumentException("limitBytes: Invalid value: " + limit + ": must be greater than 0");
        }
        Long sinceSeconds = number(param, "sinceSeconds");
        String sinceTime = param.apply("sinceTime");
        if (sinceSeconds != null && sinceTime != null && !sinceTime.isEmpty()) {
            throw new IllegalArgumentException("at most one of `sinceTime` or `sinceSeconds` may be specified");
        }
        Instant since = null;
        if (sinceSeconds != null) {
            if (sinceSeconds < 1) {
                throw new IllegalArgumentException("sinceSeconds: Invalid value: " + sinceSeconds
                        + ": must be greater than 0");
            }
            since = now.minusSeconds(sinceSeconds);
        } else if (sinceTime != null && !sinceTime.isEmpty()) {
            try {
                since = Instant.parse(sinceTime);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("sinceTime: Invalid value: \"" + sinceTime + "\": not RFC 3339");
            }
        }
        return new LogOptions(flag(param, "follow"), flag(param, "previous"), tail, limit, since,
                flag(param, "timestamps"));
    }

    private static boolean flag(Function<String, String> param, String name) {
        String v = param.apply(name);
        return v != null && (v.equals("true") || v.equals("1") || v.isEmpty());
    }

    private static Long number(Function<String, String> param, String name) {
        String v = param.apply(name);
        if (v == null || v.isEmpty()) {
            return null;
        }
        try {
            long n = Long.parseLong(v);
            if (n < 0) {
                throw new IllegalArgumentException(name + ": Invalid value: " + n + ": must be greater than or equal to 0");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": Invalid value: \"" + v + "\": not a number");
        }
    }
}
