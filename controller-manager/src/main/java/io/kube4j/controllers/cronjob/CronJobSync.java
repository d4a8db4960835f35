package io.kube4j.controllers.cronjob;

import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.kube4j.controllers.machinery.Api;
import io.kube4j.controllers.machinery.ApiErrors;
import io.kube4j.controllers.machinery.EventRecorder;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * One sync of one CronJob (upstream's syncCronJob and cleanupFinishedJobs), working on a copy whose
 * status the controller writes afterwards. {@link #run} returns when to look again (the next
 * scheduled time, plus a margin), or null. A failed write is kept in {@link #error} so that the
 * status still gets written. Not thread-safe: one per sync.
 */
final class CronJobSync {

    /** Upstream requeues slightly after the scheduled time so the time has surely come. */
    private static final Duration MARGIN = Duration.ofMillis(100);

    private final CronJobController ctl;
    private final CronJob cronJob;
    private final CronJobStatus status;
    private final List<Job> owned;
    private final Instant now;
    RuntimeException error;

    CronJobSync(CronJobController ctl, CronJob cronJob, List<Job> owned) {
        this.ctl = ctl;
        this.cronJob = cronJob;
        this.status = cronJob.getStatus();
        this.owned = owned;
        this.now = ctl.now();
        if (status.getActive() == null) {
            status.setActive(new ArrayList<>());
        }
    }

    Duration run() {
        reconcileActive();
        if (cronJob.getMetadata().getDeletionTimestamp() != null) {
            return null;
        }
        var spec = cronJob.getSpec();
        ZoneId zone = ctl.localZone;
        if (spec.getTimeZone() != null && !spec.getTimeZone().isEmpty()) {
            try {
                zone = ZoneId.of(spec.getTimeZone());
            } catch (DateTimeException e) {
                ctl.events.eventf(cronJob, EventRecorder.WARNING, "UnknownTimeZone", "invalid timeZone: %s: %s", quote(spec.getTimeZone()), e.getMessage());
                return null;
            }
        }
        if (Boolean.TRUE.equals(spec.getSuspend())) {
            return null;
        }
        CronSchedule schedule;
        try {
            if (spec.getSchedule().contains("TZ")) {
                ctl.events.eventf(cronJob, EventRecorder.WARNING, "UnsupportedSchedule",
                        "CRON_TZ or TZ used in schedule %s is not officially supported, see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/ for more details",
                        quote(spec.getSchedule()));
            }
            schedule = CronSchedule.parse(spec.getSchedule());
        } catch (IllegalArgumentException e) {
            ctl.events.eventf(cronJob, EventRecorder.WARNING, "UnparseableSchedule", "unparseable schedule: %s : %s", quote(spec.getSchedule()), e.getMessage());
            return null;
        }
        if ((spec.getTimeZone() == null || spec.getTimeZone().isEmpty()) && schedule.zone() != null) {
            zone = schedule.zone();
        }
        Instant earliest = earliest();
        MissedRuns missed = MissedRuns.between(schedule, zone, earliest, now);
        if (missed.count() > MissedRuns.TOO_MANY) {
            ctl.events.eventf(cronJob, EventRecorder.WARNING, "TooManyMissedTimes",
                    "too many missed start times: %d. Set or decrease .spec.startingDeadlineSeconds or check clock skew", missed.count());
        }
        Instant scheduled = missed.mostRecent();
        if (scheduled == null) {
            return untilNext(schedule, zone, earliest);
        }
        Long deadline = spec.getStartingDeadlineSeconds();
        if (deadline != null && scheduled.plusSeconds(deadline).isBefore(now)) {
            ctl.events.eventf(cronJob, EventRecorder.WARNING, "MissSchedule", "Missed scheduled time to start a job: %s",
                    CronJobJobs.RFC1123Z.format(scheduled.atZone(ZoneId.of("UTC"))));
            return untilNext(schedule, zone, scheduled);
        }
        String jobName = CronJobJobs.name(cronJob, scheduled);
        boolean done = status.getActive().stream().anyMatch(r -> jobName.equals(r.getName()))
                || status.getLastScheduleTime() != null && Instant.parse(status.getLastScheduleTime()).equals(scheduled);
        if (done) {
            return untilNext(schedule, zone, scheduled);
        }
        String policy = spec.getConcurrencyPolicy() == null ? "Allow" : spec.getConcurrencyPolicy();
        if ("Forbid".equals(policy) && !status.getActive().isEmpty()) {
            ctl.events.event(cronJob, EventRecorder.NORMAL, "JobAlreadyActive",
                    "Not starting job because prior execution is running and concurrency policy is Forbid");
            return untilNext(schedule, zone, scheduled);
        }
        if ("Replace".equals(policy)) {
            for (ObjectReference ref : List.copyOf(status.getActive())) {
                Job job = ctl.jobs.get(ref.getNamespace(), ref.getName());
                if (job == null || !CronJobController.refers(ref, job)) {
                    continue;
                }
                if (!deleteJob(job)) {
                    return null;
                }
            }
        }
        Job request = CronJobJobs.fromTemplate(cronJob, scheduled, zone);
        try {
            Job created = ctl.api.create(request);
            ctl.events.eventf(cronJob, EventRecorder.NORMAL, "SuccessfulCreate", "Created job %s", created.getMetadata().getName());
            status.getActive().add(CronJobJobs.reference(created));
            status.setLastScheduleTime(scheduled.toString());
        } catch (RuntimeException e) {
            if (ApiErrors.alreadyExists(e)) {
                adoptExisting(jobName, scheduled);
            } else if (!ApiErrors.namespaceTerminating(e)) {
                ctl.events.eventf(cronJob, EventRecorder.WARNING, "FailedCreate", "Error creating job: %s", e.getMessage());
                error = e;
                return null;
            }
        }
        return untilNext(schedule, zone, scheduled);
    }

    /**
     * Our own Job for this time exists already (a status write was lost): record it rather than
     * failing forever; a Job of another owner is left alone.
     */
    private void adoptExisting(String jobName, Instant scheduled) {
        Job existing = ctl.api.get(Job.class, cronJob.getMetadata().getNamespace(), jobName);
        var ref = existing == null ? null : io.kube4j.controllers.machinery.ControllerRefs.controllerOf(existing);
        if (ref != null && ref.getUid().equals(cronJob.getMetadata().getUid())) {
            if (status.getActive().stream().noneMatch(r -> CronJobController.refers(r, existing)) && CronJobJobs.finishedAs(existing) == null) {
                status.getActive().add(CronJobJobs.reference(existing));
            }
            status.setLastScheduleTime(scheduled.toString());
        }
    }

    /** Upstream's first half of syncCronJob: finished Jobs leave status.active, vanished ones too. */
    private void reconcileActive() {
        for (Job job : owned) {
            boolean listed = status.getActive().stream().anyMatch(r -> CronJobController.refers(r, job));
            String finished = CronJobJobs.finishedAs(job);
            if (!listed && finished == null) {
                ctl.events.eventf(cronJob, EventRecorder.WARNING, "UnexpectedJob", "Saw a job that the controller did not create or forgot: %s",
                        job.getMetadata().getName());
            } else if (listed && finished != null) {
                status.getActive().removeIf(r -> CronJobController.refers(r, job));
                ctl.events.eventf(cronJob, EventRecorder.NORMAL, "SawCompletedJob", "Saw completed job: %s, condition: %s",
                        job.getMetadata().getName(), finished);
            }
            if ("Complete".equals(finished) && job.getStatus().getCompletionTime() != null) {
                Instant completed = Instant.parse(job.getStatus().getCompletionTime());
                if (status.getLastSuccessfulTime() == null || completed.isAfter(Instant.parse(status.getLastSuccessfulTime()))) {
                    status.setLastSuccessfulTime(job.getStatus().getCompletionTime());
                }
            }
        }
        for (ObjectReference ref : List.copyOf(status.getActive())) {
            if (owned.stream().anyMatch(j -> CronJobController.refers(ref, j))) {
                continue;
            }
            if (ctl.api.get(Job.class, ref.getNamespace(), ref.getName()) == null) {
                ctl.events.eventf(cronJob, EventRecorder.NORMAL, "MissingJob", "Active job went missing: %s", ref.getName());
                status.getActive().remove(ref);
            }
        }
    }

    /** Deletes the oldest finished Jobs beyond successfulJobsHistoryLimit and failedJobsHistoryLimit. */
    void cleanupFinishedJobs() {
        var spec = cronJob.getSpec();
        trim("Complete", spec.getSuccessfulJobsHistoryLimit());
        trim("Failed", spec.getFailedJobsHistoryLimit());
    }

    private void trim(String finishedAs, Integer limit) {
        if (limit == null) {
            return;
        }
        List<Job> finished = new ArrayList<>(owned.stream().filter(j -> finishedAs.equals(CronJobJobs.finishedAs(j))
                && j.getMetadata().getDeletionTimestamp() == null).toList());
        finished.sort(CronJobJobs::byStartTime);
        for (int i = 0; i < finished.size() - limit; i++) {
            deleteJob(finished.get(i));
        }
    }

    /** Deletes {@code job} with Background propagation; false (the error kept) when the delete failed. */
    private boolean deleteJob(Job job) {
        try {
            ctl.api.delete(Job.class, job.getMetadata().getNamespace(), job.getMetadata().getName(),
                    Api.Deletion.uid(job.getMetadata().getUid()).withPropagation("Background"));
        } catch (RuntimeException e) {
            if (!ApiErrors.notFound(e)) {
                ctl.events.eventf(cronJob, EventRecorder.WARNING, "FailedDelete", "Deleted job: %s", e.getMessage());
                error = e;
                return false;
            }
        }
        status.getActive().removeIf(r -> CronJobController.refers(r, job));
        ctl.events.eventf(cronJob, EventRecorder.NORMAL, "SuccessfulDelete", "Deleted job %s", job.getMetadata().getName());
        return true;
    }

    /** The last schedule time, else the creation time; no earlier than startingDeadlineSeconds ago. */
    private Instant earliest() {
        Instant earliest = status.getLastScheduleTime() != null ? Instant.parse(status.getLastScheduleTime())
                : Instant.parse(cronJob.getMetadata().getCreationTimestamp());
        Long deadline = cronJob.getSpec().getStartingDeadlineSeconds();
        if (deadline != null) {
            Instant horizon = now.minusSeconds(deadline);
            if (horizon.isAfter(earliest)) {
                earliest = horizon;
            }
        }
        return earliest;
    }

    /** How long until the first scheduled time after both {@code from} and now, plus the margin. */
    private Duration untilNext(CronSchedule schedule, ZoneId zone, Instant from) {
        Instant base = from.isAfter(now) ? from : now;
        Instant next = schedule.next(base, zone);
        return next == null ? null : Duration.between(now, next).plus(MARGIN);
    }

    private static String quote(String s) {
        return "\"" + s + "\"";
    }
}
