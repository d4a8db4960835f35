package io.kube4j.apiserver.resources.batch;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.kube4j.apiserver.errors.FieldError;
import io.kube4j.apiserver.registry.ResourceStrategy;
import io.kube4j.apiserver.resources.apps.Checks;
import io.kube4j.apiserver.resources.apps.Copies;
import io.kube4j.apiserver.resources.apps.PodTemplateRules;
import io.kube4j.apiserver.resources.apps.Selectors;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * batch/v1 Job, as upstream's job strategy, {@code SetDefaults_Job} and {@code ValidateJob*}.
 *
 * <p>Unless {@code spec.manualSelector} is true, create generates the selector
 * ({@code batch.kubernetes.io/controller-uid=<uid>}) and puts {@code controller-uid},
 * {@code batch.kubernetes.io/controller-uid}, {@code job-name} and
 * {@code batch.kubernetes.io/job-name} labels on the pod template; so the caller must have set
 * {@code metadata.uid} and {@code metadata.name} before {@link #prepareForCreate}. Defaults:
 * completions and parallelism 1 (parallelism alone when completions is set), backoffLimit 6,
 * NonIndexed, suspend false, manualSelector false, podReplacementPolicy TerminatingOrFailed (Failed
 * with a podFailurePolicy); the Job takes its template's labels when it has none. Selector,
 * completions (but see elastic Indexed Jobs), completionMode and the template are immutable; the
 * template's scheduling directives may change while suspended and never started. Status is kept
 * apart from spec. Stateless; thread-safe.
 */
public final class JobStrategy implements ResourceStrategy<Job> {

    static final String CONTROLLER_UID = "batch.kubernetes.io/controller-uid";
    static final String JOB_NAME = "batch.kubernetes.io/job-name";
    static final String LEGACY_CONTROLLER_UID = "controller-uid";
    static final String LEGACY_JOB_NAME = "job-name";

    @Override
    public void prepareForCreate(Job job) {
        job.setStatus(null);
        ensureSpec(job);
        // Upstream defaults on decode, before the strategy generates labels; copying here keeps
        // the generated labels off the Job's own metadata, as there.
        copyTemplateLabels(job);
        if (!Boolean.TRUE.equals(job.getSpec().getManualSelector())) {
            generateSelector(job);
        }
    }

    @Override
    public void prepareForUpdate(Job job, Job old) {
        job.setStatus(Copies.deepCopy(old.getStatus()));
        ensureSpec(job);
        copyTemplateLabels(job);
    }

    @Override
    public void applyDefaults(Job job) {
        JobSpec s = ensureSpec(job);
        if (s.getCompletions() == null && s.getParallelism() == null) {
            s.setCompletions(1);
            s.setParallelism(1);
        }
        if (s.getParallelism() == null) {
            s.setParallelism(1);
        }
        if (s.getBackoffLimit() == null) {
            s.setBackoffLimit(s.getBackoffLimitPerIndex() != null ? Integer.MAX_VALUE : 6);
        }
        if (s.getCompletionMode() == null) {
            s.setCompletionMode("NonIndexed");
        }
        if (s.getSuspend() == null) {
            s.setSuspend(false);
        }
        if (s.getManualSelector() == null) {
            s.setManualSelector(false);
        }
        if (s.getPodReplacementPolicy() == null) {
            s.setPodReplacementPolicy(s.getPodFailurePolicy() != null ? "Failed" : "TerminatingOrFailed");
        }
        PodTemplateRules.applyDefaults(s.getTemplate());
    }

    @Override
    public List<FieldError> validate(Job job) {
        return validate(job, true);
    }

    private List<FieldError> validate(Job job, boolean batchLabels) {
        List<FieldError> errs = new ArrayList<>();
        JobSpec s = ensureSpec(job);
        generatedSelector(errs, job, batchLabels);
        JobSpecRules.validate(errs, s, "spec");
        if (s.getSelector() == null) {
            errs.add(FieldError.required("spec.selector", ""));
        } else {
            Selectors.validate(errs, s.getSelector(), "spec.selector");
            Map<String, String> labels = templateLabels(s.getTemplate());
            if (Selectors.convertible(s.getSelector()) && !Selectors.matches(s.getSelector(), labels)) {
                errs.add(FieldError.invalid("spec.template.metadata.labels", Copies.shown(labels),
                        "`selector` does not match template `labels`"));
            }
        }
        return errs;
    }

    /** Upstream's {@code ValidateGeneratedSelector}. */
    private static void generatedSelector(List<FieldError> errs, Job job, boolean batchLabels) {
        JobSpec s = job.getSpec();
        if (Boolean.TRUE.equals(s.getManualSelector()) || s.getSelector() == null) {
            return;
        }
        String uid = Checks.str(job.getMetadata().getUid());
        String name = Checks.str(job.getMetadata().getName());
        if (uid.isEmpty()) {
            errs.add(FieldError.required("metadata.uid", ""));
        }
        Map<String, String> labels = templateLabels(s.getTemplate());
        Map<String, String> expected = new LinkedHashMap<>();
        if (batchLabels) {
            hasLabel(errs, labels, CONTROLLER_UID, uid);
            hasLabel(errs, labels, JOB_NAME, name);
            expected.put(CONTROLLER_UID, uid);
            expected.put(JOB_NAME, name);
        }
        expected.put(LEGACY_CONTROLLER_UID, uid);
        expected.put(LEGACY_JOB_NAME, name);
        if (Selectors.convertible(s.getSelector()) && !Selectors.matches(s.getSelector(), expected)) {
            errs.add(FieldError.invalid("spec.selector", Copies.shown(s.getSelector()), "`selector` not auto-generated"));
        }
    }

    private static void hasLabel(List<FieldError> errs, Map<String, String> labels, String key, String expected) {
        String path = "spec.template.metadata.labels[" + key + "]";
        String actual = labels.get(key);
        if (actual == null) {
            errs.add(FieldError.required(path, expected));
        } else if (!actual.equals(expected)) {
            errs.add(FieldError.invalid(path, Copies.shown(labels), "must be '" + expected + "'"));
        }
    }

    @Override
    public List<FieldError> validateUpdate(Job job, Job old) {
        JobSpec s = ensureSpec(job);
        JobSpec was = ensureSpec(old);
        boolean batchLabels = templateLabels(was.getTemplate()).containsKey(CONTROLLER_UID);
        List<FieldError> errs = validate(job, batchLabels);
        completions(errs, s, was);
        Checks.immutable(errs, s.getSelector(), was.getSelector(), "spec.selector");
        JobTemplateUpdates.validate(errs, job, old);
        Checks.immutable(errs, s.getCompletionMode(), was.getCompletionMode(), "spec.completionMode");
        Checks.immutable(errs, s.getPodFailurePolicy(), was.getPodFailurePolicy(), "spec.podFailurePolicy");
        Checks.immutable(errs, s.getBackoffLimitPerIndex(), was.getBackoffLimitPerIndex(), "spec.backoffLimitPerIndex");
        Checks.immutable(errs, s.getManagedBy(), was.getManagedBy(), "spec.managedBy");
        Checks.immutable(errs, s.getSuccessPolicy(), was.getSuccessPolicy(), "spec.successPolicy");
        return errs;
    }

    /** Completions are immutable, except that an Indexed Job may change them together with parallelism. */
    private static void completions(List<FieldError> errs, JobSpec s, JobSpec was) {
        if (!"Indexed".equals(s.getCompletionMode())) {
            Checks.immutable(errs, s.getCompletions(), was.getCompletions(), "spec.completions");
            return;
        }
        if (Objects.equals(s.getCompletions(), was.getCompletions()) || s.getCompletions() == null) {
            return;
        }
        if (!s.getCompletions().equals(s.getParallelism())) {
            errs.add(FieldError.invalid("spec.completions", s.getCompletions(),
                    "can only be modified in tandem with spec.parallelism"));
        }
    }

    @Override
    public void prepareForStatusUpdate(Job job, Job old) {
        job.setSpec(Copies.deepCopy(old.getSpec()));
    }

    @Override
    public List<FieldError> validateStatusUpdate(Job job, Job old) {
        List<FieldError> errs = new ArrayList<>();
        JobStatus st = job.getStatus() == null ? new JobStatus() : job.getStatus();
        Checks.nonNegative(errs, st.getActive(), "status.active");
        Checks.nonNegative(errs, st.getSucceeded(), "status.succeeded");
        Checks.nonNegative(errs, st.getFailed(), "status.failed");
        Checks.nonNegative(errs, st.getReady(), "status.ready");
        Checks.nonNegative(errs, st.getTerminating(), "status.terminating");
        return errs;
    }

    /** Upstream's {@code generateSelector}: labels the template and selects on the uid. */
    private static void generateSelector(Job job) {
        PodTemplateSpec t = job.getSpec().getTemplate();
        if (t == null) {
            t = new PodTemplateSpec();
            job.getSpec().setTemplate(t);
        }
        if (t.getMetadata() == null) {
            t.setMetadata(new ObjectMeta());
        }
        Map<String, String> labels = t.getMetadata().getLabels() == null
                ? new LinkedHashMap<>() : new LinkedHashMap<>(t.getMetadata().getLabels());
        String uid = Checks.str(job.getMetadata().getUid());
        String name = Checks.str(job.getMetadata().getName());
        // A label the user set is left alone; a conflict is then reported by validation.
        labels.putIfAbsent(LEGACY_JOB_NAME, name);
        labels.putIfAbsent(JOB_NAME, name);
        labels.putIfAbsent(LEGACY_CONTROLLER_UID, uid);
        labels.putIfAbsent(CONTROLLER_UID, uid);
        t.getMetadata().setLabels(labels);
        LabelSelector sel = job.getSpec().getSelector();
        if (sel == null) {
            sel = new LabelSelector();
            job.getSpec().setSelector(sel);
        }
        Map<String, String> match = sel.getMatchLabels() == null
                ? new LinkedHashMap<>() : new LinkedHashMap<>(sel.getMatchLabels());
        match.putIfAbsent(CONTROLLER_UID, uid);
        sel.setMatchLabels(match);
    }

    private static void copyTemplateLabels(Job job) {
        PodTemplateSpec t = job.getSpec().getTemplate();
        Map<String, String> own = job.getMetadata().getLabels();
        if (t != null && t.getMetadata() != null && t.getMetadata().getLabels() != null
                && (own == null || own.isEmpty())) {
            job.getMetadata().setLabels(new LinkedHashMap<>(t.getMetadata().getLabels()));
        }
    }

    private static Map<String, String> templateLabels(PodTemplateSpec t) {
        return t == null || t.getMetadata() == null ? Map.of() : Checks.sorted(t.getMetadata().getLabels());
    }

    private static JobSpec ensureSpec(Job job) {
        if (job.getSpec() == null) {
            job.setSpec(new JobSpec());
        }
        if (job.getMetadata() == null) {
            job.setMetadata(new ObjectMeta());
        }
        return job.getSpec();
    }
}
