package io.kube4j.scheduler.run;

import io.fabric8.kubernetes.api.model.Pod;
import io.kube4j.scheduler.core.FrameworkRunner;
import io.kube4j.scheduler.framework.CycleState;
import io.kube4j.scheduler.framework.PodInfo;
import io.kube4j.scheduler.framework.PostFilterResult;
import io.kube4j.scheduler.framework.WaitingPod;
import io.kube4j.scheduler.framework.WaitingPods;
import io.kube4j.scheduler.preemption.DefaultPreemption;
import io.kube4j.scheduler.preemption.PreemptionDecision;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out what PostFilter decided for a pod that fit nowhere, as upstream's preemption and
 * handleSchedulingFailure do: evict the victims, clear the nominations of lower-priority pods
 * nominated to the same node, and nominate the preemptor there; or clear the preemptor's old
 * nomination when preemption found no node. Failures are logged: the pod is retried anyway.
 * Stateless; thread-safe if the writer is.
 */
final class PreemptionActions {

    private static final Logger LOG = LoggerFactory.getLogger(PreemptionActions.class);

    private PreemptionActions() {
    }

    static void apply(CycleState state, PostFilterResult result, Pod pod, ClusterWriter writer) {
        try {
            if (result.status().isSuccess() && state.contains(PreemptionDecision.STATE_KEY)) {
                PreemptionDecision d = state.read(PreemptionDecision.STATE_KEY, PreemptionDecision.class);
                WaitingPods waiting = state.contains(FrameworkRunner.STATE_KEY)
                        ? state.read(FrameworkRunner.STATE_KEY, FrameworkRunner.class).waitingPods() : null;
                for (Pod victim : d.victims()) {
                    WaitingPod atPermit = waiting == null ? null : waiting.get(PodInfo.keyOf(victim));
                    if (atPermit != null) {
                        // As upstream: a victim still waiting at Permit is only assumed; rejecting
                        // it gives its room back without touching the apiserver.
                        atPermit.reject(DefaultPreemption.NAME, "preempted");
                    } else {
                        writer.preempt(victim, pod, d.nodeName());
                    }
                }
                for (Pod other : d.nominationsToClear()) {
                    writer.setNominatedNodeName(other, null);
                }
                writer.setNominatedNodeName(pod, d.nodeName());
                LOG.debug("pod {}/{} preempts {} pod(s) on {}", pod.getMetadata().getNamespace(),
                        pod.getMetadata().getName(), d.victims().size(), d.nodeName());
            } else if (result.nominatedNodeName() != null && result.nominatedNodeName().isEmpty()
                    && pod.getStatus() != null && pod.getStatus().getNominatedNodeName() != null
                    && !pod.getStatus().getNominatedNodeName().isEmpty()) {
                writer.setNominatedNodeName(pod, null);
            }
        } catch (RuntimeException e) {
            LOG.warn("preemption for pod {}/{} failed: {}", pod.getMetadata().getNamespace(),
                    pod.getMetadata().getName(), e.getMessage());
        }
    }
}
