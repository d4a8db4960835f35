package io.kube4j.apiserver.resources.batch;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.kube4j.apiserver.errors.FieldError;
import io.kube4j.apiserver.resources.apps.Checks;
import io.kube4j.apiserver.resources.apps.PodTemplateRules;
import java.util.List;

/**
 * The job-spec rules that a Job and a CronJob's job template share (upstream's unexported
 * {@code validateJobSpec}): counts, completion mode, pod replacement policy, and a pod template
 * that restarts OnFailure or Never. Stateless.
 */
final class JobSpecRules {

    static final int MAX_PARALLELISM_INDEXED = 100_000;

    private JobSpecRules() {
    }

    /** Validates {@code s}, rooted at {@code path} ({@code spec} or {@code spec.jobTemplate.spec}). */
    static void validate(List<FieldError> errs, JobSpec s, String path) {
        Checks.nonNegative(errs, s.getParallelism(), path + ".parallelism");
        Checks.nonNegative(errs, s.getCompletions(), path + ".completions");
        Checks.nonNegative(errs, s.getActiveDeadlineSeconds(), path + ".activeDeadlineSeconds");
        Checks.nonNegative(errs, s.getBackoffLimit(), path + ".backoffLimit");
        Checks.nonNegative(errs, s.getTtlSecondsAfterFinished(), path + ".ttlSecondsAfterFinished");
        boolean indexed = "Indexed".equals(s.getCompletionMode());
        if (s.getBackoffLimitPerIndex() != null) {
            Checks.nonNegative(errs, s.getBackoffLimitPerIndex(), path + ".backoffLimitPerIndex");
            if (!indexed) {
                errs.add(FieldError.forbidden(path + ".backoffLimitPerIndex", "requires indexed completion mode"));
            }
        }
        if (s.getMaxFailedIndexes() != null) {
            Checks.nonNegative(errs, s.getMaxFailedIndexes(), path + ".maxFailedIndexes");
            if (s.getBackoffLimitPerIndex() == null) {
                errs.add(FieldError.required(path + ".backoffLimitPerIndex", "when maxFailedIndexes is specified"));
            }
        }
        if (s.getCompletionMode() != null) {
            String mode = s.getCompletionMode();
            if (!mode.equals("NonIndexed") && !indexed) {
                errs.add(FieldError.notSupported(path + ".completionMode", mode, List.of("NonIndexed", "Indexed")));
            }
            if (indexed) {
                if (s.getCompletions() == null) {
                    errs.add(FieldError.required(path + ".completions", "when completion mode is Indexed"));
                }
                if (s.getParallelism() != null && s.getParallelism() > MAX_PARALLELISM_INDEXED) {
                    errs.add(FieldError.invalid(path + ".parallelism", s.getParallelism(),
                            "must be less than or equal to " + MAX_PARALLELISM_INDEXED
                                    + " when completion mode is Indexed"));
                }
            }
        }
        if (s.getPodReplacementPolicy() != null) {
            String p = s.getPodReplacementPolicy();
            if (s.getPodFailurePolicy() != null) {
                if (!p.equals("Failed")) {
                    errs.add(FieldError.notSupported(path + ".podReplacementPolicy", p, List.of("Failed")));
                }
            } else if (!p.equals("Failed") && !p.equals("TerminatingOrFailed")) {
                errs.add(FieldError.notSupported(path + ".podReplacementPolicy", p,
                        List.of("Failed", "TerminatingOrFailed")));
            }
        }
        PodTemplateSpec t = s.getTemplate();
        errs.addAll(PodTemplateRules.validate(t, path + ".template"));
        String restart = t == null || t.getSpec() == null ? "" : Checks.str(t.getSpec().getRestartPolicy());
        if (!restart.equals("OnFailure") && !restart.equals("Never")) {
            errs.add(FieldError.notSupported(path + ".template.spec.restartPolicy", restart,
                    List.of("OnFailure", "Never")));
        } else if (s.getPodFailurePolicy() != null && !restart.equals("Never")) {
            errs.add(FieldError.invalid(path + ".template.spec.restartPolicy", restart,
                    "only \"Never\" is supported when podFailurePolicy is specified"));
        }
    }
}
