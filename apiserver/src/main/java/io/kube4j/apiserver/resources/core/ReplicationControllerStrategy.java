package io.kube4j.apiserver.resources.core;

import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.ReplicationControllerSpec;
import io.fabric8.kubernetes.api.model.ReplicationControllerStatus;
import io.kube4j.apiserver.errors.FieldError;
import io.kube4j.apiserver.registry.ResourceStrategy;
import io.kube4j.apiserver.validation.Copies;
import io.kube4j.apiserver.validation.FieldChecks;
import io.kube4j.apiserver.validation.PodSpecDefaults;
import io.kube4j.apiserver.validation.PodSpecValidation;
import io.kube4j.apiserver.validation.StatusUpdates;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ReplicationControllers, as upstream's defaults, strategy and {@code ValidateReplicationController}:
 * selector and labels default to the template's labels, replicas to 1; status cleared on create
 * and kept on update, spec kept on status update; the selector must be non-empty and match the
 * template's labels; the template restarts Always and has no activeDeadlineSeconds. Stateless,
 * thread-safe.
 */
public final class ReplicationControllerStrategy implements ResourceStrategy<ReplicationController> {

    @Override
    public void prepareForCreate(ReplicationController rc) {
        rc.setStatus(new ReplicationControllerStatus());
        rc.getStatus().setReplicas(0);
    }

    @Override
    public void prepareForUpdate(ReplicationController rc, ReplicationController old) {
        rc.setStatus(Copies.deep(old.getStatus()));
    }

    @Override
    public void applyDefaults(ReplicationController rc) {
        if (rc.getSpec() == null) {
            rc.setSpec(new ReplicationControllerSpec());
        }
        ReplicationControllerSpec s = rc.getSpec();
        Map<String, String> templateLabels = s.getTemplate() == null || s.getTemplate().getMetadata() == null
                ? null : s.getTemplate().getMetadata().getLabels();
        if (templateLabels != null && !templateLabels.isEmpty()) {
            if (s.getSelector() == null || s.getSelector().isEmpty()) {
                s.setSelector(new LinkedHashMap<>(templateLabels));
            }
            if (rc.getMetadata() != null
                    && (rc.getMetadata().getLabels() == null || rc.getMetadata().getLabels().isEmpty())) {
                rc.getMetadata().setLabels(new LinkedHashMap<>(templateLabels));
            }
        }
        if (s.getReplicas() == null) {
            s.setReplicas(1);
        }
        PodSpecDefaults.applyTemplate(s.getTemplate());
    }

    @Override
    public List<FieldError> validate(ReplicationController rc) {
        List<FieldError> errs = new ArrayList<>();
        ReplicationControllerSpec s = rc.getSpec() == null ? new ReplicationControllerSpec() : rc.getSpec();
        FieldChecks.nonNegative(errs, "spec.replicas", s.getReplicas());
        FieldChecks.nonNegative(errs, "spec.minReadySeconds", s.getMinReadySeconds());
        Map<String, String> selector = s.getSelector() == null ? Map.of() : s.getSelector();
        if (selector.isEmpty()) {
            errs.add(FieldError.required("spec.selector", ""));
        } else {
            FieldChecks.labels(errs, "spec.selector", selector);
        }
        if (s.getTemplate() == null) {
            errs.add(FieldError.required("spec.template", ""));
            return errs;
        }
        Map<String, String> labels = s.getTemplate().getMetadata() == null
                || s.getTemplate().getMetadata().getLabels() == null ? Map.of() : s.getTemplate().getMetadata().getLabels();
        if (!selector.isEmpty() && !labels.entrySet().containsAll(selector.entrySet())) {
            errs.add(FieldError.invalid("spec.template.metadata.labels", labels.toString(),
                    "`selector` does not match template `labels`"));
        }
        errs.addAll(PodSpecValidation.validateTemplate(s.getTemplate(), "spec.template"));
        if (s.getTemplate().getSpec() != null) {
            String restart = s.getTemplate().getSpec().getRestartPolicy();
            if (restart != null && !restart.equals("Always")) {
                errs.add(FieldError.notSupported("spec.template.spec.restartPolicy", restart, List.of("Always")));
            }
            if (s.getTemplate().getSpec().getActiveDeadlineSeconds() != null) {
                errs.add(FieldError.forbidden("spec.template.spec.activeDeadlineSeconds",
                        "activeDeadlineSeconds in ReplicationController is not Supported"));
            }
        }
        return errs;
    }

    @Override
    public void prepareForStatusUpdate(ReplicationController rc, ReplicationController old) {
        rc.setSpec(Copies.deep(old.getSpec()));
        StatusUpdates.resetMetadata(rc, old);
    }

    @Override
    public List<FieldError> validateStatusUpdate(ReplicationController rc, ReplicationController old) {
        List<FieldError> errs = new ArrayList<>();
        ReplicationControllerStatus st = rc.getStatus();
        if (st != null) {
            FieldChecks.nonNegative(errs, "status.replicas", st.getReplicas());
            FieldChecks.nonNegative(errs, "status.fullyLabeledReplicas", st.getFullyLabeledReplicas());
            FieldChecks.nonNegative(errs, "status.readyReplicas", st.getReadyReplicas());
            FieldChecks.nonNegative(errs, "status.availableReplicas", st.getAvailableReplicas());
            FieldChecks.nonNegative(errs, "status.observedGeneration", st.getObservedGeneration());
        }
        return errs;
    }
}
