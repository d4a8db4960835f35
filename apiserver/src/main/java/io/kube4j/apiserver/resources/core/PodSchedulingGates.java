package io.kube4j.apiserver.resources.core;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodSchedulingGate;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.kube4j.apiserver.errors.FieldError;
import io.kube4j.apiserver.validation.FieldChecks;
import io.kube4j.apiserver.validation.NameRules;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Upstream's rules for {@code spec.schedulingGates}: a pod created with gates starts with
 * {@code PodScheduled=False} (reason {@code SchedulingGated}, which kubectl shows as the pod's
 * status); gate names are qualified names, each once; a gated pod may not name a node; updates
 * may only remove gates. Stateless.
 */
final class PodSchedulingGates {

    static final String REASON = "SchedulingGated";
    static final String MESSAGE = "Scheduling is blocked due to non-empty scheduling gates";

    private PodSchedulingGates() {
    }

    /** On create: the SchedulingGated condition when the pod has gates. */
    static void markGated(Pod pod) {
        if (gates(pod.getSpec()).isEmpty()) {
            return;
        }
        PodCondition c = new PodCondition();
        c.setType("PodScheduled");
        c.setStatus("False");
        c.setReason(REASON);
        c.setMessage(MESSAGE);
        pod.getStatus().getConditions().add(c);
    }

    static void validate(List<FieldError> errs, PodSpec spec) {
        List<PodSchedulingGate> gates = gates(spec);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < gates.size(); i++) {
            String path = "spec.schedulingGates[" + i + "].name";
            String name = gates.get(i).getName() == null ? "" : gates.get(i).getName();
            FieldChecks.each(errs, path, name, NameRules::isQualifiedName);
            if (!seen.add(name)) {
                errs.add(FieldError.duplicate(path, name));
            }
        }
        if (!gates.isEmpty() && spec.getNodeName() != null && !spec.getNodeName().isEmpty()) {
            errs.add(FieldError.forbidden("spec.nodeName", "cannot be set until all schedulingGates have been cleared"));
        }
    }

    /** On update: gates may only be removed. */
    static void checkOnlyRemovals(List<FieldError> errs, PodSpec spec, PodSpec old) {
        Set<String> before = new HashSet<>();
        gates(old).forEach(g -> before.add(g.getName()));
        for (PodSchedulingGate g : gates(spec)) {
            if (!before.contains(g.getName())) {
                errs.add(FieldError.forbidden("spec.schedulingGates",
                        "only deletion is allowed, but found new scheduling gate '" + g.getName() + "'"));
            }
        }
    }

    private static List<PodSchedulingGate> gates(PodSpec spec) {
        return spec == null || spec.getSchedulingGates() == null ? List.of() : spec.getSchedulingGates();
    }
}
