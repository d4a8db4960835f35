package io.kube4j.apiserver.protobuf;

import java.math.BigDecimal;

/**
 * Go's {@code time.Duration} text form, which is how {@code meta/v1.Duration} appears in JSON
 * ({@code "1h0m0s"}, {@code "1.5s"}, {@code "300ms"}): formatting as Go's {@code String()} does and
 * parsing what Go's {@code ParseDuration} accepts. Stateless, thread-safe.
 */
final class GoDuration {

    private static final long MICRO = 1_000L;
    private static final long MILLI = 1_000_000L;
    private static final long SECOND = 1_000_000_000L;
    private static final long MINUTE = 60 * SECOND;
    private static final long HOUR = 60 * MINUTE;

    private GoDuration() {
    }

    /** Formats nanoseconds like Go: the largest units first, seconds with a trimmed fraction. */
    static String format(long nanos) {
        if (nanos == 0) {
            return "0s";
        }
        String sign = nanos < 0 ? "-" : "";
        // Long.MIN_VALUE has no positive counterpart; BigDecimal keeps it exact.
        BigDecimal abs = BigDecimal.valueOf(nanos).abs();
        if (abs.compareTo(BigDecimal.valueOf(SECOND)) < 0) {
            long n = abs.longValueExact();
            if (n < MICRO) {
                return sign + n + "ns";
            }
            if (n < MILLI) {
                return sign + fraction(abs, MICRO) + "µs";
            }
            return sign + fraction(abs, MILLI) + "ms";
        }
        BigDecimal[] hours = abs.divideAndRemainder(BigDecimal.valueOf(HOUR));
        BigDecimal[] minutes = hours[1].divideAndRemainder(BigDecimal.valueOf(MINUTE));
        String seconds = fraction(minutes[1], SECOND) + "s";
        if (hours[0].signum() > 0) {
            return sign + hours[0].toPlainString() + "h" + minutes[0].toPlainString() + "m" + seconds;
        }
        if (minutes[0].signum() > 0) {
            return sign + minutes[0].toPlainString() + "m" + seconds;
        }
        return sign + seconds;
    }

    private static String fraction(BigDecimal nanos, long unit) {
        BigDecimal v = nanos.divide(BigDecimal.valueOf(unit)).stripTrailingZeros();
        return v.scale() < 0 ? v.setScale(0).toPlainString() : v.toPlainString();
    }

    /**
     * Parses Go's duration syntax: an optional sign, then one or more decimal numbers each with a
     * unit ({@code ns us µs μs ms s m h}); {@code "0"} alone is allowed.
     *
     * @throws IllegalArgumentException when the text is not a duration or overflows int64
     */
    static long parse(String text) {
        String s = text;
        boolean negative = false;
        if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            negative = s.charAt(0) == '-';
            s = s.substring(1);
        }
        if (s.equals("0")) {
            return 0;
        }
        if (s.isEmpty()) {
            throw new IllegalArgumentException("invalid duration \"" + text + "\"");
        }
        BigDecimal total = BigDecimal.ZERO;
        int i = 0;
        while (i < s.length()) {
            int start = i;
            while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                i++;
            }
            String number = s.substring(start, i);
            int unitStart = i;
            while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') {
                i++;
            }
            String unit = s.substring(unitStart, i);
            if (number.isEmpty() || number.equals(".") || unit.isEmpty()) {
                throw new IllegalArgumentException("invalid duration \"" + text + "\"");
            }
            total = total.add(new BigDecimal(number).multiply(BigDecimal.valueOf(unitNanos(unit, text))));
        }
        BigDecimal signed = negative ? total.negate() : total;
        try {
            return signed.setScale(0, java.math.RoundingMode.DOWN).longValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("invalid duration \"" + text + "\": out of range", e);
        }
    }

    private static long unitNanos(String unit, String text) {
        return switch (unit) {
            case "ns" -> 1;
            case "us", "µs", "μs" -> MICRO;
            case "ms" -> MILLI;
            case "s" -> SECOND;
            case "m" -> MINUTE;
            case "h" -> HOUR;
            default -> throw new IllegalArgumentException("unknown unit \"" + unit + "\" in duration \"" + text + "\"");
        };
    }
}
