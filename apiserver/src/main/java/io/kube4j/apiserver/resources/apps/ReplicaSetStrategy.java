package io.kube4j.apiserver.resources.apps;

import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetSpec;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import io.kube4j.apiserver.errors.FieldError;
import io.kube4j.apiserver.registry.ResourceStrategy;
import java.util.ArrayList;
import java.util.List;

/**
 * apps/v1 ReplicaSet, as upstream's replicaset strategy and {@code ValidateReplicaSet*}: replicas
 * default 1; a required, immutable selector matching the template; status kept apart from spec.
 * Stateless; thread-safe.
 */
public final class ReplicaSetStrategy implements ResourceStrategy<ReplicaSet> {

    @Override
    public void prepareForCreate(ReplicaSet rs) {
        rs.setStatus(null);
    }

    @Override
    public void prepareForUpdate(ReplicaSet rs, ReplicaSet old) {
        rs.setStatus(Copies.deepCopy(old.getStatus()));
    }

    @Override
    public void applyDefaults(ReplicaSet rs) {
        if (rs.getSpec() == null) {
            rs.setSpec(new ReplicaSetSpec());
        }
        if (rs.getSpec().getReplicas() == null) {
            rs.getSpec().setReplicas(1);
        }
        PodTemplateRules.applyDefaults(rs.getSpec().getTemplate());
    }

    @Override
    public List<FieldError> validate(ReplicaSet rs) {
        List<FieldError> errs = new ArrayList<>();
        ReplicaSetSpec s = spec(rs);
        Checks.nonNegative(errs, s.getReplicas(), "spec.replicas");
        Checks.nonNegative(errs, s.getMinReadySeconds(), "spec.minReadySeconds");
        // Upstream's message names "deployment" here too.
        ReplicaTemplates.requiredSelector(errs, s.getSelector(), "spec.selector", "deployment");
        ReplicaTemplates.template(errs, s.getSelector(), s.getTemplate(), "spec.template", "ReplicaSet");
        return errs;
    }

    @Override
    public List<FieldError> validateUpdate(ReplicaSet rs, ReplicaSet old) {
        List<FieldError> errs = validate(rs);
        Checks.immutable(errs, spec(rs).getSelector(), spec(old).getSelector(), "spec.selector");
        return errs;
    }

    @Override
    public void prepareForStatusUpdate(ReplicaSet rs, ReplicaSet old) {
        rs.setSpec(Copies.deepCopy(old.getSpec()));
        rs.getMetadata().setLabels(Copies.deepCopy(old.getMetadata().getLabels()));
    }

    @Override
    public List<FieldError> validateStatusUpdate(ReplicaSet rs, ReplicaSet old) {
        List<FieldError> errs = new ArrayList<>();
        ReplicaSetStatus st = rs.getStatus() == null ? new ReplicaSetStatus() : rs.getStatus();
        int replicas = Checks.intOr(st.getReplicas(), 0);
        int labeled = Checks.intOr(st.getFullyLabeledReplicas(), 0);
        int ready = Checks.intOr(st.getReadyReplicas(), 0);
        int available = Checks.intOr(st.getAvailableReplicas(), 0);
        Checks.nonNegative(errs, replicas, "status.replicas");
        Checks.nonNegative(errs, labeled, "status.fullyLabeledReplicas");
        Checks.nonNegative(errs, ready, "status.readyReplicas");
        Checks.nonNegative(errs, available, "status.availableReplicas");
        Checks.nonNegative(errs, st.getObservedGeneration(), "status.observedGeneration");
        StatusCounts.notAbove(errs, "status.fullyLabeledReplicas", labeled, replicas, "status.replicas");
        StatusCounts.notAbove(errs, "status.readyReplicas", ready, replicas, "status.replicas");
        StatusCounts.notAbove(errs, "status.availableReplicas", available, replicas, "status.replicas");
        StatusCounts.notAbove(errs, "status.availableReplicas", available, ready, "readyReplicas");
        return errs;
    }

    private static ReplicaSetSpec spec(ReplicaSet rs) {
        return rs.getSpec() == null ? new ReplicaSetSpec() : rs.getSpec();
    }
}
