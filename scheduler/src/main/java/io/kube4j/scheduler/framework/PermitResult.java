package io.kube4j.scheduler.framework;

import java.time.Duration;

/**
 * A Permit verdict: Success, a rejection, or Wait with how long to wait at most.
 *
 * @param status  the verdict
 * @param timeout for Wait, the longest the pod may wait; otherwise zero
 */
public record PermitResult(Status status, Duration timeout) {
}
