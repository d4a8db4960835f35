package io.kube4j.controllers.job;

import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Job condition types and reasons, and how the controller sets conditions (upstream's ensureJobConditionStatus). Stateless. */
final class JobConditions {

    static final String COMPLETE = "Complete";
    static final String FAILED = "Failed";
    static final String SUSPENDED = "Suspended";
    static final String FAILURE_TARGET = "FailureTarget";
    static final String SUCCESS_CRITERIA_MET = "SuccessCriteriaMet";

    static final String BACKOFF_LIMIT_EXCEEDED = "BackoffLimitExceeded";
    static final String DEADLINE_EXCEEDED = "DeadlineExceeded";
    static final String POD_FAILURE_POLICY = "PodFailurePolicy";
    static final String COMPLETIONS_REACHED = "CompletionsReached";

    private JobConditions() {
    }

    /** The condition of {@code type}, or null. */
    static JobCondition find(JobStatus status, String type) {
        if (status == null || status.getConditions() == null) {
            return null;
        }
        return status.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
    }

    static boolean isTrue(JobStatus status, String type) {
        JobCondition c = find(status, type);
        return c != null && "True".equals(c.getStatus());
    }

    /** Whether the Job has its terminal condition (Complete or Failed, True). */
    static boolean finished(JobStatus status) {
        return isTrue(status, COMPLETE) || isTrue(status, FAILED);
    }

    /**
     * Sets condition {@code type} to {@code value}: a missing condition is added only when True;
     * an existing one changes (with a new transition time) only when its status differs.
     *
     * @return whether the status changed
     */
    static boolean ensure(JobStatus status, String type, String value, String reason, String message, Instant now) {
        List<JobCondition> conditions = status.getConditions() == null ? new ArrayList<>() : new ArrayList<>(status.getConditions());
        String time = now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        for (JobCondition c : conditions) {
            if (!type.equals(c.getType())) {
                continue;
            }
            if (value.equals(c.getStatus())) {
                return false;
            }
            c.setStatus(value);
            c.setReason(reason);
            c.setMessage(message);
            c.setLastProbeTime(time);
            c.setLastTransitionTime(time);
            status.setConditions(conditions);
            return true;
        }
        if (!"True".equals(value)) {
            return false;
        }
        JobCondition c = new JobCondition(time, time, message, reason, value, type);
        conditions.add(c);
        status.setConditions(conditions);
        return true;
    }
}
