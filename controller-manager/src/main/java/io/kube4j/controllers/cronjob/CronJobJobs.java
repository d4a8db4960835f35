package io.kube4j.controllers.cronjob;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kube4j.controllers.machinery.ControllerRefs;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;

/** The Jobs of a CronJob: how one is built for a scheduled time, and the facts read from them. Stateless. */
final class CronJobJobs {

    static final String SCHEDULED_TIMESTAMP = "batch.kubernetes.io/cronjob-scheduled-timestamp";
    /** Go's RFC 3339 layout, offset {@code Z} in UTC. */
    static final DateTimeFormatter RFC3339 = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX", Locale.ROOT);
    /** Go's RFC 1123 layout with a numeric zone, as MissSchedule messages print times. */
    static final DateTimeFormatter RFC1123Z = DateTimeFormatter.ofPattern("EEE, dd MMM uuuu HH:mm:ss Z", Locale.US);

    private CronJobJobs() {
    }

    /** {@code <cronjob>-<minutes since the epoch of the scheduled time>}. */
    static String name(CronJob cronJob, Instant scheduled) {
        return cronJob.getMetadata().getName() + "-" + scheduled.getEpochSecond() / 60;
    }

    /**
     * The Job for {@code scheduled}: the template's labels, annotations and spec, the scheduled
     * time annotation (in the CronJob's zone), the CronJob as controller.
     */
    static Job fromTemplate(CronJob cronJob, Instant scheduled, ZoneId zone) {
        var template = Serialization.clone(cronJob.getSpec().getJobTemplate());
        ObjectMeta tm = template.getMetadata() == null ? new ObjectMeta() : template.getMetadata();
        ObjectMeta meta = new ObjectMeta();
        meta.setNamespace(cronJob.getMetadata().getNamespace());
        meta.setName(name(cronJob, scheduled));
        meta.setLabels(tm.getLabels() == null ? new HashMap<>() : new HashMap<>(tm.getLabels()));
        meta.setAnnotations(tm.getAnnotations() == null ? new HashMap<>() : new HashMap<>(tm.getAnnotations()));
        meta.getAnnotations().put(SCHEDULED_TIMESTAMP, RFC3339.format(scheduled.atZone(zone)));
        meta.setOwnerReferences(new ArrayList<>(List.of(ControllerRefs.newControllerRef(cronJob))));
        Job job = new Job();
        job.setApiVersion("batch/v1");
        job.setKind("Job");
        job.setMetadata(meta);
        job.setSpec(template.getSpec());
        return job;
    }

    static ObjectReference reference(Job job) {
        return new ObjectReferenceBuilder().withApiVersion("batch/v1").withKind("Job")
                .withNamespace(job.getMetadata().getNamespace()).withName(job.getMetadata().getName())
                .withUid(job.getMetadata().getUid()).withResourceVersion(job.getMetadata().getResourceVersion()).build();
    }

    /** The True Complete or Failed condition's type, or null while the Job runs. */
    static String finishedAs(Job job) {
        if (job.getStatus() == null || job.getStatus().getConditions() == null) {
            return null;
        }
        for (JobCondition c : job.getStatus().getConditions()) {
            if (("Complete".equals(c.getType()) || "Failed".equals(c.getType())) && "True".equals(c.getStatus())) {
                return c.getType();
            }
        }
        return null;
    }

    /** Oldest first by start time (Jobs never started last, as the newest), then by name. */
    static int byStartTime(Job a, Job b) {
        String sa = a.getStatus() == null ? null : a.getStatus().getStartTime();
        String sb = b.getStatus() == null ? null : b.getStatus().getStartTime();
        if (sa == null || sb == null) {
            if (sa == null && sb == null) {
                return a.getMetadata().getName().compareTo(b.getMetadata().getName());
            }
            return sa == null ? 1 : -1;
        }
        int c = Instant.parse(sa).compareTo(Instant.parse(sb));
        return c != 0 ? c : a.getMetadata().getName().compareTo(b.getMetadata().getName());
    }
}
