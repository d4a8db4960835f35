package io.kube4j.apiserver.resources.batch;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Checks a CronJob schedule the way upstream's parser ({@code robfig/cron} v3,
 * {@code ParseStandard}) does: five fields (minute, hour, day of month, month, day of week), or a
 * descriptor ({@code @hourly}, {@code @every 1h30m}, ...), optionally after {@code TZ=} or
 * {@code CRON_TZ=}. The error words are that parser's. Stateless; thread-safe.
 */
final class CronSchedule {

    private record Bounds(int min, int max, Map<String, Integer> names) {
    }

    private static final Map<String, Integer> MONTHS = Map.ofEntries(Map.entry("jan", 1), Map.entry("feb", 2),
            Map.entry("mar", 3), Map.entry("apr", 4), Map.entry("may", 5), Map.entry("jun", 6),
            Map.entry("jul", 7), Map.entry("aug", 8), Map.entry("sep", 9), Map.entry("oct", 10),
            Map.entry("nov", 11), Map.entry("dec", 12));
    private static final Map<String, Integer> DAYS = Map.of("sun", 0, "mon", 1, "tue", 2, "wed", 3, "thu", 4,
            "fri", 5, "sat", 6);
    private static final List<Bounds> FIELDS = List.of(new Bounds(0, 59, Map.of()), new Bounds(0, 23, Map.of()),
            new Bounds(1, 31, Map.of()), new Bounds(1, 12, MONTHS), new Bounds(0, 6, DAYS));
    private static final List<String> DESCRIPTORS = List.of("@yearly", "@annually", "@monthly", "@weekly",
            "@daily", "@midnight", "@hourly");

    private static final java.util.Set<String> ZONES = java.util.Set.copyOf(ZoneId.getAvailableZoneIds());

    private CronSchedule() {
    }

    /** The parser's error for {@code spec}, or empty when it parses. */
    static Optional<String> error(String spec) {
        try {
            parse(spec);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    private static void parse(String spec) {
        if (spec.isEmpty()) {
            throw new IllegalArgumentException("empty spec string");
        }
        String s = spec;
        if (s.startsWith("TZ=") || s.startsWith("CRON_TZ=")) {
            int eq = s.indexOf('=');
            int space = s.indexOf(' ');
            String zone = space < 0 ? s.substring(eq + 1) : s.substring(eq + 1, space);
            if (!knownZone(zone)) {
                throw new IllegalArgumentException("provided bad location " + zone + ": unknown time zone " + zone);
            }
            s = space < 0 ? "" : s.substring(space).strip();
        }
        if (s.startsWith("@")) {
            descriptor(s);
            return;
        }
        String[] fields = s.isBlank() ? new String[0] : s.strip().split("\\s+");
        if (fields.length != 5) {
            throw new IllegalArgumentException("expected exactly 5 fields, found " + fields.length + ": ["
                    + String.join(" ", fields) + "]");
        }
        for (int i = 0; i < 5; i++) {
            for (String expr : fields[i].split(",", -1)) {
                range(expr, FIELDS.get(i));
            }
        }
    }

    private static void descriptor(String s) {
        if (DESCRIPTORS.contains(s)) {
            return;
        }
        if (s.startsWith("@every ")) {
            String d = s.substring("@every ".length());
            if (GoDuration.parse(d).isEmpty()) {
                throw new IllegalArgumentException("failed to parse duration " + s + ": time: invalid duration \""
                        + d + "\"");
            }
            return;
        }
        throw new IllegalArgumentException("unrecognized descriptor: " + s);
    }

    private static void range(String expr, Bounds b) {
        String[] rangeAndStep = expr.split("/", -1);
        String[] lowAndHigh = rangeAndStep[0].split("-", -1);
        boolean single = lowAndHigh.length == 1;
        int start;
        int end;
        boolean star = lowAndHigh[0].equals("*") || lowAndHigh[0].equals("?");
        if (star) {
            start = b.min();
            end = b.max();
        } else {
            start = intOrName(lowAndHigh[0], b.names(), expr);
            end = switch (lowAndHigh.length) {
                case 1 -> start;
                case 2 -> intOrName(lowAndHigh[1], b.names(), expr);
                default -> throw new IllegalArgumentException("too many hyphens: " + expr);
            };
        }
        int step = switch (rangeAndStep.length) {
            case 1 -> 1;
            case 2 -> {
                int n = positiveInt(rangeAndStep[1], expr);
                if (single && !star) {
                    end = b.max();
                }
                yield n;
            }
            default -> throw new IllegalArgumentException("too many slashes: " + expr);
        };
        if (start < b.min()) {
            throw new IllegalArgumentException("beginning of range (" + start + ") below minimum (" + b.min()
                    + "): " + expr);
        }
        if (end > b.max()) {
            throw new IllegalArgumentException("end of range (" + end + ") above maximum (" + b.max() + "): " + expr);
        }
        if (start > end) {
            throw new IllegalArgumentException("beginning of range (" + start + ") beyond end of range (" + end
                    + "): " + expr);
        }
        if (step == 0) {
            throw new IllegalArgumentException("step of range should be a positive number: " + expr);
        }
    }

    private static int intOrName(String s, Map<String, Integer> names, String expr) {
        Integer named = names.get(s.toLowerCase(Locale.ROOT));
        return named != null ? named : positiveInt(s, expr);
    }

    private static int positiveInt(String s, String expr) {
        int n;
        try {
            n = Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("failed to parse int from " + s + ": strconv.Atoi: parsing \"" + s
                    + "\": invalid syntax");
        }
        if (n < 0) {
            throw new IllegalArgumentException("negative number (" + n + ") not allowed: " + s);
        }
        return n;
    }

    /** Whether Go's time.LoadLocation knows the zone ("UTC", "Local" and IANA names). */
    static boolean knownZone(String zone) {
        return zone.equals("UTC") || zone.equals("Local") || zone.isEmpty()
                || ZONES.contains(zone);
    }

    /** Go's time.ParseDuration, enough for {@code @every}: e.g. 1h30m, 90s, 1.5h. */
    static final class GoDuration {
        private GoDuration() {
        }

        static Optional<Duration> parse(String s) {
            if (!s.matches("[-+]?((\\d+(\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h))+") && !s.equals("0")) {
                return Optional.empty();
            }
            return Optional.of(Duration.ZERO);
        }
    }
}
