package io.kube4j.controllers.cronjob;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A CronJob schedule as upstream reads it ({@code robfig/cron} v3 {@code ParseStandard}): five
 * fields (minute, hour, day of month, month, day of week) with {@code * ? , - /} and month/day
 * names, or a descriptor ({@code @yearly @annually @monthly @weekly @daily @midnight @hourly},
 * {@code @every <duration>}), optionally after {@code TZ=<zone>} or {@code CRON_TZ=<zone>}.
 * {@link #next} follows that library's walk over wall-clock fields, so daylight-saving changes
 * behave as upstream's: a time in a skipped hour is skipped that day, a time in a repeated hour
 * runs in both. Immutable; thread-safe.
 */
public sealed interface CronSchedule {

    /** The zone named in the schedule ({@code TZ=}), or null. */
    ZoneId zone();

    /** The first activation strictly after {@code after}, evaluated in {@code zone}; null if none within five years. */
    Instant next(Instant after, ZoneId zone);

    /** Five cron fields as bit sets; {@code domStar}/{@code dowStar} mark a field written as {@code *} or {@code ?}. */
    record Fields(long minutes, long hours, long daysOfMonth, long months, long daysOfWeek, boolean domStar, boolean dowStar,
            ZoneId zone) implements CronSchedule {

        @Override
        public Instant next(Instant after, ZoneId zone) {
            ZonedDateTime t = after.atZone(zone).plusSeconds(1).truncatedTo(ChronoUnit.SECONDS);
            boolean added = false;
            int yearLimit = t.getYear() + 5;
            wrap:
            while (true) {
                if (t.getYear() > yearLimit) {
                    return null;
                }
                while ((months & (1L << t.getMonthValue())) == 0) {
                    if (!added) {
                        added = true;
                        t = ZonedDateTime.of(t.getYear(), t.getMonthValue(), 1, 0, 0, 0, 0, zone);
                    }
                    t = t.plusMonths(1);
                    if (t.getMonthValue() == 1) {
                        continue wrap;
                    }
                }
                while (!dayMatches(t)) {
                    if (!added) {
                        added = true;
                        t = ZonedDateTime.of(t.toLocalDate().atStartOfDay(), zone);
                    }
                    t = t.plusDays(1);
                    if (t.getHour() != 0) {
                        // a day starting off midnight (DST): back to the day's first hour, as the library does
                        t = t.getHour() > 12 ? t.plusHours(24 - t.getHour()) : t.minusHours(t.getHour());
                    }
                    if (t.getDayOfMonth() == 1) {
                        continue wrap;
                    }
                }
                while ((hours & (1L << t.getHour())) == 0) {
                    if (!added) {
                        added = true;
                        t = t.truncatedTo(ChronoUnit.HOURS);
                    }
                    t = t.plusHours(1);
                    if (t.getHour() == 0) {
                        continue wrap;
                    }
                }
                while ((minutes & (1L << t.getMinute())) == 0) {
                    if (!added) {
                        added = true;
                        t = t.truncatedTo(ChronoUnit.MINUTES);
                    }
                    t = t.plusMinutes(1);
                    if (t.getMinute() == 0) {
                        continue wrap;
                    }
                }
                while (t.getSecond() != 0) {
                    if (!added) {
                        added = true;
                        t = t.truncatedTo(ChronoUnit.SECONDS);
                    }
                    t = t.plusSeconds(1);
                    if (t.getSecond() == 0) {
                        continue wrap;
                    }
                }
                return t.toInstant();
            }
        }

        private boolean dayMatches(ZonedDateTime t) {
            boolean dom = (daysOfMonth & (1L << t.getDayOfMonth())) != 0;
            boolean dow = (daysOfWeek & (1L << (t.getDayOfWeek().getValue() % 7))) != 0;
            return domStar || dowStar ? dom && dow : dom || dow;
        }
    }

    /** {@code @every <duration>}: a constant delay, at least a second, counted from the last run. */
    record Every(Duration delay, ZoneId zone) implements CronSchedule {
        @Override
        public Instant next(Instant after, ZoneId zone) {
            return after.plus(delay).truncatedTo(ChronoUnit.SECONDS);
        }
    }

    /**
     * Parses {@code spec}.
     *
     * @throws IllegalArgumentException with the parser's words when it does not parse
     */
    static CronSchedule parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("empty spec string");
        }
        String s = spec.trim();
        ZoneId zone = null;
        if (s.startsWith("TZ=") || s.startsWith("CRON_TZ=")) {
            int space = s.indexOf(' ');
            String name = s.substring(s.indexOf('=') + 1, space < 0 ? s.length() : space);
            try {
                zone = ZoneId.of(name);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("provided bad location " + name + ": unknown time zone " + name);
            }
            s = space < 0 ? "" : s.substring(space).trim();
        }
        if (s.startsWith("@")) {
            return CronFieldParser.descriptor(s, zone);
        }
        List<String> fields = List.of(s.split("\\s+"));
        if (fields.size() != 5) {
            throw new IllegalArgumentException("expected exactly 5 fields, found " + fields.size() + ": [" + String.join(" ", fields) + "]");
        }
        CronFieldParser.Field dom = CronFieldParser.field(fields.get(2), 1, 31, Map.of());
        CronFieldParser.Field dow = CronFieldParser.field(fields.get(4), 0, 6, CronFieldParser.DAYS);
        return new Fields(CronFieldParser.field(fields.get(0), 0, 59, Map.of()).bits(),
                CronFieldParser.field(fields.get(1), 0, 23, Map.of()).bits(), dom.bits(),
                CronFieldParser.field(fields.get(3), 1, 12, CronFieldParser.MONTHS).bits(), dow.bits(), dom.star(), dow.star(), zone);
    }

    /** Lower-case, for name lookups. */
    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
