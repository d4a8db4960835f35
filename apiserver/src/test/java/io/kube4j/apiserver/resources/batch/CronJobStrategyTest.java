package io.kube4j.apiserver.resources.batch;

import static io.kube4j.apiserver.resources.apps.Fixtures.json;
import static io.kube4j.apiserver.resources.apps.Fixtures.summary;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.kube4j.apiserver.errors.FieldError;
import io.kube4j.apiserver.resources.apps.Fixtures;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class CronJobStrategyTest {

    private final CronJobStrategy strategy = new CronJobStrategy();

    static CronJob valid(String schedule) {
        CronJob cj = Fixtures.read("""
            metadata: {name: nightly, namespace: default}
            spec:
              schedule: "%s"
              jobTemplate:
                spec:
                  template:
                    spec:
                      restartPolicy: OnFailure
                      containers: [{name: c, image: busybox}]
            """.formatted(schedule), CronJob.class);
        new CronJobStrategy().applyDefaults(cj);
        return cj;
    }

    @Test
    void defaultsAreUpstreamsAndIdempotent() {
        CronJob cj = valid("*/5 * * * *");
        assertThat(cj.getSpec().getConcurrencyPolicy()).isEqualTo("Allow");
        assertThat(cj.getSpec().getSuspend()).isFalse();
        assertThat(cj.getSpec().getSuccessfulJobsHistoryLimit()).isEqualTo(3);
        assertThat(cj.getSpec().getFailedJobsHistoryLimit()).isEqualTo(1);
        String once = json(cj);
        strategy.applyDefaults(cj);
        assertThat(json(cj)).isEqualTo(once);
    }

    @ParameterizedTest
    @ValueSource(strings = {"*/5 * * * *", "0 0 * * 0", "@hourly", "@daily", "@every 1h30m", "0 9-17/2 * jan-jun mon,fri",
        "30 4 1,15 * ?"})
    void schedulesThatParse(String schedule) {
        assertThat(strategy.validate(valid(schedule))).isEmpty();
    }

    record Sched(String schedule, String message) {
        @Override
        public String toString() {
            return schedule;
        }
    }

    static Stream<Sched> badSchedules() {
        return Stream.of(
                new Sched("* * *", "expected exactly 5 fields, found 3: [* * *]"),
                new Sched("60 * * * *", "end of range (60) above maximum (59): 60"),
                new Sched("0 0 0 * *", "beginning of range (0) below minimum (1): 0"),
                new Sched("5-1 * * * *", "beginning of range (5) beyond end of range (1): 5-1"),
                new Sched("*/0 * * * *", "step of range should be a positive number: */0"),
                new Sched("@fortnightly", "unrecognized descriptor: @fortnightly"),
                new Sched("x * * * *", "failed to parse int from x: strconv.Atoi: parsing \"x\": invalid syntax"));
    }

    @ParameterizedTest
    @MethodSource("badSchedules")
    void schedulesThatDoNot(Sched c) {
        List<FieldError> errs = strategy.validate(valid(c.schedule()));
        assertThat(errs).hasSize(1);
        assertThat(errs.getFirst().field()).isEqualTo("spec.schedule");
        assertThat(errs.getFirst().detail()).isEqualTo(c.message());
    }

    @Test
    void timeZoneRules() {
        CronJob tzInSchedule = valid("CRON_TZ=UTC 0 * * * *");
        assertThat(strategy.validate(tzInSchedule)).extracting(FieldError::detail)
                .containsExactly("cannot use TZ or CRON_TZ in schedule, use timeZone field instead");
        // An object that already had TZ in its schedule keeps it, but not together with timeZone.
        assertThat(strategy.validateUpdate(tzInSchedule, valid("TZ=UTC 0 * * * *"))).isEmpty();
        CronJob both = valid("CRON_TZ=UTC 0 * * * *");
        both.getSpec().setTimeZone("Europe/Berlin");
        assertThat(strategy.validateUpdate(both, valid("TZ=UTC 0 * * * *"))).extracting(FieldError::detail)
                .containsExactly("cannot use both timeZone field and TZ or CRON_TZ in schedule");

        CronJob zone = valid("0 * * * *");
        zone.getSpec().setTimeZone("Europe/Berlin");
        assertThat(strategy.validate(zone)).isEmpty();
        zone.getSpec().setTimeZone("Mars/Olympus");
        assertThat(strategy.validate(zone)).extracting(FieldError::message)
                .containsExactly("spec.timeZone: Invalid value: \"Mars/Olympus\": unknown time zone Mars/Olympus");
        zone.getSpec().setTimeZone("");
        assertThat(summary(strategy.validate(zone))).containsExactly("spec.timeZone FieldValueInvalid");
        zone.getSpec().setTimeZone("Local");
        assertThat(strategy.validate(zone)).extracting(FieldError::detail).containsExactly(
                "timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones");
    }

    @Test
    void otherFieldErrors() {
        CronJob cj = valid("@hourly");
        cj.getMetadata().setName("a".repeat(53));
        cj.getSpec().setConcurrencyPolicy("Sometimes");
        cj.getSpec().setSuccessfulJobsHistoryLimit(-1);
        cj.getSpec().getJobTemplate().getSpec().setSelector(new LabelSelector(null, Map.of("a", "b")));
        cj.getSpec().getJobTemplate().getSpec().getTemplate().getSpec().setRestartPolicy("Always");
        assertThat(summary(strategy.validate(cj))).containsExactly(
                "metadata.name FieldValueInvalid",
                "spec.concurrencyPolicy FieldValueNotSupported",
                "spec.jobTemplate.spec.template.spec.restartPolicy FieldValueNotSupported",
                "spec.jobTemplate.spec.selector FieldValueInvalid",
                "spec.successfulJobsHistoryLimit FieldValueInvalid");
        // The name limit is not applied on update.
        CronJob longName = valid("@hourly");
        longName.getMetadata().setName("a".repeat(53));
        assertThat(strategy.validateUpdate(longName, longName)).isEmpty();
        CronJob none = valid("x");
        none.getSpec().setSchedule(null);
        assertThat(summary(strategy.validate(none))).containsExactly("spec.schedule FieldValueRequired");
    }

    @Test
    void parserAcceptsNamesAndRejectsJunk() {
        assertThat(CronSchedule.error("0 0 * DEC SUN")).isEqualTo(Optional.empty());
        assertThat(CronSchedule.error("TZ=Nowhere/City 0 * * * *")).isPresent();
        assertThat(CronSchedule.error("1-2-3 * * * *")).contains("too many hyphens: 1-2-3");
    }

    @Test
    void statusIsKeptApart() {
        CronJob old = valid("@hourly");
        CronJob cj = valid("@daily");
        strategy.prepareForStatusUpdate(cj, old);
        assertThat(cj.getSpec().getSchedule()).isEqualTo("@hourly");
    }
}
