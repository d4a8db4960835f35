package io.kube4j.controllers.cronjob;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/**
 * The scheduled times a CronJob has not run yet (upstream's mostRecentScheduleTime): counted from
 * its last schedule time (or creation), but no earlier than {@code startingDeadlineSeconds} ago.
 * Only the most recent missed time is ever started; the count is reported for the
 * TooManyMissedTimes warning, and is exact up to {@link #COUNT_LIMIT}. Stateless.
 *
 * @param mostRecent the latest scheduled time at or before now that was missed, or null
 * @param count      how many were missed, capped at {@link #COUNT_LIMIT}
 */
record MissedRuns(Instant mostRecent, int count) {

    /** Upstream warns when more than 100 start times were missed. */
    static final int TOO_MANY = 100;
    static final int COUNT_LIMIT = 1000;
    /** Windows back from now searched for the most recent time, so dense schedules never walk far. */
    private static final List<Duration> WINDOWS = List.of(Duration.ofHours(1), Duration.ofDays(1), Duration.ofDays(32),
            Duration.ofDays(367), Duration.ofDays(5 * 366));

    static MissedRuns between(CronSchedule schedule, ZoneId zone, Instant earliest, Instant now) {
        Instant first = schedule.next(earliest, zone);
        if (first == null || first.isAfter(now)) {
            return new MissedRuns(null, 0);
        }
        int count = 0;
        Instant last = null;
        for (Instant t = first; t != null && !t.isAfter(now) && count < COUNT_LIMIT; t = schedule.next(t, zone)) {
            count++;
            last = t;
        }
        if (count < COUNT_LIMIT) {
            return new MissedRuns(last, count);
        }
        for (Duration window : WINDOWS) {
            Instant from = now.minus(window);
            if (from.isBefore(last)) {
                from = last;
            }
            Instant t = schedule.next(from, zone);
            if (t == null || t.isAfter(now)) {
                continue;
            }
            Instant latest = t;
            for (Instant n = schedule.next(t, zone); n != null && !n.isAfter(now); n = schedule.next(n, zone)) {
                latest = n;
            }
            return new MissedRuns(latest, count);
        }
        return new MissedRuns(last, count);
    }
}
