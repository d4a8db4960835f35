package io.kube4j.controllers.job;

import static io.kube4j.controllers.job.JobFixtures.NOW;
import static io.kube4j.controllers.job.JobFixtures.exited;
import static io.kube4j.controllers.job.JobFixtures.indexed;
import static io.kube4j.controllers.job.JobFixtures.indexedPod;
import static io.kube4j.controllers.job.JobFixtures.job;
import static io.kube4j.controllers.job.JobFixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyBuilder;
import io.kube4j.controllers.machinery.ControllerOptions;
import io.kube4j.controllers.testing.FakeCluster;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JobControllerTest {

    private final AtomicReference<Instant> now = new AtomicReference<>(NOW);
    private FakeCluster fake;
    private JobController controller;

    @BeforeEach
    void setUp() {
        fake = new FakeCluster();
        InstantSource clock = now::get;
        controller = new JobController(fake.context(clock, ControllerOptions.defaults()), Duration.ofSeconds(10), Duration.ofMinutes(6));
    }

    private Job stored(String name) {
        return fake.stored(Job.class, "ns", name);
    }

    private List<Pod> pods() {
        return fake.stored(Pod.class);
    }

    private static String condition(Job job, String type) {
        JobCondition c = JobConditions.find(job.getStatus(), type);
        return c == null ? null : c.getStatus() + "/" + c.getReason();
    }

    @ParameterizedTest(name = "completions={0} parallelism={1} -> {2} pods")
    @CsvSource(nullValues = "null", value = {"3, 2, 2", "1, 5, 1", "null, 4, 4", "5, 0, 0"})
    void createsPodsUpToParallelismAndRemainingCompletions(Integer completions, int parallelism, int pods) throws Exception {
        fake.seed(job("j", completions, parallelism, 6));
        controller.sync("ns/j");
        assertThat(pods()).hasSize(pods).allSatisfy(p -> {
            assertThat(p.getMetadata().getFinalizers()).contains(JobPods.TRACKING_FINALIZER);
            assertThat(p.getMetadata().getLabels()).containsEntry(JobPods.JOB_NAME, "j").containsEntry(JobPods.LEGACY_JOB_NAME, "j")
                    .containsEntry(JobPods.CONTROLLER_UID, "j-uid").containsEntry(JobPods.LEGACY_CONTROLLER_UID, "j-uid");
            assertThat(p.getMetadata().getOwnerReferences().getFirst().getName()).isEqualTo("j");
        });
        assertThat(fake.events().reasons()).hasSize(pods).containsOnly(pods == 0 ? new String[0] : new String[] {"SuccessfulCreate"});
        Job j = stored("j");
        assertThat(j.getStatus().getActive()).isEqualTo(pods);
        assertThat(j.getStatus().getStartTime()).isEqualTo("2026-01-01T10:00:00Z");
    }

    @Test
    void expectationsStopASecondCreateFromAStaleCache() throws Exception {
        fake.seed(job("j", 3, 2, 6));
        fake.holdEvents();
        controller.sync("ns/j");
        // the stale Job fails its status write, as upstream's does; what matters is no second create
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> controller.sync("ns/j"))
                .matches(e -> io.kube4j.controllers.machinery.ApiErrors.conflict(e));
        assertThat(fake.actions("create", "Pod")).hasSize(2);
        fake.deliverEvents();
        controller.sync("ns/j");
        assertThat(fake.actions("create", "Pod")).hasSize(2);
    }

    @Test
    void succeededPodsAreTrackedThenCountedAndTheJobCompletes() throws Exception {
        Job job = job("j", 2, 2, 6);
        fake.seed(job, exited(pod(job, "a", "Running"), 0), exited(pod(job, "b", "Running"), 0));
        controller.sync("ns/j");
        var statusWrites = fake.actions("update", "Job");
        assertThat(statusWrites.getFirst().object()).extracting(o -> ((Job) o).getStatus().getUncountedTerminatedPods().getSucceeded())
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST).containsExactlyInAnyOrder("a-uid", "b-uid");
        assertThat(pods()).allSatisfy(p -> assertThat(p.getMetadata().getFinalizers()).doesNotContain(JobPods.TRACKING_FINALIZER));
        Job j = stored("j");
        assertThat(j.getStatus().getSucceeded()).isEqualTo(2);
        assertThat(j.getStatus().getUncountedTerminatedPods().getSucceeded()).isEmpty();
        assertThat(condition(j, "SuccessCriteriaMet")).isEqualTo("True/CompletionsReached");
        assertThat(condition(j, "Complete")).isEqualTo("True/CompletionsReached");
        assertThat(j.getStatus().getCompletionTime()).isEqualTo("2026-01-01T10:00:00Z");
        assertThat(fake.events().reasons()).containsExactly("Completed");
        fake.clearActions();
        controller.sync("ns/j");
        assertThat(fake.actions()).isEmpty();
    }

    @Test
    void failuresOverTheBackoffLimitFailTheJobAndDeleteActivePods() throws Exception {
        Job job = job("j", 3, 1, 1);
        job.setStatus(new io.fabric8.kubernetes.api.model.batch.v1.JobStatus());
        job.getStatus().setFailed(1);
        job.getStatus().setStartTime(NOW.toString());
        fake.seed(job, exited(pod(job, "a", "Running"), 1), pod(job, "b", "Running"));
        controller.sync("ns/j");
        Job j = stored("j");
        assertThat(condition(j, "FailureTarget")).isEqualTo("True/BackoffLimitExceeded");
        assertThat(condition(j, "Failed")).as("the deleted pod is still terminating").isNull();
        assertThat(j.getStatus().getFailed()).as("the active pod deleted on failure counts as failed").isEqualTo(3);
        assertThat(j.getStatus().getTerminating()).isEqualTo(1);
        assertThat(fake.actions("delete", "Pod")).extracting(FakeCluster.Action::name).containsExactly("b");
        controller.sync("ns/j");
        j = stored("j");
        assertThat(condition(j, "Failed")).isEqualTo("True/BackoffLimitExceeded");
        assertThat(JobConditions.find(j.getStatus(), "Failed").getMessage()).isEqualTo("Job has reached the specified backoff limit");
        assertThat(j.getStatus().getFailed()).isEqualTo(3);
        assertThat(fake.events().reasons()).containsExactly("SuccessfulDelete", "BackoffLimitExceeded");
    }

    @Test
    void terminatingPodsDelayTheFailedConditionButNotFailureTarget() throws Exception {
        Job job = job("j", 3, 1, 0);
        Pod terminating = pod(job, "t", "Running");
        terminating.getMetadata().setFinalizers(List.of("other"));
        terminating.getMetadata().setDeletionTimestamp(NOW.toString());
        fake.seed(job, exited(pod(job, "a", "Running"), 1), terminating);
        controller.sync("ns/j");
        Job j = stored("j");
        assertThat(condition(j, "FailureTarget")).isEqualTo("True/BackoffLimitExceeded");
        assertThat(condition(j, "Failed")).isNull();
        assertThat(j.getStatus().getTerminating()).isEqualTo(1);
        fake.remove(terminating);
        controller.sync("ns/j");
        assertThat(condition(stored("j"), "Failed")).isEqualTo("True/BackoffLimitExceeded");
    }

    @Test
    void failedPodsAreReplacedAfterTheBackoffDelay() throws Exception {
        Job job = job("j", 1, 1, 6);
        fake.seed(job, exited(pod(job, "a", "Running"), 1));
        controller.sync("ns/j");
        assertThat(fake.actions("create", "Pod")).isEmpty();
        assertThat(stored("j").getStatus().getFailed()).isEqualTo(1);
        now.set(NOW.plusSeconds(10));
        controller.sync("ns/j");
        assertThat(fake.actions("create", "Pod")).hasSize(1);
    }

    @Test
    void pastActiveDeadlineFailsWithDeadlineExceeded() throws Exception {
        Job job = job("j", 1, 1, 6);
        job.getSpec().setActiveDeadlineSeconds(30L);
        fake.seed(job, pod(job, "a", "Running"));
        controller.sync("ns/j");
        assertThat(condition(stored("j"), "Failed")).isNull();
        now.set(NOW.plusSeconds(30));
        controller.sync("ns/j");
        assertThat(condition(stored("j"), "FailureTarget")).isEqualTo("True/DeadlineExceeded");
        controller.sync("ns/j");
        Job j = stored("j");
        assertThat(condition(j, "Failed")).isEqualTo("True/DeadlineExceeded");
        assertThat(fake.events().reasons()).contains("DeadlineExceeded");
        assertThat(pods()).isEmpty();
    }

    @ParameterizedTest(name = "exit {0} with rule {1} -> failed={2}, condition {3}")
    @CsvSource(nullValues = "null", value = {
        "42, FailJob, 1, True/PodFailurePolicy",
        "42, Ignore, 0, null",
        "42, Count, 1, null",
        "7, FailJob, 1, null"})
    void podFailurePolicyActions(int exitCode, String action, int failed, String failedCondition) throws Exception {
        Job job = job("j", 1, 1, 6);
        job.getSpec().setPodFailurePolicy(new PodFailurePolicyBuilder().addNewRule().withAction(action)
                .withNewOnExitCodes().withOperator("In").withValues(42).endOnExitCodes().endRule().build());
        fake.seed(job, exited(pod(job, "a", "Running"), exitCode));
        controller.sync("ns/j");
        Job j = stored("j");
        assertThat(j.getStatus().getFailed()).isEqualTo(failed);
        assertThat(condition(j, "Failed")).isEqualTo(failedCondition);
        if (failedCondition != null) {
            assertThat(JobConditions.find(j.getStatus(), "Failed").getMessage())
                    .isEqualTo("Container main for pod ns/a failed with exit code 42 matching FailJob rule at index 0");
        }
    }

    @Test
    void suspendDeletesActivePodsAndResumeRestartsTheClock() throws Exception {
        Job job = job("j", 2, 2, 6);
        job.getSpec().setSuspend(true);
        fake.seed(job, pod(job, "a", "Running"));
        controller.sync("ns/j");
        Job j = stored("j");
        assertThat(condition(j, "Suspended")).isEqualTo("True/JobSuspended");
        assertThat(pods()).isEmpty();
        assertThat(j.getStatus().getFailed()).as("pods deleted for suspension are not failures").isZero();
        assertThat(fake.events().reasons()).containsExactly("SuccessfulDelete", "Suspended");
        j.getSpec().setSuspend(false);
        fake.update(j);
        now.set(NOW.plusSeconds(60));
        controller.sync("ns/j");
        j = stored("j");
        assertThat(condition(j, "Suspended")).isEqualTo("False/JobResumed");
        assertThat(j.getStatus().getStartTime()).isEqualTo("2026-01-01T10:01:00Z");
        assertThat(pods()).hasSize(2);
    }

    @Test
    void indexedJobCreatesOnePodPerPendingIndexAndRecordsCompletedIndexes() throws Exception {
        Job job = indexed(job("j", 5, 5, 6));
        fake.seed(job, exited(indexedPod(job, "j-1", 1, "Running"), 0), exited(indexedPod(job, "j-3", 3, "Running"), 0),
                indexedPod(job, "j-4", 4, "Running"));
        controller.sync("ns/j");
        Job j = stored("j");
        assertThat(j.getStatus().getCompletedIndexes()).isEqualTo("1,3");
        assertThat(j.getStatus().getSucceeded()).isEqualTo(2);
        List<Pod> created = fake.actions("create", "Pod").stream().map(a -> (Pod) a.object()).toList();
        assertThat(created).extracting(p -> p.getMetadata().getAnnotations().get(JobPods.COMPLETION_INDEX)).containsExactly("0", "2");
        assertThat(created).extracting(p -> p.getSpec().getHostname()).containsExactly("j-0", "j-2");
        assertThat(created).extracting(p -> p.getMetadata().getLabels().get(JobPods.COMPLETION_INDEX)).containsExactly("0", "2");
        assertThat(created.getFirst().getMetadata().getName()).startsWith("j-0-");
        assertThat(created.getFirst().getSpec().getContainers().getFirst().getEnv()).extracting("name").contains("JOB_COMPLETION_INDEX");
    }

    @Test
    void orphanPodOfADeletedJobLosesItsFinalizer() throws Exception {
        Job job = job("j", 1, 1, 6);
        Pod p = pod(job, "a", "Succeeded");
        fake.seed(p);
        controller.sync(JobController.ORPHAN_PREFIX + "ns/a");
        assertThat(fake.stored(Pod.class, "ns", "a").getMetadata().getFinalizers()).doesNotContain(JobPods.TRACKING_FINALIZER);
    }
}
