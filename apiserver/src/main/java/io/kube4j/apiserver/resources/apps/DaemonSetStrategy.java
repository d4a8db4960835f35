package io.kube4j.apiserver.resources.apps;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatus;
import io.fabric8.kubernetes.api.model.apps.DaemonSetUpdateStrategy;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateDaemonSet;
import io.kube4j.apiserver.errors.FieldError;
import io.kube4j.apiserver.registry.ResourceStrategy;
import java.util.ArrayList;
import java.util.List;

/**
 * apps/v1 DaemonSet, as upstream's daemonset strategy, {@code SetDefaults_DaemonSet} and
 * {@code ValidateDaemonSet*}: RollingUpdate maxUnavailable 1 / maxSurge 0, revisionHistoryLimit
 * 10; an immutable selector matching the template; exactly one of maxSurge and maxUnavailable
 * non-zero; status kept apart from spec. Stateless; thread-safe.
 */
public final class DaemonSetStrategy implements ResourceStrategy<DaemonSet> {

    @Override
    public void prepareForCreate(DaemonSet ds) {
        ds.setStatus(null);
    }

    @Override
    public void prepareForUpdate(DaemonSet ds, DaemonSet old) {
        ds.setStatus(Copies.deepCopy(old.getStatus()));
    }

    @Override
    public void applyDefaults(DaemonSet ds) {
        if (ds.getSpec() == null) {
            ds.setSpec(new DaemonSetSpec());
        }
        DaemonSetSpec s = ds.getSpec();
        if (s.getUpdateStrategy() == null) {
            s.setUpdateStrategy(new DaemonSetUpdateStrategy());
        }
        DaemonSetUpdateStrategy us = s.getUpdateStrategy();
        if (Checks.str(us.getType()).isEmpty()) {
            us.setType("RollingUpdate");
        }
        if (us.getType().equals("RollingUpdate")) {
            if (us.getRollingUpdate() == null) {
                us.setRollingUpdate(new RollingUpdateDaemonSet());
            }
            if (us.getRollingUpdate().getMaxUnavailable() == null) {
                us.getRollingUpdate().setMaxUnavailable(new IntOrString(1));
            }
            if (us.getRollingUpdate().getMaxSurge() == null) {
                us.getRollingUpdate().setMaxSurge(new IntOrString(0));
            }
        }
        if (s.getRevisionHistoryLimit() == null) {
            s.setRevisionHistoryLimit(10);
        }
        PodTemplateRules.applyDefaults(s.getTemplate());
    }

    @Override
    public List<FieldError> validate(DaemonSet ds) {
        List<FieldError> errs = new ArrayList<>();
        DaemonSetSpec s = spec(ds);
        if (s.getSelector() == null) {
            errs.add(FieldError.required("spec.selector", ""));
        } else {
            Selectors.validate(errs, s.getSelector(), "spec.selector");
            if (Selectors.convertible(s.getSelector())) {
                ReplicaTemplates.selectorMatches(errs, s.getSelector(), s.getTemplate(), "spec.template");
            }
            if (Selectors.isEmpty(s.getSelector())) {
                errs.add(FieldError.invalid("spec.selector", Copies.shown(s.getSelector()),
                        "empty selector is invalid for daemonset"));
            }
        }
        errs.addAll(PodTemplateRules.validate(s.getTemplate(), "spec.template"));
        if (s.getTemplate() != null) {
            ReplicaTemplates.alwaysRestarts(errs, s.getTemplate(), "spec.template", "DaemonSet");
        }
        Checks.nonNegative(errs, s.getMinReadySeconds(), "spec.minReadySeconds");
        updateStrategy(errs, s.getUpdateStrategy());
        Checks.nonNegative(errs, s.getRevisionHistoryLimit(), "spec.revisionHistoryLimit");
        return errs;
    }

    private static void updateStrategy(List<FieldError> errs, DaemonSetUpdateStrategy us) {
        String type = us == null ? "" : Checks.str(us.getType());
        switch (type) {
            case "OnDelete" -> { }
            case "RollingUpdate" -> {
                RollingUpdateDaemonSet ru = us.getRollingUpdate();
                String path = "spec.updateStrategy.rollingUpdate";
                if (ru == null) {
                    errs.add(FieldError.required(path, ""));
                    return;
                }
                Checks.intOrPercent(errs, ru.getMaxUnavailable(), path + ".maxUnavailable");
                Checks.intOrPercent(errs, ru.getMaxSurge(), path + ".maxSurge");
                Checks.notMoreThan100Percent(errs, ru.getMaxUnavailable(), path + ".maxUnavailable");
                Checks.notMoreThan100Percent(errs, ru.getMaxSurge(), path + ".maxSurge");
                boolean unavailable = Checks.intOrPercentValue(ru.getMaxUnavailable()) != 0;
                boolean surge = Checks.intOrPercentValue(ru.getMaxSurge()) != 0;
                if (unavailable && surge) {
                    errs.add(FieldError.invalid(path + ".maxSurge", Copies.shown(ru.getMaxSurge()),
                            "may not be set when maxUnavailable is non-zero"));
                } else if (!unavailable && !surge) {
                    errs.add(FieldError.required(path + ".maxUnavailable", "cannot be 0 when maxSurge is 0"));
                }
            }
            default -> errs.add(FieldError.notSupported("spec.updateStrategy", Copies.shown(us),
                    List.of("RollingUpdate", "OnDelete")));
        }
    }

    @Override
    public List<FieldError> validateUpdate(DaemonSet ds, DaemonSet old) {
        List<FieldError> errs = validate(ds);
        Checks.immutable(errs, spec(ds).getSelector(), spec(old).getSelector(), "spec.selector");
        return errs;
    }

    @Override
    public void prepareForStatusUpdate(DaemonSet ds, DaemonSet old) {
        ds.setSpec(Copies.deepCopy(old.getSpec()));
        ds.getMetadata().setLabels(Copies.deepCopy(old.getMetadata().getLabels()));
    }

    @Override
    public List<FieldError> validateStatusUpdate(DaemonSet ds, DaemonSet old) {
        List<FieldError> errs = new ArrayList<>();
        DaemonSetStatus st = ds.getStatus() == null ? new DaemonSetStatus() : ds.getStatus();
        Checks.nonNegative(errs, st.getCurrentNumberScheduled(), "status.currentNumberScheduled");
        Checks.nonNegative(errs, st.getNumberMisscheduled(), "status.numberMisscheduled");
        Checks.nonNegative(errs, st.getDesiredNumberScheduled(), "status.desiredNumberScheduled");
        Checks.nonNegative(errs, st.getNumberReady(), "status.numberReady");
        Checks.nonNegative(errs, st.getObservedGeneration(), "status.observedGeneration");
        Checks.nonNegative(errs, st.getUpdatedNumberScheduled(), "status.updatedNumberScheduled");
        Checks.nonNegative(errs, st.getNumberAvailable(), "status.numberAvailable");
        Checks.nonNegative(errs, st.getNumberUnavailable(), "status.numberUnavailable");
        Checks.nonNegative(errs, st.getCollisionCount(), "status.collisionCount");
        StatusCounts.notDecremented(errs, st.getCollisionCount(),
                old.getStatus() == null ? null : old.getStatus().getCollisionCount());
        return errs;
    }

    private static DaemonSetSpec spec(DaemonSet ds) {
        return ds.getSpec() == null ? new DaemonSetSpec() : ds.getSpec();
    }
}
