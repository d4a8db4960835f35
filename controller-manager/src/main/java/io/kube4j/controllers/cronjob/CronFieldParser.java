package io.kube4j.controllers.cronjob;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The pieces of {@link CronSchedule#parse}: one field's bits, descriptors, Go durations. Stateless. */
final class CronFieldParser {

    /** One parsed field: its bits and whether it was {@code *} or {@code ?}. */
    record Field(long bits, boolean star) {
    }

    static final Map<String, Integer> MONTHS = Map.ofEntries(Map.entry("jan", 1), Map.entry("feb", 2), Map.entry("mar", 3),
            Map.entry("apr", 4), Map.entry("may", 5), Map.entry("jun", 6), Map.entry("jul", 7), Map.entry("aug", 8),
            Map.entry("sep", 9), Map.entry("oct", 10), Map.entry("nov", 11), Map.entry("dec", 12));
    static final Map<String, Integer> DAYS = Map.of("sun", 0, "mon", 1, "tue", 2, "wed", 3, "thu", 4, "fri", 5, "sat", 6);
    private static final Pattern GO_DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h)");

    private CronFieldParser() {
    }

    /** A comma-separated list of ranges {@code a}, {@code a-b}, {@code *}, each optionally {@code /step}. */
    static Field field(String text, int min, int max, Map<String, Integer> names) {
        long bits = 0;
        boolean star = false;
        for (String part : text.split(",", -1)) {
            String[] rangeAndStep = part.split("/", -1);
            if (rangeAndStep.length > 2) {
                throw new IllegalArgumentException("too many slashes: " + part);
            }
            String[] lowHigh = rangeAndStep[0].split("-", -1);
            if (lowHigh.length > 2) {
                throw new IllegalArgumentException("too many hyphens: " + part);
            }
            int start;
            int end;
            boolean partStar = false;
            if (lowHigh[0].equals("*") || lowHigh[0].equals("?")) {
                start = min;
                end = max;
                partStar = true;
            } else {
                start = value(lowHigh[0], names);
                end = lowHigh.length == 2 ? value(lowHigh[1], names) : start;
            }
            int step = 1;
            if (rangeAndStep.length == 2) {
                step = number(rangeAndStep[1]);
                if (lowHigh.length == 1 && !partStar) {
                    end = max;
                }
                if (step > 1) {
                    partStar = false;
                }
            }
            if (start < min) {
                throw new IllegalArgumentException("beginning of range (" + start + ") below minimum (" + min + "): " + part);
            }
            if (end > max) {
                throw new IllegalArgumentException("end of range (" + end + ") above maximum (" + max + "): " + part);
            }
            if (start > end) {
                throw new IllegalArgumentException("beginning of range (" + start + ") beyond end of range (" + end + "): " + part);
            }
            if (step == 0) {
                throw new IllegalArgumentException("step of range should be a positive number: " + part);
            }
            for (int i = start; i <= end; i += step) {
                bits |= 1L << i;
            }
            star |= partStar;
        }
        return new Field(bits, star);
    }

    private static int value(String text, Map<String, Integer> names) {
        Integer named = names.get(CronSchedule.lower(text));
        return named != null ? named : number(text);
    }

    private static int number(String text) {
        try {
            int n = Integer.parseInt(text);
            if (n < 0) {
                throw new IllegalArgumentException("negative number (" + n + ") not allowed: " + text);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("failed to parse int from " + text + ": " + e.getMessage());
        }
    }

    static CronSchedule descriptor(String text, ZoneId zone) {
        String five = switch (text) {
            case "@yearly", "@annually" -> "0 0 1 1 *";
            case "@monthly" -> "0 0 1 * *";
            case "@weekly" -> "0 0 * * 0";
            case "@daily", "@midnight" -> "0 0 * * *";
            case "@hourly" -> "0 * * * *";
            default -> null;
        };
        if (five != null) {
            CronSchedule.Fields f = (CronSchedule.Fields) CronSchedule.parse(five);
            return new CronSchedule.Fields(f.minutes(), f.hours(), f.daysOfMonth(), f.months(), f.daysOfWeek(), f.domStar(),
                    f.dowStar(), zone);
        }
        if (text.startsWith("@every ")) {
            Duration d = goDuration(text.substring("@every ".length()).trim());
            if (d.compareTo(Duration.ofSeconds(1)) < 0) {
                d = Duration.ofSeconds(1);
            }
            return new CronSchedule.Every(d.truncatedTo(java.time.temporal.ChronoUnit.SECONDS), zone);
        }
        throw new IllegalArgumentException("unrecognized descriptor: " + text);
    }

    /** A Go {@code time.ParseDuration} string such as {@code 1h30m} or {@code 90s}. */
    static Duration goDuration(String text) {
        Matcher m = GO_DURATION_PART.matcher(text);
        long nanos = 0;
        int at = 0;
        while (m.find() && m.start() == at) {
            double n = Double.parseDouble(m.group(1));
            long unit = switch (m.group(2)) {
                case "ns" -> 1L;
                case "us", "µs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                default -> 3_600_000_000_000L;
            };
            nanos += (long) (n * unit);
            at = m.end();
        }
        if (at == 0 || at != text.length()) {
            throw new IllegalArgumentException("failed to parse duration " + text + ": time: invalid duration \"" + text + "\"");
        }
        return Duration.ofNanos(nanos);
    }
}
