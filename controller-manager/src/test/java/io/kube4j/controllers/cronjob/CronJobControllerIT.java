package io.kube4j.controllers.cronjob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.kube4j.controllers.job.JobController;
import io.kube4j.controllers.testing.HollowNodes;
import io.kube4j.controllers.testing.ClusterPerClass;
import io.kube4j.controllers.ttlafterfinished.TtlAfterFinishedController;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * CronJobs against the real apiserver, with the Job controller, the scheduler and hollow nodes.
 * {@code @every 2s} (which upstream's parser accepts) keeps the test short; minute schedules are
 * covered by the unit tests with a clock. TTL-after-finished rides along.
 */
class CronJobControllerIT extends ClusterPerClass {


    @BeforeAll
    static void start() throws Exception {
        startCluster();
        cluster.scheduler();
        cluster.nodes(2);
        cluster.controllers(CronJobController::new, ctx -> new JobController(ctx, Duration.ofMillis(200), Duration.ofSeconds(2)),
                TtlAfterFinishedController::new);
    }

    private static List<Job> jobsOf(String cronJob) {
        return client.batch().v1().jobs().inNamespace("default").list().getItems().stream()
                .filter(j -> j.getMetadata().getName().startsWith(cronJob + "-")).toList();
    }

    @Test
    void aCronJobRunsJobsOnScheduleAndKeepsItsHistoryLimit() {
        CronJob cronJob = new CronJobBuilder().withNewMetadata().withName("every").withNamespace("default").endMetadata()
                .withNewSpec().withSchedule("@every 2s").withConcurrencyPolicy("Forbid").withSuccessfulJobsHistoryLimit(1)
                .withNewJobTemplate().withNewSpec().withNewTemplate().withNewMetadata()
                .addToAnnotations(HollowNodes.EXIT_CODE_ANNOTATION, "0").endMetadata()
                .withNewSpec().withRestartPolicy("Never").addNewContainer().withName("c").withImage("busybox").endContainer().endSpec()
                .endTemplate().endSpec().endJobTemplate().endSpec().build();
        client.batch().v1().cronjobs().resource(cronJob).create();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            CronJob cj = client.batch().v1().cronjobs().inNamespace("default").withName("every").get();
            return cj.getStatus() != null && cj.getStatus().getLastSuccessfulTime() != null
                    && cj.getStatus().getLastScheduleTime() != null
                    && Instant.parse(cj.getStatus().getLastScheduleTime()).isAfter(Instant.parse(cj.getStatus().getLastSuccessfulTime()));
        });
        Job job = jobsOf("every").getFirst();
        assertThat(job.getMetadata().getAnnotations()).containsKey(CronJobJobs.SCHEDULED_TIMESTAMP);
        assertThat(job.getMetadata().getOwnerReferences().getFirst().getKind()).isEqualTo("CronJob");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(jobsOf("every").stream()
                .filter(j -> "Complete".equals(CronJobJobs.finishedAs(j)) && j.getMetadata().getDeletionTimestamp() == null))
                .as("finished Jobs beyond successfulJobsHistoryLimit are deleted").hasSizeLessThanOrEqualTo(1));
        client.batch().v1().cronjobs().inNamespace("default").withName("every").edit(cj -> {
            cj.getSpec().setSuspend(true);
            return cj;
        });
    }

    @Test
    void aFinishedJobWithATtlIsDeleted() {
        Job job = new io.fabric8.kubernetes.api.model.batch.v1.JobBuilder().withNewMetadata().withName("ttl").withNamespace("default").endMetadata()
                .withNewSpec().withTtlSecondsAfterFinished(1).withNewTemplate().withNewMetadata()
                .addToAnnotations(HollowNodes.EXIT_CODE_ANNOTATION, "0").endMetadata()
                .withNewSpec().withRestartPolicy("Never").addNewContainer().withName("c").withImage("busybox").endContainer().endSpec()
                .endTemplate().endSpec().build();
        client.batch().v1().jobs().resource(job).create();
        // Foreground deletion: the Job is marked deleted at once; the garbage collector removes it after its pods
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            Job j = client.batch().v1().jobs().inNamespace("default").withName("ttl").get();
            return j == null || j.getMetadata().getDeletionTimestamp() != null;
        });
    }
}
