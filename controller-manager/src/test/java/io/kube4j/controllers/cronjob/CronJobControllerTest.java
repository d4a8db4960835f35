package io.kube4j.controllers.cronjob;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.kube4j.controllers.machinery.ControllerOptions;
import io.kube4j.controllers.machinery.ControllerRefs;
import io.kube4j.controllers.testing.FakeCluster;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CronJobControllerTest {

    private static final Instant CREATED = Instant.parse("2026-01-01T10:00:00Z");
    private static final long MINUTE_1001 = Instant.parse("2026-01-01T10:01:00Z").getEpochSecond() / 60;

    private final AtomicReference<Instant> now = new AtomicReference<>(CREATED);
    private FakeCluster fake;
    private CronJobController controller;

    @BeforeEach
    void setUp() {
        fake = new FakeCluster();
        controller = new CronJobController(fake.context(now::get, ControllerOptions.defaults()), ZoneId.of("UTC"));
    }

    private static CronJob cronJob(String schedule) {
        return new CronJobBuilder().withNewMetadata().withNamespace("ns").withName("cj").withUid("cj-uid")
                .withCreationTimestamp(CREATED.toString()).endMetadata()
                .withNewSpec().withSchedule(schedule).withConcurrencyPolicy("Allow")
                .withSuccessfulJobsHistoryLimit(3).withFailedJobsHistoryLimit(1)
                .withNewJobTemplate().withNewMetadata().addToLabels("app", "x").endMetadata()
                .withNewSpec().withNewTemplate().withNewSpec().addNewContainer().withName("c").withImage("busybox").endContainer()
                .withRestartPolicy("Never").endSpec().endTemplate().endSpec().endJobTemplate().endSpec().build();
    }

    /** A Job of {@code cronJob} started at {@code start}, finished as {@code finished} (null: running). */
    private static Job ownedJob(CronJob cronJob, String name, String start, String finished) {
        Job job = new JobBuilder().withNewMetadata().withNamespace("ns").withName(name).withUid(name + "-uid")
                .withOwnerReferences(ControllerRefs.newControllerRef(cronJob)).endMetadata()
                .withNewSpec().endSpec().withNewStatus().withStartTime(start).endStatus().build();
        if (finished != null) {
            job.getStatus().getConditions().add(new io.fabric8.kubernetes.api.model.batch.v1.JobCondition(start, start, "", "", "True", finished));
            if (finished.equals("Complete")) {
                job.getStatus().setCompletionTime(start);
            }
        }
        return job;
    }

    private CronJob stored() {
        return fake.stored(CronJob.class, "ns", "cj");
    }

    private void runningJobIsActive(CronJob cj, Job job) {
        cj.setStatus(new io.fabric8.kubernetes.api.model.batch.v1.CronJobStatus());
        cj.getStatus().getActive().add(CronJobJobs.reference(job));
        cj.getStatus().setLastScheduleTime("2026-01-01T10:00:00Z");
    }

    @Test
    void createsTheJobOfTheScheduledTime() {
        fake.seed(cronJob("* * * * *"));
        controller.sync("ns/cj");
        assertThat(fake.stored(Job.class)).isEmpty();
        now.set(CREATED.plusSeconds(65));
        controller.sync("ns/cj");
        List<Job> jobs = fake.stored(Job.class);
        assertThat(jobs).singleElement().satisfies(j -> {
            assertThat(j.getMetadata().getName()).isEqualTo("cj-" + MINUTE_1001);
            assertThat(j.getMetadata().getAnnotations()).containsEntry(CronJobJobs.SCHEDULED_TIMESTAMP, "2026-01-01T10:01:00Z");
            assertThat(j.getMetadata().getLabels()).containsEntry("app", "x");
            assertThat(ControllerRefs.controllerOf(j).getUid()).isEqualTo("cj-uid");
        });
        CronJob cj = stored();
        assertThat(cj.getStatus().getLastScheduleTime()).isEqualTo("2026-01-01T10:01:00Z");
        assertThat(cj.getStatus().getActive()).extracting("name").containsExactly("cj-" + MINUTE_1001);
        assertThat(fake.events().reasons()).containsExactly("SuccessfulCreate");
        controller.sync("ns/cj");
        assertThat(fake.actions("create", "Job")).hasSize(1);
    }

    @ParameterizedTest(name = "{0}: created={1} deleted={2} event={3}")
    @CsvSource({"Allow, 1, 0, SuccessfulCreate", "Forbid, 0, 0, JobAlreadyActive", "Replace, 1, 1, SuccessfulDelete"})
    void concurrencyPolicyWithAJobStillRunning(String policy, int created, int deleted, String firstEvent) {
        CronJob cj = cronJob("* * * * *");
        cj.getSpec().setConcurrencyPolicy(policy);
        Job running = ownedJob(cj, "cj-old", "2026-01-01T10:00:00Z", null);
        fake.seed(running);
        runningJobIsActive(cj, fake.stored(Job.class, "ns", "cj-old"));
        fake.seed(cj);
        now.set(CREATED.plusSeconds(61));
        controller.sync("ns/cj");
        assertThat(fake.actions("create", "Job")).hasSize(created);
        assertThat(fake.actions("delete", "Job")).hasSize(deleted);
        assertThat(fake.events().reasons().getFirst()).isEqualTo(firstEvent);
        assertThat(stored().getStatus().getActive()).hasSize(policy.equals("Allow") ? 2 : 1);
    }

    @Test
    void aMissedTimeBeyondTheStartingDeadlineIsNotRun() {
        CronJob cj = cronJob("0 * * * *");
        cj.getSpec().setStartingDeadlineSeconds(600L);
        fake.seed(cj);
        now.set(Instant.parse("2026-01-01T11:05:00Z"));
        controller.sync("ns/cj");
        assertThat(fake.actions("create", "Job")).hasSize(1);
        now.set(Instant.parse("2026-01-01T12:11:00Z"));
        controller.sync("ns/cj");
        // as upstream, missed times are only looked for within the deadline: 12:00 is simply never run
        assertThat(fake.actions("create", "Job")).hasSize(1);
        assertThat(stored().getStatus().getLastScheduleTime()).isEqualTo("2026-01-01T11:00:00Z");
        now.set(Instant.parse("2026-01-01T13:00:30Z"));
        controller.sync("ns/cj");
        assertThat(fake.actions("create", "Job")).hasSize(2);
        assertThat(CronJobJobs.RFC1123Z.format(Instant.parse("2026-01-01T12:00:00Z").atZone(ZoneId.of("UTC"))))
                .as("the MissSchedule time format").isEqualTo("Thu, 01 Jan 2026 12:00:00 +0000");
    }

    @Test
    void tooManyMissedTimesWarnsAndStartsTheMostRecent() {
        fake.seed(cronJob("* * * * *"));
        now.set(CREATED.plusSeconds(3 * 3600 + 30));
        controller.sync("ns/cj");
        assertThat(fake.events().reasons()).containsExactly("TooManyMissedTimes", "SuccessfulCreate");
        assertThat(fake.events().all().getFirst().message()).startsWith("too many missed start times: 180.");
        assertThat(stored().getStatus().getLastScheduleTime()).isEqualTo("2026-01-01T13:00:00Z");
    }

    @ParameterizedTest(name = "suspend={0} timeZone={1} schedule={2} -> {3}")
    @CsvSource(nullValues = "null", value = {
        "true, null, * * * * *, null",
        "false, Mars/Base, * * * * *, UnknownTimeZone",
        "false, null, 61 * * * *, UnparseableSchedule"})
    void nothingRunsWhenSuspendedOrUnreadable(boolean suspend, String zone, String schedule, String event) {
        CronJob cj = cronJob(schedule);
        cj.getSpec().setSuspend(suspend);
        cj.getSpec().setTimeZone(zone);
        fake.seed(cj);
        now.set(CREATED.plusSeconds(3600));
        controller.sync("ns/cj");
        assertThat(fake.actions("create", "Job")).isEmpty();
        assertThat(fake.events().reasons()).isEqualTo(event == null ? List.of() : List.of(event));
    }

    @Test
    void timeZoneDecidesTheHourAndTheAnnotation() {
        CronJob cj = cronJob("0 9 * * *");
        cj.getSpec().setTimeZone("Europe/Berlin");
        fake.seed(cj);
        now.set(Instant.parse("2026-01-02T08:00:30Z"));
        controller.sync("ns/cj");
        Job job = fake.stored(Job.class).getFirst();
        assertThat(job.getMetadata().getAnnotations()).containsEntry(CronJobJobs.SCHEDULED_TIMESTAMP, "2026-01-02T09:00:00+01:00");
        assertThat(stored().getStatus().getLastScheduleTime()).isEqualTo("2026-01-02T08:00:00Z");
    }

    @Test
    void finishedJobsLeaveActiveAndOldOnesAreCleanedUp() {
        CronJob cj = cronJob("0 0 1 1 *");
        Job last = ownedJob(cj, "cj-5", "2026-01-01T10:05:00Z", "Complete");
        fake.seed(last);
        runningJobIsActive(cj, fake.stored(Job.class, "ns", "cj-5"));
        fake.seed(cj);
        for (int i = 1; i <= 4; i++) {
            fake.seed(ownedJob(cj, "cj-" + i, "2026-01-01T10:0" + i + ":00Z", "Complete"));
        }
        for (int i = 6; i <= 8; i++) {
            fake.seed(ownedJob(cj, "cj-" + i, "2026-01-01T10:0" + i + ":00Z", "Failed"));
        }
        controller.sync("ns/cj");
        assertThat(fake.actions("delete", "Job")).extracting(FakeCluster.Action::name).containsExactlyInAnyOrder("cj-1", "cj-2", "cj-6", "cj-7");
        CronJob stored = stored();
        assertThat(stored.getStatus().getActive()).isEmpty();
        assertThat(stored.getStatus().getLastSuccessfulTime()).isEqualTo("2026-01-01T10:05:00Z");
        assertThat(fake.events().reasons()).contains("SawCompletedJob", "SuccessfulDelete");
    }
}
