package io.kube4j.apiserver.resources.batch;

import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobSpec;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.api.model.batch.v1.JobTemplateSpec;
import io.kube4j.apiserver.errors.FieldError;
import io.kube4j.apiserver.registry.ResourceStrategy;
import io.kube4j.apiserver.resources.apps.Checks;
import io.kube4j.apiserver.resources.apps.Copies;
import io.kube4j.apiserver.resources.apps.PodTemplateRules;
import io.kube4j.apiserver.resources.apps.Selectors;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * batch/v1 CronJob, as upstream's cronjob strategy, {@code SetDefaults_CronJob} and
 * {@code ValidateCronJob*}: concurrencyPolicy Allow, suspend false, history limits 3 and 1; a
 * schedule in cron syntax; {@code TZ}/{@code CRON_TZ} in the schedule refused in favour of
 * {@code spec.timeZone} (kept only on objects that already had it); names of at most 52
 * characters on create; the job template must not carry a selector. Status is kept apart from
 * spec. Stateless; thread-safe.
 */
public final class CronJobStrategy implements ResourceStrategy<CronJob> {

    /** Job names are the CronJob's name plus an 11-character suffix, within a 63-character label. */
    static final int MAX_NAME = 52;
    private static final Pattern TZ_PART = Pattern.compile("^[A-Za-z.\\-_0-9+]{1,14}$");

    @Override
    public void prepareForCreate(CronJob cj) {
        cj.setStatus(null);
    }

    @Override
    public void prepareForUpdate(CronJob cj, CronJob old) {
        cj.setStatus(Copies.deepCopy(old.getStatus()));
    }

    @Override
    public void applyDefaults(CronJob cj) {
        CronJobSpec s = spec(cj);
        if (Checks.str(s.getConcurrencyPolicy()).isEmpty()) {
            s.setConcurrencyPolicy("Allow");
        }
        if (s.getSuspend() == null) {
            s.setSuspend(false);
        }
        if (s.getSuccessfulJobsHistoryLimit() == null) {
            s.setSuccessfulJobsHistoryLimit(3);
        }
        if (s.getFailedJobsHistoryLimit() == null) {
            s.setFailedJobsHistoryLimit(1);
        }
        if (s.getJobTemplate() != null && s.getJobTemplate().getSpec() != null) {
            PodTemplateRules.applyDefaults(s.getJobTemplate().getSpec().getTemplate());
        }
    }

    @Override
    public List<FieldError> validate(CronJob cj) {
        List<FieldError> errs = new ArrayList<>();
        String name = cj.getMetadata() == null ? "" : Checks.str(cj.getMetadata().getName());
        if (name.length() > MAX_NAME) {
            errs.add(FieldError.invalid("metadata.name", name, "must be no more than 52 characters"));
        }
        validateSpec(errs, spec(cj), null);
        return errs;
    }

    @Override
    public List<FieldError> validateUpdate(CronJob cj, CronJob old) {
        // No name-length check on update, so that older, longer-named CronJobs stay editable.
        List<FieldError> errs = new ArrayList<>();
        validateSpec(errs, spec(cj), spec(old));
        return errs;
    }

    private static void validateSpec(List<FieldError> errs, CronJobSpec s, CronJobSpec old) {
        String schedule = Checks.str(s.getSchedule());
        if (schedule.isEmpty()) {
            errs.add(FieldError.required("spec.schedule", ""));
        } else {
            boolean allowTz = old != null && Checks.str(old.getSchedule()).contains("TZ");
            schedule(errs, schedule, allowTz, s.getTimeZone());
        }
        Checks.nonNegative(errs, s.getStartingDeadlineSeconds(), "spec.startingDeadlineSeconds");
        if (old == null || !Objects.equals(old.getTimeZone(), s.getTimeZone())) {
            timeZone(errs, s.getTimeZone());
        }
        String policy = Checks.str(s.getConcurrencyPolicy());
        switch (policy) {
            case "Allow", "Forbid", "Replace" -> { }
            case "" -> errs.add(FieldError.required("spec.concurrencyPolicy", ""));
            default -> errs.add(FieldError.notSupported("spec.concurrencyPolicy", policy,
                    List.of("Allow", "Forbid", "Replace")));
        }
        jobTemplate(errs, s.getJobTemplate());
        Checks.nonNegative(errs, s.getSuccessfulJobsHistoryLimit(), "spec.successfulJobsHistoryLimit");
        Checks.nonNegative(errs, s.getFailedJobsHistoryLimit(), "spec.failedJobsHistoryLimit");
    }

    private static void schedule(List<FieldError> errs, String schedule, boolean allowTz, String timeZone) {
        Optional<String> parse = CronSchedule.error(schedule);
        parse.ifPresent(msg -> errs.add(FieldError.invalid("spec.schedule", schedule, msg)));
        if (allowTz && schedule.contains("TZ") && timeZone != null) {
            errs.add(FieldError.invalid("spec.schedule", schedule,
                    "cannot use both timeZone field and TZ or CRON_TZ in schedule"));
        } else if (!allowTz && schedule.contains("TZ")) {
            errs.add(FieldError.invalid("spec.schedule", schedule,
                    "cannot use TZ or CRON_TZ in schedule, use timeZone field instead"));
        }
    }

    private static void timeZone(List<FieldError> errs, String tz) {
        if (tz == null) {
            return;
        }
        String path = "spec.timeZone";
        if (tz.isEmpty()) {
            errs.add(FieldError.invalid(path, tz, "timeZone must be nil or non-empty string"));
            return;
        }
        for (String part : tz.split("/", -1)) {
            if (part.equals(".") || part.equals("..") || part.startsWith("-") || !TZ_PART.matcher(part).matches()) {
                errs.add(FieldError.invalid(path, tz, "unknown time zone " + tz));
                return;
            }
        }
        if (tz.equalsIgnoreCase("Local")) {
            errs.add(FieldError.invalid(path, tz,
                    "timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones"));
        }
        if (!CronSchedule.knownZone(tz)) {
            errs.add(FieldError.invalid(path, tz, "unknown time zone " + tz));
        }
    }

    private static void jobTemplate(List<FieldError> errs, JobTemplateSpec t) {
        String path = "spec.jobTemplate";
        JobTemplateSpec jt = t == null ? new JobTemplateSpec() : t;
        if (jt.getMetadata() != null) {
            Selectors.validateLabels(errs, jt.getMetadata().getLabels(), path + ".metadata.labels");
        }
        JobSpec js = jt.getSpec() == null ? new JobSpec() : jt.getSpec();
        JobSpecRules.validate(errs, js, path + ".spec");
        if (js.getSelector() != null) {
            errs.add(FieldError.invalid(path + ".spec.selector", Copies.shown(js.getSelector()),
                    "`selector` will be auto-generated"));
        }
        if (Boolean.TRUE.equals(js.getManualSelector())) {
            errs.add(FieldError.notSupported(path + ".spec.manualSelector", true, List.of("nil", "false")));
        }
    }

    @Override
    public void prepareForStatusUpdate(CronJob cj, CronJob old) {
        cj.setSpec(Copies.deepCopy(old.getSpec()));
    }

    private static CronJobSpec spec(CronJob cj) {
        if (cj.getSpec() == null) {
            cj.setSpec(new CronJobSpec());
        }
        return cj.getSpec();
    }
}
