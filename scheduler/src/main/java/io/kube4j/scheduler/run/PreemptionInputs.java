package io.kube4j.scheduler.run;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.SharedInformerFactory;
import io.kube4j.scheduler.core.Profile;
import io.kube4j.scheduler.preemption.DefaultPreemption;
import io.kube4j.scheduler.queue.SchedulingQueue;

import java.util.List;

/**
 * Feeds DefaultPreemption in a running scheduler: PodDisruptionBudgets from an informer
 * (registered only when the profile preempts), nominated pods from the queue's pending pods.
 * Stateless.
 */
final class PreemptionInputs {

    private PreemptionInputs() {
    }

    /** Registers the PDB informer on {@code factory} and wires every DefaultPreemption of the profile. */
    static void wire(SharedInformerFactory factory, Profile profile, SchedulingQueue queue) {
        List<DefaultPreemption> preemptors = profile.plugins().values().stream()
                .filter(DefaultPreemption.class::isInstance).map(DefaultPreemption.class::cast).toList();
        if (preemptors.isEmpty()) {
            return;
        }
        SharedIndexInformer<PodDisruptionBudget> pdbs = factory.sharedIndexInformerFor(PodDisruptionBudget.class, 0);
        for (DefaultPreemption p : preemptors) {
            p.useInputs(() -> pdbs.getStore().list(), node -> nominatedTo(queue, node));
        }
    }

    private static List<Pod> nominatedTo(SchedulingQueue queue, String node) {
        return queue.pendingPods().stream()
                .filter(p -> p.getStatus() != null && node.equals(p.getStatus().getNominatedNodeName()))
                .toList();
    }

}
