package io.kube4j.apiserver.resources.apps;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentSpec;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateDeployment;
import io.kube4j.apiserver.errors.FieldError;
import io.kube4j.apiserver.registry.ResourceStrategy;
import java.util.ArrayList;
import java.util.List;

/**
 * apps/v1 Deployment, as upstream's deployment strategy, {@code SetDefaults_Deployment} and
 * {@code ValidateDeployment*}: replicas 1, RollingUpdate 25%/25%, revisionHistoryLimit 10,
 * progressDeadlineSeconds 600; a required, immutable selector matching the template; status kept
 * apart from spec. Generation is the core's. Stateless; thread-safe.
 */
public final class DeploymentStrategy implements ResourceStrategy<Deployment> {

    @Override
    public void prepareForCreate(Deployment d) {
        d.setStatus(null);
    }

    @Override
    public void prepareForUpdate(Deployment d, Deployment old) {
        d.setStatus(Copies.deepCopy(old.getStatus()));
    }

    @Override
    public void applyDefaults(Deployment d) {
        if (d.getSpec() == null) {
            d.setSpec(new DeploymentSpec());
        }
        DeploymentSpec s = d.getSpec();
        if (s.getReplicas() == null) {
            s.setReplicas(1);
        }
        if (s.getStrategy() == null) {
            s.setStrategy(new io.fabric8.kubernetes.api.model.apps.DeploymentStrategy());
        }
        io.fabric8.kubernetes.api.model.apps.DeploymentStrategy st = s.getStrategy();
        if (Checks.str(st.getType()).isEmpty()) {
            st.setType("RollingUpdate");
        }
        if (st.getType().equals("RollingUpdate")) {
            if (st.getRollingUpdate() == null) {
                st.setRollingUpdate(new RollingUpdateDeployment());
            }
            if (st.getRollingUpdate().getMaxUnavailable() == null) {
                st.getRollingUpdate().setMaxUnavailable(new IntOrString("25%"));
            }
            if (st.getRollingUpdate().getMaxSurge() == null) {
                st.getRollingUpdate().setMaxSurge(new IntOrString("25%"));
            }
        }
        if (s.getRevisionHistoryLimit() == null) {
            s.setRevisionHistoryLimit(10);
        }
        if (s.getProgressDeadlineSeconds() == null) {
            s.setProgressDeadlineSeconds(600);
        }
        PodTemplateRules.applyDefaults(s.getTemplate());
    }

    @Override
    public List<FieldError> validate(Deployment d) {
        List<FieldError> errs = new ArrayList<>();
        DeploymentSpec s = d.getSpec() == null ? new DeploymentSpec() : d.getSpec();
        Checks.nonNegative(errs, s.getReplicas(), "spec.replicas");
        ReplicaTemplates.requiredSelector(errs, s.getSelector(), "spec.selector", "deployment");
        ReplicaTemplates.template(errs, s.getSelector(), s.getTemplate(), "spec.template", "ReplicaSet");
        strategy(errs, s.getStrategy());
        Checks.nonNegative(errs, s.getMinReadySeconds(), "spec.minReadySeconds");
        Checks.nonNegative(errs, s.getRevisionHistoryLimit(), "spec.revisionHistoryLimit");
        if (s.getProgressDeadlineSeconds() != null) {
            Checks.nonNegative(errs, s.getProgressDeadlineSeconds(), "spec.progressDeadlineSeconds");
            if (s.getProgressDeadlineSeconds() <= Checks.intOr(s.getMinReadySeconds(), 0)) {
                errs.add(FieldError.invalid("spec.progressDeadlineSeconds", s.getProgressDeadlineSeconds(),
                        "must be greater than minReadySeconds"));
            }
        }
        return errs;
    }

    private static void strategy(List<FieldError> errs, io.fabric8.kubernetes.api.model.apps.DeploymentStrategy st) {
        String type = st == null ? "" : Checks.str(st.getType());
        switch (type) {
            case "Recreate" -> {
                if (st.getRollingUpdate() != null) {
                    errs.add(FieldError.forbidden("spec.strategy.rollingUpdate",
                            "may not be specified when strategy `type` is 'Recreate'"));
                }
            }
            case "RollingUpdate" -> {
                RollingUpdateDeployment ru = st.getRollingUpdate();
                if (ru == null) {
                    errs.add(FieldError.required("spec.strategy.rollingUpdate",
                            "this should be defaulted and never be nil"));
                    return;
                }
                String path = "spec.strategy.rollingUpdate";
                Checks.intOrPercent(errs, ru.getMaxUnavailable(), path + ".maxUnavailable");
                Checks.intOrPercent(errs, ru.getMaxSurge(), path + ".maxSurge");
                if (Checks.intOrPercentValue(ru.getMaxUnavailable()) == 0
                        && Checks.intOrPercentValue(ru.getMaxSurge()) == 0) {
                    errs.add(FieldError.invalid(path + ".maxUnavailable", Copies.shown(ru.getMaxUnavailable()),
                            "may not be 0 when `maxSurge` is 0"));
                }
                Checks.notMoreThan100Percent(errs, ru.getMaxUnavailable(), path + ".maxUnavailable");
            }
            default -> errs.add(FieldError.notSupported("spec.strategy", Copies.shown(st),
                    List.of("Recreate", "RollingUpdate")));
        }
    }

    @Override
    public List<FieldError> validateUpdate(Deployment d, Deployment old) {
        List<FieldError> errs = validate(d);
        Checks.immutable(errs, spec(d).getSelector(), spec(old).getSelector(), "spec.selector");
        return errs;
    }

    @Override
    public void prepareForStatusUpdate(Deployment d, Deployment old) {
        d.setSpec(Copies.deepCopy(old.getSpec()));
        d.getMetadata().setLabels(Copies.deepCopy(old.getMetadata().getLabels()));
    }

    @Override
    public List<FieldError> validateStatusUpdate(Deployment d, Deployment old) {
        List<FieldError> errs = new ArrayList<>();
        DeploymentStatus st = d.getStatus() == null ? new DeploymentStatus() : d.getStatus();
        Checks.nonNegative(errs, st.getObservedGeneration(), "status.observedGeneration");
        int replicas = Checks.intOr(st.getReplicas(), 0);
        int updated = Checks.intOr(st.getUpdatedReplicas(), 0);
        int ready = Checks.intOr(st.getReadyReplicas(), 0);
        int available = Checks.intOr(st.getAvailableReplicas(), 0);
        Checks.nonNegative(errs, replicas, "status.replicas");
        Checks.nonNegative(errs, updated, "status.updatedReplicas");
        Checks.nonNegative(errs, ready, "status.readyReplicas");
        Checks.nonNegative(errs, available, "status.availableReplicas");
        Checks.nonNegative(errs, st.getUnavailableReplicas(), "status.unavailableReplicas");
        Checks.nonNegative(errs, st.getCollisionCount(), "status.collisionCount");
        StatusCounts.notAbove(errs, "status.updatedReplicas", updated, replicas, "status.replicas");
        StatusCounts.notAbove(errs, "status.readyReplicas", ready, replicas, "status.replicas");
        StatusCounts.notAbove(errs, "status.availableReplicas", available, replicas, "status.replicas");
        StatusCounts.notAbove(errs, "status.availableReplicas", available, ready, "readyReplicas");
        StatusCounts.notDecremented(errs, st.getCollisionCount(),
                old.getStatus() == null ? null : old.getStatus().getCollisionCount());
        return errs;
    }

    private static DeploymentSpec spec(Deployment d) {
        return d.getSpec() == null ? new DeploymentSpec() : d.getSpec();
    }
}
