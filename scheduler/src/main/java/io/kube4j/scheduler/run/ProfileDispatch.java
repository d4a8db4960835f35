package io.kube4j.scheduler.run;

import io.fabric8.kubernetes.api.model.Pod;
import io.kube4j.scheduler.core.Profile;
import io.kube4j.scheduler.framework.QueuedPodInfo;
import io.kube4j.scheduler.queue.SchedulingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Several profiles over one queue and one cache, as upstream's scheduler: one thread pops the
 * shared queue and runs each pod's cycle in the {@link SchedulingLoop} of the profile its
 * {@code spec.schedulerName} names, so every profile sees the room the others have assumed.
 *
 * <p>{@link #scheduleNext} must be called from one thread at a time, as the loops' own.
 */
public final class ProfileDispatch {

    private static final Logger LOG = LoggerFactory.getLogger(ProfileDispatch.class);

    private final SchedulingQueue queue;
    private final Map<String, SchedulingLoop> loops = new LinkedHashMap<>();

    /**
     * @throws IllegalArgumentException if two loops have the same scheduler name
     */
    public ProfileDispatch(SchedulingQueue queue, List<SchedulingLoop> loops) {
        this.queue = queue;
        for (SchedulingLoop loop : loops) {
            if (this.loops.putIfAbsent(loop.schedulerName(), loop) != null) {
                throw new IllegalArgumentException("duplicate profile with scheduler name \"" + loop.schedulerName() + "\"");
            }
        }
    }

    /**
     * Pops the next pod (waiting at most {@code timeout}, null = forever) and runs its cycle in
     * its profile's loop.
     *
     * @return false if nothing was popped (timeout or closed queue)
     */
    public boolean scheduleNext(Duration timeout) throws InterruptedException {
        QueuedPodInfo info = queue.pop(timeout);
        if (info == null) {
            return false;
        }
        String name = schedulerNameOf(info.pod());
        SchedulingLoop loop = loops.get(name);
        if (loop == null) {
            // Only pods naming one of our profiles are queued, and a pod's schedulerName is immutable.
            LOG.warn("pod {} names scheduler {}, which has no profile here; dropped", info.key(), name);
            return true;
        }
        loop.schedule(info);
        return true;
    }

    static String schedulerNameOf(Pod pod) {
        String name = pod.getSpec() == null ? null : pod.getSpec().getSchedulerName();
        return name == null || name.isEmpty() ? Profile.DEFAULT_SCHEDULER_NAME : name;
    }
}
