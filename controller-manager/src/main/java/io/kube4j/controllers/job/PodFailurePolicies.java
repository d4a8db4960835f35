package io.kube4j.controllers.job;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicy;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyOnExitCodesRequirement;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyOnPodConditionsPattern;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyRule;
import java.util.ArrayList;
import java.util.List;

/**
 * A Job's {@code spec.podFailurePolicy} applied to one failed pod, as upstream's
 * matchPodFailurePolicy: the first rule whose exit-code requirement (non-zero exit codes of
 * terminated containers, init containers included) or pod-condition pattern matches decides.
 * Stateless.
 */
final class PodFailurePolicies {

    static final String FAIL_JOB = "FailJob";
    static final String IGNORE = "Ignore";
    static final String COUNT = "Count";

    /** The matching rule's action and, for FailJob, the message of the Job's failure. */
    record Match(String action, String message) {
    }

    private PodFailurePolicies() {
    }

    /** The match for {@code pod} (which must be Failed), or null when no rule matches. */
    static Match match(PodFailurePolicy policy, Pod pod) {
        if (policy == null || policy.getRules() == null) {
            return null;
        }
        String podName = pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
        List<PodFailurePolicyRule> rules = policy.getRules();
        for (int i = 0; i < rules.size(); i++) {
            PodFailurePolicyRule rule = rules.get(i);
            if (rule.getOnExitCodes() != null) {
                ContainerStatus c = matchingContainer(rule.getOnExitCodes(), pod);
                if (c != null) {
                    return new Match(rule.getAction(), String.format(
                            "Container %s for pod %s failed with exit code %d matching %s rule at index %d",
                            c.getName(), podName, c.getState().getTerminated().getExitCode(), rule.getAction(), i));
                }
            }
            if (rule.getOnPodConditions() != null) {
                for (PodFailurePolicyOnPodConditionsPattern pattern : rule.getOnPodConditions()) {
                    if (hasCondition(pod, pattern)) {
                        return new Match(rule.getAction(), String.format("Pod %s has condition %s matching %s rule at index %d",
                                podName, pattern.getType(), rule.getAction(), i));
                    }
                }
            }
        }
        return null;
    }

    private static ContainerStatus matchingContainer(PodFailurePolicyOnExitCodesRequirement req, Pod pod) {
        if (pod.getStatus() == null) {
            return null;
        }
        List<ContainerStatus> statuses = new ArrayList<>();
        if (pod.getStatus().getInitContainerStatuses() != null) {
            statuses.addAll(pod.getStatus().getInitContainerStatuses());
        }
        if (pod.getStatus().getContainerStatuses() != null) {
            statuses.addAll(pod.getStatus().getContainerStatuses());
        }
        List<Integer> values = req.getValues() == null ? List.of() : req.getValues();
        for (ContainerStatus s : statuses) {
            if (req.getContainerName() != null && !req.getContainerName().isEmpty() && !req.getContainerName().equals(s.getName())) {
                continue;
            }
            if (s.getState() == null || s.getState().getTerminated() == null || s.getState().getTerminated().getExitCode() == null) {
                continue;
            }
            int code = s.getState().getTerminated().getExitCode();
            if (code == 0) {
                continue;
            }
            boolean in = values.contains(code);
            if ("In".equals(req.getOperator()) ? in : "NotIn".equals(req.getOperator()) && !in) {
                return s;
            }
        }
        return null;
    }

    private static boolean hasCondition(Pod pod, PodFailurePolicyOnPodConditionsPattern pattern) {
        if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
            return false;
        }
        String wanted = pattern.getStatus() == null || pattern.getStatus().isEmpty() ? "True" : pattern.getStatus();
        for (PodCondition c : pod.getStatus().getConditions()) {
            if (pattern.getType().equals(c.getType()) && wanted.equals(c.getStatus())) {
                return true;
            }
        }
        return false;
    }
}
