package io.kube4j.apiserver.resources.batch;

import static io.kube4j.apiserver.resources.apps.Fixtures.json;
import static io.kube4j.apiserver.resources.apps.Fixtures.summary;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.kube4j.apiserver.resources.apps.Fixtures;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class JobStrategyTest {

    private final JobStrategy strategy = new JobStrategy();

    /** A Job as the create path leaves it: uid set, prepared, defaulted. */
    static Job created() {
        Job job = Fixtures.read("""
            metadata: {name: pi, namespace: default, uid: 1234-abcd}
            spec:
              template:
                metadata:
                  labels: {app: pi}
                spec:
                  restartPolicy: Never
                  containers:
                  - name: pi
                    image: perl:5.34
            """, Job.class);
        JobStrategy s = new JobStrategy();
        s.prepareForCreate(job);
        s.applyDefaults(job);
        return job;
    }

    @Test
    void createGeneratesSelectorLabelsAndDefaults() {
        Job job = created();
        assertThat(job.getSpec().getSelector().getMatchLabels())
                .containsExactly(Map.entry("batch.kubernetes.io/controller-uid", "1234-abcd"));
        assertThat(job.getSpec().getTemplate().getMetadata().getLabels()).containsOnly(
                Map.entry("app", "pi"),
                Map.entry("controller-uid", "1234-abcd"),
                Map.entry("batch.kubernetes.io/controller-uid", "1234-abcd"),
                Map.entry("job-name", "pi"),
                Map.entry("batch.kubernetes.io/job-name", "pi"));
        // The Job takes the template's labels as the user wrote them.
        assertThat(job.getMetadata().getLabels()).containsOnly(Map.entry("app", "pi"));
        var s = job.getSpec();
        assertThat(s.getCompletions()).isEqualTo(1);
        assertThat(s.getParallelism()).isEqualTo(1);
        assertThat(s.getBackoffLimit()).isEqualTo(6);
        assertThat(s.getCompletionMode()).isEqualTo("NonIndexed");
        assertThat(s.getSuspend()).isFalse();
        assertThat(s.getManualSelector()).isFalse();
        assertThat(s.getPodReplacementPolicy()).isEqualTo("TerminatingOrFailed");
        String once = json(job);
        strategy.applyDefaults(job);
        assertThat(json(job)).isEqualTo(once);
        assertThat(strategy.validate(job)).isEmpty();
    }

    @Test
    void parallelismAloneLeavesCompletionsUnset() {
        Job job = Fixtures.read("metadata: {name: w, uid: u}\nspec: {parallelism: 3}\n", Job.class);
        strategy.applyDefaults(job);
        assertThat(job.getSpec().getCompletions()).isNull();
        assertThat(job.getSpec().getParallelism()).isEqualTo(3);
    }

    @Test
    void manualSelectorIsNotGenerated() {
        Job job = Fixtures.read("""
            metadata: {name: m, uid: u}
            spec:
              manualSelector: true
              selector: {matchLabels: {app: m}}
              template:
                metadata: {labels: {app: m}}
                spec:
                  restartPolicy: OnFailure
                  containers: [{name: c, image: busybox}]
            """, Job.class);
        strategy.prepareForCreate(job);
        strategy.applyDefaults(job);
        assertThat(job.getSpec().getSelector().getMatchLabels()).containsOnly(Map.entry("app", "m"));
        assertThat(job.getSpec().getTemplate().getMetadata().getLabels()).containsOnly(Map.entry("app", "m"));
        assertThat(strategy.validate(job)).isEmpty();
    }

    record Case(String name, Consumer<Job> mutate, List<String> expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> invalid() {
        return Stream.of(
                new Case("restart always", j -> j.getSpec().getTemplate().getSpec().setRestartPolicy("Always"),
                        List.of("spec.template.spec.restartPolicy FieldValueNotSupported")),
                new Case("negative parallelism", j -> j.getSpec().setParallelism(-1),
                        List.of("spec.parallelism FieldValueInvalid")),
                new Case("negative backoff", j -> j.getSpec().setBackoffLimit(-1),
                        List.of("spec.backoffLimit FieldValueInvalid")),
                new Case("unknown completion mode", j -> j.getSpec().setCompletionMode("Sometimes"),
                        List.of("spec.completionMode FieldValueNotSupported")),
                new Case("indexed without completions", j -> {
                    j.getSpec().setCompletionMode("Indexed");
                    j.getSpec().setCompletions(null);
                }, List.of("spec.completions FieldValueRequired")),
                new Case("per-index backoff on non-indexed", j -> j.getSpec().setBackoffLimitPerIndex(1),
                        List.of("spec.backoffLimitPerIndex FieldValueForbidden")),
                new Case("bad replacement policy", j -> j.getSpec().setPodReplacementPolicy("Never"),
                        List.of("spec.podReplacementPolicy FieldValueNotSupported")),
                new Case("lost generated label", j -> j.getSpec().getTemplate().getMetadata().getLabels()
                        .remove("batch.kubernetes.io/job-name"),
                        List.of("spec.template.metadata.labels[batch.kubernetes.io/job-name] FieldValueRequired")),
                new Case("wrong uid in selector", j -> j.getSpec().getSelector().getMatchLabels()
                        .put("batch.kubernetes.io/controller-uid", "other"),
                        List.of("spec.selector FieldValueNotAuto".replace("NotAuto", "Invalid"),
                                "spec.template.metadata.labels FieldValueInvalid")),
                new Case("no uid", j -> j.getMetadata().setUid(null),
                        List.of("metadata.uid FieldValueRequired",
                                "spec.template.metadata.labels[batch.kubernetes.io/controller-uid] FieldValueInvalid",
                                "spec.selector FieldValueInvalid")));
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void invalidJobsNameTheField(Case c) {
        Job job = created();
        c.mutate().accept(job);
        assertThat(summary(strategy.validate(job))).containsExactlyElementsOf(c.expected());
    }

    @Test
    void templateIsImmutableUnlessSuspendedAndNotStarted() {
        Job old = created();
        Job changed = created();
        changed.getSpec().getTemplate().getSpec().getContainers().getFirst().setImage("perl:5.36");
        assertThat(summary(strategy.validateUpdate(changed, old))).containsExactly("spec.template FieldValueInvalid");

        Job scheduling = created();
        scheduling.getSpec().getTemplate().getSpec().setNodeSelector(Map.of("zone", "a"));
        scheduling.getSpec().getTemplate().getSpec().setTolerations(List.of(new Toleration(
                "NoSchedule", "k", "Exists", null, null)));
        assertThat(summary(strategy.validateUpdate(scheduling, old))).containsExactly("spec.template FieldValueInvalid");

        old.getSpec().setSuspend(true);
        scheduling.getSpec().setSuspend(true);
        assertThat(strategy.validateUpdate(scheduling, old)).isEmpty();
        old.setStatus(new JobStatus());
        old.getStatus().setStartTime("2026-01-01T00:00:00Z");
        assertThat(summary(strategy.validateUpdate(scheduling, old))).containsExactly("spec.template FieldValueInvalid");
    }

    @Test
    void selectorAndCompletionsAreImmutable() {
        Job old = created();
        Job job = created();
        job.getSpec().setCompletions(4);
        assertThat(summary(strategy.validateUpdate(job, old))).containsExactly("spec.completions FieldValueInvalid");
        Job more = created();
        more.getSpec().setParallelism(5);
        more.getSpec().setActiveDeadlineSeconds(100L);
        assertThat(strategy.validateUpdate(more, old)).isEmpty();
    }

    @Test
    void indexedCompletionsChangeWithParallelism() {
        Job old = created();
        old.getSpec().setCompletionMode("Indexed");
        Job job = created();
        job.getSpec().setCompletionMode("Indexed");
        job.getSpec().setCompletions(3);
        job.getSpec().setParallelism(3);
        assertThat(strategy.validateUpdate(job, old)).isEmpty();
        job.getSpec().setParallelism(2);
        assertThat(summary(strategy.validateUpdate(job, old))).containsExactly("spec.completions FieldValueInvalid");
    }

    @Test
    void statusUpdateKeepsSpec() {
        Job old = created();
        Job job = created();
        job.getSpec().setParallelism(9);
        job.setStatus(new JobStatus());
        job.getStatus().setSucceeded(1);
        strategy.prepareForStatusUpdate(job, old);
        assertThat(job.getSpec().getParallelism()).isEqualTo(1);
        assertThat(job.getStatus().getSucceeded()).isEqualTo(1);
        job.getStatus().setFailed(-1);
        assertThat(summary(strategy.validateStatusUpdate(job, old))).containsExactly("status.failed FieldValueInvalid");
        Job update = created();
        update.setStatus(null);
        strategy.prepareForUpdate(update, job);
        assertThat(update.getStatus().getSucceeded()).isEqualTo(1);
    }
}
