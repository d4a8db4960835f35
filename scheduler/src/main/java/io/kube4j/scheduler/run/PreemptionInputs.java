package io.kube4j.scheduler.run;

import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.SharedInformerFactory;
import io.kube4j.scheduler.core.Profile;
import io.kube4j.scheduler.framework.NominatedPods;
import io.kube4j.scheduler.preemption.DefaultPreemption;
import io.kube4j.scheduler.queue.SchedulingQueue;

import java.util.List;

/**
 * Feeds DefaultPreemption in a running scheduler: PodDisruptionBudgets from an informer
 * (registered only when the profile preempts), nominated pods from the queue's pending pods
 * (also fed to Filter by the scheduler).
 * Stateless.
 */
final class PreemptionInputs {

    private PreemptionInputs() {
    }

    /** Registers the PDB informer on {@code factory} (once) and wires every DefaultPreemption of the profiles. */
    static void wire(SharedInformerFactory factory, List<Profile> profiles, SchedulingQueue queue) {
        List<DefaultPreemption> preemptors = profiles.stream().flatMap(p -> p.plugins().values().stream())
                .filter(DefaultPreemption.class::isInstance).map(DefaultPreemption.class::cast).toList();
        if (preemptors.isEmpty()) {
            return;
        }
        SharedIndexInformer<PodDisruptionBudget> pdbs = InformerRetries.always(factory.sharedIndexInformerFor(PodDisruptionBudget.class, 0));
        for (DefaultPreemption p : preemptors) {
            p.useInputs(() -> pdbs.getStore().list(), nominated(queue));
        }
    }

    /** The queue's pending pods that carry a nominated node, grouped by it (the queue's nominator). */
    static NominatedPods nominated(SchedulingQueue queue) {
        return queue::nominatedPodsByNode;
    }
}
