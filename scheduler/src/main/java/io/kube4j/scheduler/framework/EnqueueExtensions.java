package io.kube4j.scheduler.framework;

import java.util.List;

/**
 * Implemented by plugins that can reject pods: the cluster events after which a pod they
 * rejected may fit, so the queue retries it only then.
 */
public interface EnqueueExtensions {

    List<ClusterEvent> eventsToRegister();
}
