package io.kube4j.controllers.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.kube4j.controllers.testing.HollowNodes;
import io.kube4j.controllers.testing.ClusterPerClass;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Jobs against the real apiserver, with the scheduler and hollow nodes running their pods. */
class JobControllerIT extends ClusterPerClass {


    @BeforeAll
    static void start() throws Exception {
        startCluster();
        cluster.scheduler();
        cluster.nodes(2);
        cluster.controllers(ctx -> new JobController(ctx, Duration.ofMillis(200), Duration.ofSeconds(2)));
    }

    private static Job create(String name, int completions, int parallelism, int backoffLimit, String exitCode, boolean indexed) {
        Job job = new JobBuilder().withNewMetadata().withName(name).withNamespace("default").endMetadata()
                .withNewSpec().withCompletions(completions).withParallelism(parallelism).withBackoffLimit(backoffLimit)
                .withCompletionMode(indexed ? "Indexed" : "NonIndexed")
                .withNewTemplate().withNewMetadata().addToAnnotations(HollowNodes.EXIT_CODE_ANNOTATION, exitCode)
                .addToAnnotations(HollowNodes.RUN_MS_ANNOTATION, "200").endMetadata()
                .withNewSpec().withRestartPolicy("Never").addNewContainer().withName("main").withImage("busybox").endContainer().endSpec()
                .endTemplate().endSpec().build();
        return client.batch().v1().jobs().resource(job).create();
    }

    private static Job get(String name) {
        return client.batch().v1().jobs().inNamespace("default").withName(name).get();
    }

    private static boolean hasCondition(Job job, String type) {
        return job != null && JobConditions.isTrue(job.getStatus(), type);
    }

    private static long podsOf(String name) {
        return client.pods().inNamespace("default").withLabel(JobPods.JOB_NAME, name).list().getItems().size();
    }

    @Test
    void aJobOfThreeCompletionsTwoAtATimeCompletes() {
        create("three", 3, 2, 6, "0", false);
        await().atMost(Duration.ofSeconds(40)).until(() -> hasCondition(get("three"), "Complete"));
        Job job = get("three");
        assertThat(job.getStatus().getSucceeded()).isEqualTo(3);
        assertThat(job.getStatus().getActive()).isZero();
        assertThat(job.getStatus().getCompletionTime()).isNotNull();
        assertThat(job.getStatus().getUncountedTerminatedPods().getSucceeded()).isEmpty();
        assertThat(hasCondition(job, "SuccessCriteriaMet")).isTrue();
        assertThat(podsOf("three")).isEqualTo(3);
        assertThat(client.pods().inNamespace("default").withLabel(JobPods.JOB_NAME, "three").list().getItems())
                .allSatisfy(p -> assertThat(p.getMetadata().getFinalizers()).doesNotContain(JobPods.TRACKING_FINALIZER));
    }

    @Test
    void aJobWhosePodsFailStopsAfterItsBackoffLimit() {
        create("fails", 1, 1, 2, "1", false);
        await().atMost(Duration.ofSeconds(40)).until(() -> hasCondition(get("fails"), "Failed"));
        Job job = get("fails");
        assertThat(JobConditions.find(job.getStatus(), "Failed").getReason()).isEqualTo("BackoffLimitExceeded");
        assertThat(job.getStatus().getFailed()).isEqualTo(3);
        assertThat(podsOf("fails")).isEqualTo(3);
    }

    @Test
    void anIndexedJobCompletesEveryIndex() {
        create("indexed", 3, 3, 6, "0", true);
        await().atMost(Duration.ofSeconds(40)).until(() -> hasCondition(get("indexed"), "Complete"));
        Job job = get("indexed");
        assertThat(job.getStatus().getCompletedIndexes()).isEqualTo("0-2");
        assertThat(job.getStatus().getSucceeded()).isEqualTo(3);
        assertThat(client.pods().inNamespace("default").withLabel(JobPods.JOB_NAME, "indexed").list().getItems())
                .extracting(p -> p.getSpec().getHostname()).containsExactlyInAnyOrder("indexed-0", "indexed-1", "indexed-2");
    }
}
