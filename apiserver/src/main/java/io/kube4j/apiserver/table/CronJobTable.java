package io.kube4j.apiserver.table;

import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobSpec;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.kube4j.apiserver.registry.TableConvertor;
import java.time.Instant;
import java.util.List;

/**
 * Cron jobs: NAME SCHEDULE TIMEZONE SUSPEND ACTIVE LAST SCHEDULE AGE, wide CONTAINERS IMAGES
 * SELECTOR; SUSPEND prints {@code True}/{@code False}/{@code <unset>} as upstream. Stateless.
 */
public final class CronJobTable implements TableConvertor<CronJob> {

    private static final List<Column> COLUMNS = List.of(Cells.NAME,
            Column.of("Schedule", "string", "The cron schedule."),
            Column.of("Timezone", "string", "The time zone the schedule is read in."),
            Column.of("Suspend", "boolean", "Whether new runs are held back."),
            Column.of("Active", "integer", "How many jobs are running."),
            Column.of("Last Schedule", "string", "Time since a job was last scheduled."),
            Cells.AGE, Cells.CONTAINERS, Cells.IMAGES, Cells.SELECTOR);

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(CronJob cj, Instant now) {
        CronJobSpec spec = cj.getSpec() == null ? new CronJobSpec() : cj.getSpec();
        var st = cj.getStatus();
        String last = st == null || st.getLastScheduleTime() == null ? "<none>"
                : Cells.since(st.getLastScheduleTime(), now);
        String suspend = spec.getSuspend() == null ? "<unset>" : spec.getSuspend() ? "True" : "False";
        JobSpec job = spec.getJobTemplate() == null || spec.getJobTemplate().getSpec() == null
                ? new JobSpec() : spec.getJobTemplate().getSpec();
        Cells.ContainerCells c = Cells.containers(job.getTemplate() == null || job.getTemplate().getSpec() == null
                ? null : job.getTemplate().getSpec().getContainers());
        return List.of(Cells.name(cj), Cells.str(spec.getSchedule()),
                spec.getTimeZone() == null ? "<none>" : spec.getTimeZone(), suspend,
                (long) (st == null || st.getActive() == null ? 0 : st.getActive().size()), last, Cells.age(cj, now),
                c.names(), c.images(), Cells.selector(job.getSelector()));
    }
}
