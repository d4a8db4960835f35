package io.kube4j.scheduler.run;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.kube4j.scheduler.framework.ClusterEvent;
import io.kube4j.scheduler.framework.PodInfo;
import io.kube4j.scheduler.queue.SchedulingQueue;

import java.util.Set;

/**
 * Routes informer notifications into the cache and the queue, as upstream's event handlers:
 * assigned pods and nodes go to the {@link SchedulerCache}; unassigned pods this profile is
 * profiles are responsible for go to the {@link SchedulingQueue}; node additions and scheduling-relevant node
 * updates, and deletions of assigned pods, retry unschedulable pods. Finished pods (Succeeded,
 * Failed) take no room and are never scheduled.
 *
 * <p>Thread-safe as far as the cache and the queue are (fabric8 calls each handler from one thread
 * per informer).
 */
public final class InformerHandlers {

    private final Set<String> schedulerNames;
    private final SchedulerCache cache;
    private final SchedulingQueue queue;

    public InformerHandlers(String schedulerName, SchedulerCache cache, SchedulingQueue queue) {
        this(Set.of(schedulerName), cache, queue);
    }

    /** Handlers for a scheduler that runs a profile for each of {@code schedulerNames}. */
    public InformerHandlers(Set<String> schedulerNames, SchedulerCache cache, SchedulingQueue queue) {
        this.schedulerNames = Set.copyOf(schedulerNames);
        this.cache = cache;
        this.queue = queue;
    }

    /** The handler for the pod informer. */
    public ResourceEventHandler<Pod> pods() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                podChanged(null, pod);
            }

            @Override
            public void onUpdate(Pod oldPod, Pod newPod) {
                podChanged(oldPod, newPod);
            }

            @Override
            public void onDelete(Pod pod, boolean deletedFinalStateUnknown) {
                podDeleted(pod);
            }
        };
    }

    /** The handler for the node informer. */
    public ResourceEventHandler<Node> nodes() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(Node node) {
                cache.addOrUpdateNode(node);
                queue.moveAllToActiveOrBackoff(ClusterEvent.NODE_ADD);
            }

            @Override
            public void onUpdate(Node oldNode, Node newNode) {
                cache.addOrUpdateNode(newNode);
                for (ClusterEvent event : NodeUpdates.events(oldNode, newNode)) {
                    queue.moveAllToActiveOrBackoff(event);
                }
            }

            @Override
            public void onDelete(Node node, boolean deletedFinalStateUnknown) {
                cache.removeNode(node.getMetadata().getName());
            }
        };
    }

    /**
     * A handler that retries unschedulable pods on every change of one kind of object that plugins
     * read (e.g. {@code "PersistentVolumeClaim"}): add, update and delete become that resource's
     * {@link ClusterEvent}s, and the queue moves the pods whose rejecting plugins registered them.
     */
    public ResourceEventHandler<HasMetadata> requeueOn(String resource) {
        ClusterEvent added = new ClusterEvent(resource, ClusterEvent.Action.ADD);
        ClusterEvent updated = new ClusterEvent(resource, ClusterEvent.Action.UPDATE);
        ClusterEvent deleted = new ClusterEvent(resource, ClusterEvent.Action.DELETE);
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(HasMetadata obj) {
                queue.moveAllToActiveOrBackoff(added);
            }

            @Override
            public void onUpdate(HasMetadata oldObj, HasMetadata newObj) {
                queue.moveAllToActiveOrBackoff(updated);
            }

            @Override
            public void onDelete(HasMetadata obj, boolean deletedFinalStateUnknown) {
                queue.moveAllToActiveOrBackoff(deleted);
            }
        };
    }

    void podChanged(Pod oldPod, Pod pod) {
        if (finished(pod)) {
            // A finished pod frees its room, as a deleted one does.
            podDeleted(pod);
            return;
        }
        if (SchedulerCache.isAssigned(pod)) {
            if (oldPod != null && !SchedulerCache.isAssigned(oldPod)) {
                queue.delete(pod);
            }
            cache.addOrUpdatePod(pod);
            return;
        }
        if (!responsibleFor(pod)) {
            return;
        }
        if (oldPod == null) {
            queue.add(pod);
        } else if (!cache.isAssumed(PodInfo.keyOf(pod))) {
            // An assumed pod is being bound; its own updates (e.g. our condition patch) must not requeue it.
            queue.update(pod);
        }
    }

    void podDeleted(Pod pod) {
        String key = PodInfo.keyOf(pod);
        if (SchedulerCache.isAssigned(pod) || cache.contains(key)) {
            cache.removePod(pod);
            queue.delete(pod);
            queue.moveAllToActiveOrBackoff(ClusterEvent.ASSIGNED_POD_DELETE);
        } else {
            queue.delete(pod);
        }
    }

    /** Whether one of our profiles schedules {@code pod}: its schedulerName (defaulted upstream) is one of ours. */
    boolean responsibleFor(Pod pod) {
        return schedulerNames.contains(ProfileDispatch.schedulerNameOf(pod));
    }

    private static boolean finished(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }
}
