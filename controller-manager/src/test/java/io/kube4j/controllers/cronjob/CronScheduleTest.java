package io.kube4j.controllers.cronjob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CronScheduleTest {

    @ParameterizedTest(name = "\"{0}\" after {1} in {2} -> {3}")
    @CsvSource(delimiter = '|', value = {
        "* * * * *        | 2026-01-01T10:00:00Z | UTC | 2026-01-01T10:01:00Z",
        "* * * * *        | 2026-01-01T10:00:30Z | UTC | 2026-01-01T10:01:00Z",
        "*/15 * * * *     | 2026-01-01T10:16:00Z | UTC | 2026-01-01T10:30:00Z",
        "5/20 * * * *     | 2026-01-01T10:26:00Z | UTC | 2026-01-01T10:45:00Z",
        "0 9-17/4 * * *   | 2026-01-01T10:00:00Z | UTC | 2026-01-01T13:00:00Z",
        "30 2 * * *       | 2026-01-01T03:00:00Z | UTC | 2026-01-02T02:30:00Z",
        "0 0 1 * *        | 2026-01-15T00:00:00Z | UTC | 2026-02-01T00:00:00Z",
        "0 0 31 * *       | 2026-04-01T00:00:00Z | UTC | 2026-05-31T00:00:00Z",
        "0 0 29 2 *       | 2026-01-01T00:00:00Z | UTC | 2028-02-29T00:00:00Z",
        "0 12 * * mon-fri | 2026-01-02T13:00:00Z | UTC | 2026-01-05T12:00:00Z",
        "0 12 * * SUN     | 2026-01-01T00:00:00Z | UTC | 2026-01-04T12:00:00Z",
        "0 0 * JAN,jul *  | 2026-02-01T00:00:00Z | UTC | 2026-07-01T00:00:00Z",
        "0 0 13 * 5       | 2026-01-01T00:00:00Z | UTC | 2026-01-02T00:00:00Z",
        "0 0 */2 * 5      | 2026-01-01T00:00:00Z | UTC | 2026-01-02T00:00:00Z",
        "0 0 ? * 5        | 2026-01-01T00:00:00Z | UTC | 2026-01-02T00:00:00Z",
        "@hourly          | 2026-01-01T10:00:00Z | UTC | 2026-01-01T11:00:00Z",
        "@daily           | 2026-01-01T10:00:00Z | UTC | 2026-01-02T00:00:00Z",
        "@weekly          | 2026-01-01T10:00:00Z | UTC | 2026-01-04T00:00:00Z",
        "@monthly         | 2026-01-01T10:00:00Z | UTC | 2026-02-01T00:00:00Z",
        "@yearly          | 2026-01-01T10:00:00Z | UTC | 2027-01-01T00:00:00Z",
        "@every 1h30m     | 2026-01-01T10:00:00Z | UTC | 2026-01-01T11:30:00Z",
        "0 9 * * *        | 2026-01-01T00:00:00Z | Europe/Berlin | 2026-01-01T08:00:00Z",
        "0 9 * * *        | 2026-07-01T00:00:00Z | Europe/Berlin | 2026-07-01T07:00:00Z",
        // spring forward in New York, 2026-03-08 02:00 -> 03:00: 02:30 does not exist that day
        "30 2 * * *       | 2026-03-07T08:00:00Z | America/New_York | 2026-03-09T06:30:00Z",
        "0 3 * * *        | 2026-03-08T06:00:00Z | America/New_York | 2026-03-08T07:00:00Z",
        // fall back, 2026-11-01 02:00 -> 01:00: 01:30 happens twice and runs twice
        "30 1 * * *       | 2026-11-01T04:00:00Z | America/New_York | 2026-11-01T05:30:00Z",
        "30 1 * * *       | 2026-11-01T05:30:00Z | America/New_York | 2026-11-01T06:30:00Z",
        "30 1 * * *       | 2026-11-01T06:30:00Z | America/New_York | 2026-11-02T06:30:00Z",
        "TZ=Asia/Tokyo 0 9 * * * | 2026-01-01T00:00:00Z | Asia/Tokyo | 2026-01-02T00:00:00Z"})
    void nextActivation(String spec, String after, String zone, String expected) {
        CronSchedule schedule = CronSchedule.parse(spec);
        assertThat(schedule.next(Instant.parse(after), ZoneId.of(zone))).isEqualTo(Instant.parse(expected));
    }

    @ParameterizedTest(name = "\"{0}\" -> {1}")
    @CsvSource(delimiter = '|', value = {
        "''                | empty spec string",
        "* * * *           | expected exactly 5 fields, found 4",
        "* * * * * *       | expected exactly 5 fields, found 6",
        "60 * * * *        | end of range (60) above maximum (59)",
        "* 24 * * *        | end of range (24) above maximum (23)",
        "* * 0 * *         | beginning of range (0) below minimum (1)",
        "* * * 13 *        | end of range (13) above maximum (12)",
        "* * * * 7         | end of range (7) above maximum (6)",
        "5-1 * * * *       | beginning of range (5) beyond end of range (1)",
        "*/0 * * * *       | step of range should be a positive number",
        "x * * * *         | failed to parse int from x",
        "@fortnightly      | unrecognized descriptor: @fortnightly",
        "TZ=Mars/Base * * * * * | provided bad location Mars/Base"})
    void rejectsWhatTheParserRejects(String spec, String message) {
        assertThatThrownBy(() -> CronSchedule.parse(spec)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "* * * * * | 2026-01-01T10:00:00Z | 2026-01-01T10:05:30Z | 5 | 2026-01-01T10:05:00Z",
        "* * * * * | 2026-01-01T10:00:00Z | 2026-01-01T10:00:59Z | 0 | ",
        "* * * * * | 2026-01-01T00:00:00Z | 2026-01-03T00:00:00Z | 1000 | 2026-01-03T00:00:00Z",
        "0 0 1 1 * | 2000-01-01T00:00:00Z | 2026-06-01T00:00:00Z | 26 | 2026-01-01T00:00:00Z"})
    void missedRuns(String spec, String earliest, String now, int count, String mostRecent) {
        MissedRuns missed = MissedRuns.between(CronSchedule.parse(spec), ZoneId.of("UTC"), Instant.parse(earliest), Instant.parse(now));
        assertThat(missed.count()).isEqualTo(count);
        assertThat(missed.mostRecent()).isEqualTo(mostRecent == null ? null : Instant.parse(mostRecent));
    }

    @org.junit.jupiter.api.Test
    void theFallBackHourRunsTwiceInWallClockTerms() {
        CronSchedule s = CronSchedule.parse("30 1 * * *");
        ZoneId ny = ZoneId.of("America/New_York");
        Instant first = s.next(Instant.parse("2026-11-01T04:00:00Z"), ny);
        Instant second = s.next(first, ny);
        assertThat(ZonedDateTime.ofInstant(first, ny).toLocalTime()).isEqualTo(ZonedDateTime.ofInstant(second, ny).toLocalTime());
    }
}
