package io.kube4j.apiserver.resources.other;

import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetSpec;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetStatus;
import io.kube4j.apiserver.errors.FieldError;
import io.kube4j.apiserver.registry.ResourceStrategy;
import io.kube4j.apiserver.resources.apps.Checks;
import io.kube4j.apiserver.resources.apps.Copies;
import io.kube4j.apiserver.resources.apps.Selectors;
import java.util.ArrayList;
import java.util.List;

/**
 * policy/v1 PodDisruptionBudget, as upstream's poddisruptionbudget strategy and
 * {@code ValidatePodDisruptionBudget*}: at most one of minAvailable and maxUnavailable, each a
 * non-negative int or a percent up to 100%; a well-formed selector; a known unhealthy-pod eviction
 * policy; status kept apart from spec. Stateless; thread-safe.
 */
public final class PodDisruptionBudgetStrategy implements ResourceStrategy<PodDisruptionBudget> {

    @Override
    public void prepareForCreate(PodDisruptionBudget pdb) {
        pdb.setStatus(null);
    }

    @Override
    public void prepareForUpdate(PodDisruptionBudget pdb, PodDisruptionBudget old) {
        pdb.setStatus(Copies.deepCopy(old.getStatus()));
    }

    @Override
    public List<FieldError> validate(PodDisruptionBudget pdb) {
        List<FieldError> errs = new ArrayList<>();
        PodDisruptionBudgetSpec s = pdb.getSpec() == null ? new PodDisruptionBudgetSpec() : pdb.getSpec();
        if (s.getMinAvailable() != null && s.getMaxUnavailable() != null) {
            errs.add(FieldError.invalid("spec", Copies.shown(s), "minAvailable and maxUnavailable cannot be both set"));
        }
        if (s.getMinAvailable() != null) {
            Checks.intOrPercent(errs, s.getMinAvailable(), "spec.minAvailable");
            Checks.notMoreThan100Percent(errs, s.getMinAvailable(), "spec.minAvailable");
        }
        if (s.getMaxUnavailable() != null) {
            Checks.intOrPercent(errs, s.getMaxUnavailable(), "spec.maxUnavailable");
            Checks.notMoreThan100Percent(errs, s.getMaxUnavailable(), "spec.maxUnavailable");
        }
        Selectors.validate(errs, s.getSelector(), "spec.selector");
        String policy = s.getUnhealthyPodEvictionPolicy();
        if (policy != null && !policy.equals("AlwaysAllow") && !policy.equals("IfHealthyBudget")) {
            errs.add(FieldError.notSupported("spec.unhealthyPodEvictionPolicy", policy,
                    List.of("AlwaysAllow", "IfHealthyBudget")));
        }
        return errs;
    }

    @Override
    public void prepareForStatusUpdate(PodDisruptionBudget pdb, PodDisruptionBudget old) {
        pdb.setSpec(Copies.deepCopy(old.getSpec()));
    }

    @Override
    public List<FieldError> validateStatusUpdate(PodDisruptionBudget pdb, PodDisruptionBudget old) {
        List<FieldError> errs = new ArrayList<>();
        PodDisruptionBudgetStatus st = pdb.getStatus() == null ? new PodDisruptionBudgetStatus() : pdb.getStatus();
        Checks.nonNegative(errs, st.getDisruptionsAllowed(), "status.disruptionsAllowed");
        Checks.nonNegative(errs, st.getCurrentHealthy(), "status.currentHealthy");
        Checks.nonNegative(errs, st.getDesiredHealthy(), "status.desiredHealthy");
        Checks.nonNegative(errs, st.getExpectedPods(), "status.expectedPods");
        return errs;
    }
}
