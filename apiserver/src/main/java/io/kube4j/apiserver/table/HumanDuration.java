package io.kube4j.apiserver.table;

import java.time.Duration;

/**
 * Upstream's {@code duration.HumanDuration}: a duration in two or three significant figures, the
 * way {@code kubectl get} prints ages. Seconds up to 2 minutes ({@code 119s}), then minutes and
 * seconds below 10 minutes ({@code 3m2s}), minutes below 3 hours ({@code 95m}), hours and minutes
 * below 8 hours ({@code 5h4m}), hours below 2 days ({@code 47h}), days and hours below 8 days
 * ({@code 2d3h}), days below 2 years ({@code 400d}), years and days below 8 years
 * ({@code 2y10d}), then years. A slightly negative duration (clock skew up to one second) is
 * {@code 0s}; more negative is {@code <invalid>}. Stateless, thread-safe.
 */
public final class HumanDuration {

    private static final long SECOND = 1_000_000_000L;

    private HumanDuration() {
    }

    /** The short human form of {@code d}. */
    public static String format(Duration d) {
        long nanos;
        try {
            nanos = d.toNanos();
        } catch (ArithmeticException overflow) {
            // Go's durations stop at ~292 years; clamp the same way.
            nanos = d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        long seconds = nanos / SECOND; // truncates toward zero, as Go's int(d.Seconds())
        if (seconds < -1) {
            return "<invalid>";
        } else if (seconds < 0) {
            return "0s";
        } else if (seconds < 60 * 2) {
            return seconds + "s";
        }
        long minutes = nanos / (60 * SECOND);
        if (minutes < 10) {
            long s = seconds % 60;
            return s == 0 ? minutes + "m" : minutes + "m" + s + "s";
        } else if (minutes < 60 * 3) {
            return minutes + "m";
        }
        long hours = nanos / (3600 * SECOND);
        if (hours < 8) {
            long m = minutes % 60;
            return m == 0 ? hours + "h" : hours + "h" + m + "m";
        } else if (hours < 48) {
            return hours + "h";
        } else if (hours < 24 * 8) {
            long h = hours % 24;
            return h == 0 ? hours / 24 + "d" : hours / 24 + "d" + h + "h";
        } else if (hours < 24 * 365 * 2) {
            return hours / 24 + "d";
        } else if (hours < 24 * 365 * 8) {
            long days = hours / 24 % 365;
            return days == 0 ? hours / 24 / 365 + "y" : hours / 24 / 365 + "y" + days + "d";
        }
        return hours / 24 / 365 + "y";
    }
}
