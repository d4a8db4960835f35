package io.kube4j.scheduler.preemption;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.kube4j.scheduler.plugins.LabelSelection;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Splits would-be victims into those whose eviction would violate a PodDisruptionBudget and the
 * rest, as upstream's filterPodsWithPDBViolation: the pods are taken in order, each one matched
 * by a budget (same namespace, non-empty selector matching its labels, not already listed in the
 * budget's disruptedPods) uses up one of the budget's allowed disruptions; a pod that takes any
 * budget below zero is violating. Stateless.
 */
public final class PdbViolations {

    /** The two groups, each in the input order. */
    public record Split(List<Pod> violating, List<Pod> nonViolating) {
    }

    private PdbViolations() {
    }

    public static Split split(List<Pod> pods, List<PodDisruptionBudget> budgets) {
        int[] allowed = new int[budgets.size()];
        for (int i = 0; i < budgets.size(); i++) {
            var status = budgets.get(i).getStatus();
            allowed[i] = status == null || status.getDisruptionsAllowed() == null ? 0 : status.getDisruptionsAllowed();
        }
        List<Pod> violating = new ArrayList<>();
        List<Pod> nonViolating = new ArrayList<>();
        for (Pod pod : pods) {
            boolean violates = false;
            for (int i = 0; i < budgets.size(); i++) {
                PodDisruptionBudget pdb = budgets.get(i);
                if (!matches(pdb, pod)) {
                    continue;
                }
                allowed[i]--;
                if (allowed[i] < 0) {
                    violates = true;
                }
            }
            (violates ? violating : nonViolating).add(pod);
        }
        return new Split(violating, nonViolating);
    }

    private static boolean matches(PodDisruptionBudget pdb, Pod pod) {
        if (!Objects.equals(pdb.getMetadata().getNamespace(), pod.getMetadata().getNamespace())
                || pdb.getSpec() == null || pdb.getSpec().getSelector() == null) {
            return false;
        }
        LabelSelection selector;
        try {
            selector = LabelSelection.of(pdb.getSpec().getSelector());
        } catch (IllegalArgumentException invalid) {
            return false;
        }
        // An empty selector matches nothing here, unlike elsewhere.
        if (selector.empty() || !selector.matches(pod.getMetadata().getLabels())) {
            return false;
        }
        Map<String, String> disrupted = pdb.getStatus() == null ? null : pdb.getStatus().getDisruptedPods();
        // A pod the disruption controller already counts as disrupted does not use the budget again.
        return disrupted == null || !disrupted.containsKey(pod.getMetadata().getName());
    }
}
