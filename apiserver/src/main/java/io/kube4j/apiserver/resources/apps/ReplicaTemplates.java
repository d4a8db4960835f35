package io.kube4j.apiserver.resources.apps;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.kube4j.apiserver.errors.FieldError;
import java.util.List;
import java.util.Map;

/**
 * The selector-and-template rules that Deployment, ReplicaSet and DaemonSet share, as upstream's
 * {@code ValidatePodTemplateSpecForReplicaSet} and the selector checks around it. Stateless.
 */
final class ReplicaTemplates {

    private ReplicaTemplates() {
    }

    /**
     * A required, non-empty, well-formed selector.
     *
     * @param kindWord the word upstream puts in "empty selector is invalid for ..."
     */
    static void requiredSelector(List<FieldError> errs, LabelSelector s, String path, String kindWord) {
        if (s == null) {
            errs.add(FieldError.required(path, ""));
            return;
        }
        Selectors.validate(errs, s, path);
        if (Selectors.isEmpty(s)) {
            errs.add(FieldError.invalid(path, Copies.shown(s), "empty selector is invalid for " + kindWord));
        }
    }

    /**
     * The template matches the selector, passes pod-template validation, restarts Always and has no
     * active deadline.
     *
     * @param kind the kind upstream names in the activeDeadlineSeconds message
     */
    static void template(List<FieldError> errs, LabelSelector s, PodTemplateSpec t, String path, String kind) {
        if (s != null && !Selectors.convertible(s)) {
            errs.add(FieldError.invalid(path.replace("template", "selector"), Copies.shown(s), "invalid label selector"));
            return;
        }
        if (t == null) {
            errs.add(FieldError.required(path, ""));
            return;
        }
        selectorMatches(errs, s, t, path);
        errs.addAll(PodTemplateRules.validate(t, path));
        alwaysRestarts(errs, t, path, kind);
    }

    /** {@code `selector` does not match template `labels`} when a non-empty selector misses. */
    static void selectorMatches(List<FieldError> errs, LabelSelector s, PodTemplateSpec t, String path) {
        Map<String, String> labels = labels(t);
        if (!Selectors.isEmpty(s) && !Selectors.matches(s, labels)) {
            errs.add(FieldError.invalid(path + ".metadata.labels", Copies.shown(labels),
                    "`selector` does not match template `labels`"));
        }
    }

    /** restartPolicy Always; activeDeadlineSeconds unset. */
    static void alwaysRestarts(List<FieldError> errs, PodTemplateSpec t, String path, String kind) {
        String policy = t.getSpec() == null ? "" : Checks.str(t.getSpec().getRestartPolicy());
        if (!policy.equals("Always")) {
            errs.add(FieldError.notSupported(path + ".spec.restartPolicy", policy, List.of("Always")));
        }
        if (t.getSpec() != null && t.getSpec().getActiveDeadlineSeconds() != null) {
            errs.add(FieldError.forbidden(path + ".spec.activeDeadlineSeconds",
                    "activeDeadlineSeconds in " + kind + " is not Supported"));
        }
    }

    /** The template's labels, never null. */
    static Map<String, String> labels(PodTemplateSpec t) {
        return t == null || t.getMetadata() == null ? Map.of() : Checks.sorted(t.getMetadata().getLabels());
    }
}
