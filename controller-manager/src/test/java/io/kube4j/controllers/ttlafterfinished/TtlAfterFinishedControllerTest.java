package io.kube4j.controllers.ttlafterfinished;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.kube4j.controllers.machinery.ControllerOptions;
import io.kube4j.controllers.testing.FakeCluster;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TtlAfterFinishedControllerTest {

    private static final Instant FINISHED = Instant.parse("2026-01-01T10:00:00Z");

    private static Job job(Integer ttl, String condition, boolean deleting) {
        var b = new JobBuilder().withNewMetadata().withNamespace("ns").withName("j").withUid("j-uid").endMetadata()
                .withNewSpec().withTtlSecondsAfterFinished(ttl).endSpec();
        if (condition != null) {
            b.withNewStatus().addNewCondition().withType(condition).withStatus("True")
                    .withLastTransitionTime(FINISHED.toString()).endCondition().endStatus();
        }
        Job job = b.build();
        if (deleting) {
            job.getMetadata().setDeletionTimestamp(FINISHED.toString());
            job.getMetadata().setFinalizers(java.util.List.of("foregroundDeletion"));
        }
        return job;
    }

    @ParameterizedTest(name = "ttl={0} {1} deleting={2} at +{3}s -> deleted={4}")
    @CsvSource(nullValues = "null", value = {
        "60, Complete, false, 60, true",
        "60, Failed, false, 61, true",
        "0, Complete, false, 0, true",
        "60, Complete, false, 59, false",
        "null, Complete, false, 3600, false",
        "60, null, false, 3600, false",
        "60, Suspended, false, 3600, false",
        "60, Complete, true, 3600, false"})
    void deletesFinishedJobsOnceTheirTtlRunsOut(Integer ttl, String condition, boolean deleting, int after, boolean deleted) {
        FakeCluster fake = new FakeCluster();
        InstantSource clock = InstantSource.fixed(FINISHED.plusSeconds(after));
        var controller = new TtlAfterFinishedController(fake.context(clock, ControllerOptions.defaults()));
        fake.seed(job(ttl, condition, deleting));
        controller.sync("ns/j");
        var deletes = fake.actions("delete", "Job");
        assertThat(deletes).hasSize(deleted ? 1 : 0);
        if (deleted) {
            assertThat(fake.stored(Job.class, "ns", "j").getMetadata().getFinalizers()).containsExactly("foregroundDeletion");
        }
    }

    @org.junit.jupiter.api.Test
    void anUnexpiredJobIsQueuedForWhenItExpires() throws Exception {
        FakeCluster fake = new FakeCluster();
        var controller = new TtlAfterFinishedController(fake.context(InstantSource.fixed(FINISHED.plusSeconds(59)), ControllerOptions.defaults()));
        fake.seed(job(60, "Complete", false));
        controller.queue().get();
        controller.queue().done("ns/j");
        controller.sync("ns/j");
        assertThat(controller.queue().length()).isZero();
        long start = System.nanoTime();
        assertThat(controller.queue().get()).isEqualTo("ns/j");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(500));
    }
}
