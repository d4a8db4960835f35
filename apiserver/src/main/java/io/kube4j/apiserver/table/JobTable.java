package io.kube4j.apiserver.table;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.kube4j.apiserver.registry.TableConvertor;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Jobs: NAME STATUS COMPLETIONS DURATION AGE, wide CONTAINERS IMAGES SELECTOR. Status is the
 * first of Complete, Failed, Terminating, Suspended, FailureTarget, else Running; completions
 * read {@code 1/3}, or {@code 0/1 of 4} for a parallel job without a completion count.
 */
public final class JobTable implements TableConvertor<Job> {

    private static final List<Column> COLUMNS = List.of(Cells.NAME,
            Column.of("Status", "string", "Status of the job."),
            Column.of("Completions", "string", "Succeeded pods out of those required."),
            Column.of("Duration", "string", "Time required to complete the job."),
            Cells.AGE, Cells.CONTAINERS, Cells.IMAGES, Cells.SELECTOR);

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(Job job, Instant now) {
        JobSpec spec = job.getSpec() == null ? new JobSpec() : job.getSpec();
        JobStatus st = job.getStatus() == null ? new JobStatus() : job.getStatus();
        long succeeded = Cells.num(st.getSucceeded());
        String completions;
        if (spec.getCompletions() != null) {
            completions = succeeded + "/" + spec.getCompletions();
        } else if (Cells.num(spec.getParallelism()) > 1) {
            completions = succeeded + "/1 of " + spec.getParallelism();
        } else {
            completions = succeeded + "/1";
        }
        Instant start = Cells.instant(st.getStartTime());
        Instant end = Cells.instant(st.getCompletionTime());
        String duration = start == null ? "" : HumanDuration.format(Duration.between(start, end == null ? now : end));
        Cells.ContainerCells c = Cells.containers(spec.getTemplate() == null || spec.getTemplate().getSpec() == null
                ? null : spec.getTemplate().getSpec().getContainers());
        return List.of(Cells.name(job), status(job, st), completions, duration, Cells.age(job, now),
                c.names(), c.images(), Cells.selector(spec.getSelector()));
    }

    private static String status(Job job, JobStatus st) {
        if (has(st, "Complete")) {
            return "Complete";
        } else if (has(st, "Failed")) {
            return "Failed";
        } else if (job.getMetadata() != null && job.getMetadata().getDeletionTimestamp() != null) {
            return "Terminating";
        } else if (has(st, "Suspended")) {
            return "Suspended";
        } else if (has(st, "FailureTarget")) {
            return "FailureTarget";
        }
        return "Running";
    }

    /** Whether the first condition of {@code type} is true. */
    private static boolean has(JobStatus st, String type) {
        for (JobCondition c : st.getConditions() == null ? List.<JobCondition>of() : st.getConditions()) {
            if (type.equals(c.getType())) {
                return "True".equals(c.getStatus());
            }
        }
        return false;
    }
}
