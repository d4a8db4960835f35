package io.kube4j.scheduler.run;

import io.fabric8.kubernetes.api.model.Pod;
import io.kube4j.scheduler.core.FitError;
import io.kube4j.scheduler.core.FrameworkRunner;
import io.kube4j.scheduler.core.Profile;
import io.kube4j.scheduler.core.ScheduleOne;
import io.kube4j.scheduler.core.ScheduleResult;
import io.kube4j.scheduler.framework.ClusterEvent;
import io.kube4j.scheduler.framework.Code;
import io.kube4j.scheduler.framework.CycleState;
import io.kube4j.scheduler.framework.NominatedPods;
import io.kube4j.scheduler.framework.PermitResult;
import io.kube4j.scheduler.framework.PluginException;
import io.kube4j.scheduler.framework.PodInfo;
import io.kube4j.scheduler.framework.QueuedPodInfo;
import io.kube4j.scheduler.framework.Status;
import io.kube4j.scheduler.metrics.SchedulerMetrics;
import io.kube4j.scheduler.queue.SchedulingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * One profile's scheduling cycles, as upstream's scheduleOne: pop a pod, take a snapshot of the
 * cache, choose a node, assume the pod there, run Reserve and Permit, then bind on
 * {@code bindExecutor} (PreBind, Bind, PostBind) while the next cycle already counts the pod.
 *
 * <p>A pod that fits nowhere goes back to the queue with the plugins that rejected it, gets
 * PodScheduled=False (reason Unschedulable, the FitError message) and a FailedScheduling event. A
 * failed binding un-assumes the pod, requeues it and retries other unschedulable pods (the room it
 * held is free again). The binder is the profile's Bind plugins, or the {@link ClusterWriter} when
 * none binds (upstream's DefaultBinder).
 *
 * <p>{@link #scheduleNext} must be called from one thread at a time; binding runs concurrently.
 */
public final class SchedulingLoop {

    private static final Logger LOG = LoggerFactory.getLogger(SchedulingLoop.class);
    /** Upstream's condition reasons. */
    static final String REASON_UNSCHEDULABLE = "Unschedulable";
    static final String REASON_SCHEDULER_ERROR = "SchedulerError";

    private final Profile profile;
    private final SchedulingQueue queue;
    private final SchedulerCache cache;
    private final ClusterWriter writer;
    private final Function<String, Pod> currentPod;
    private final Executor bindExecutor;
    private final ScheduleOne scheduleOne;
    private final FrameworkRunner framework;
    private final SchedulerMetrics metrics;
    /** When each in-flight pod's attempt began (System.nanoTime), for the attempt metrics. */
    private final Map<String, Long> attemptStarts = new ConcurrentHashMap<>();

    /**
     * @param currentPod   the latest informer copy of a pod by namespace/name, or null once deleted
     * @param bindExecutor where binding cycles run (a direct executor binds before the next pop)
     */
    public SchedulingLoop(Profile profile, SchedulingQueue queue, SchedulerCache cache, ClusterWriter writer,
                          Function<String, Pod> currentPod, Executor bindExecutor, RandomGenerator random) {
        this(profile, queue, cache, writer, currentPod, bindExecutor, random, new SchedulerMetrics());
    }

    /** As the other constructor, reporting attempts and scheduled pods to {@code metrics}. */
    public SchedulingLoop(Profile profile, SchedulingQueue queue, SchedulerCache cache, ClusterWriter writer,
                          Function<String, Pod> currentPod, Executor bindExecutor, RandomGenerator random,
                          SchedulerMetrics metrics) {
        this.metrics = metrics;
        this.profile = profile;
        this.queue = queue;
        this.cache = cache;
        this.writer = writer;
        this.currentPod = currentPod;
        this.bindExecutor = bindExecutor;
        this.scheduleOne = new ScheduleOne(profile, random);
        this.framework = scheduleOne.framework();
    }

    /** Feeds the pending pods nominated to nodes to Filter and preemption (see {@link ScheduleOne#useNominatedPods}). */
    public void useNominatedPods(NominatedPods pods) {
        scheduleOne.useNominatedPods(pods);
    }

    /**
     * Pops the next pod (waiting at most {@code timeout}, null = forever) and runs its scheduling
     * cycle.
     *
     * @return false if nothing was popped (timeout or closed queue)
     */
    public boolean scheduleNext(Duration timeout) throws InterruptedException {
        QueuedPodInfo info = queue.pop(timeout);
        if (info == null) {
            return false;
        }
        schedule(info);
        return true;
    }

    /** The scheduler name of this loop's profile: the pods whose {@code spec.schedulerName} it is are its own. */
    public String schedulerName() {
        return profile.schedulerName();
    }

    /**
     * Runs the scheduling cycle of {@code info}, just popped from the queue (by this loop or by
     * the {@link ProfileDispatch} that shares the queue between profiles).
     */
    void schedule(QueuedPodInfo info) {
        long cycle = queue.schedulingCycle();
        attemptStarts.put(info.key(), System.nanoTime());
        try {
            schedulingCycle(info, cycle);
        } catch (RuntimeException e) {
            // Never let one pod stop the loop: treat it as an error and retry it after backoff.
            LOG.error("scheduling cycle for pod {} failed", info.key(), e);
            failed(info, cycle, Set.of(), REASON_SCHEDULER_ERROR, String.valueOf(e.getMessage()));
        }
    }

    private void schedulingCycle(QueuedPodInfo info, long cycle) {
        Pod pod = info.pod();
        if (skip(pod)) {
            attemptStarts.remove(info.key());
            return;
        }
        CycleState state = new CycleState();
        ScheduleResult result;
        try {
            result = scheduleOne.schedulePod(state, pod, cache.snapshot());
        } catch (FitError fit) {
            FitError error = fit;
            if (!profile.postFilter().isEmpty()) {
                ScheduleOne.PostFilterOutcome post = scheduleOne.runPostFilter(state, fit);
                error = post.error();
                PreemptionActions.apply(state, post.result(), pod, writer);
            }
            failed(info, cycle, error.diagnosis().unschedulablePlugins(), REASON_UNSCHEDULABLE, error.getMessage());
            return;
        } catch (PluginException e) {
            failed(info, cycle, Set.of(), REASON_SCHEDULER_ERROR, e.getMessage());
            return;
        }
        String host = result.suggestedHost();
        cache.assume(info.podInfo(), host);

        Status reserve = framework.runReserve(state, pod, host);
        if (!reserve.isSuccess()) {
            undo(state, pod, host);
            failedWith(info, cycle, reserve);
            return;
        }
        PermitResult permit = framework.runPermit(state, pod, host);
        if (permit.status().code() == Code.WAIT) {
            // The pod stays assumed while it waits; the wait gets a thread of its own so that
            // waiting pods never hold one of the bind executor's bounded slots.
            Thread.ofVirtual().name("kube4j-permit-wait").start(() -> waitOnPermit(info, cycle, state, host));
            return;
        }
        if (!permit.status().isSuccess()) {
            undo(state, pod, host);
            failedWith(info, cycle, permit.status());
            return;
        }
        bindExecutor.execute(() -> bindingCycle(info, cycle, state, host));
    }

    /** Upstream's WaitOnPermit at the start of the binding cycle: allowed pods bind, others are undone. */
    private void waitOnPermit(QueuedPodInfo info, long cycle, CycleState state, String host) {
        Status verdict;
        try {
            verdict = framework.waitingPods().await(info.key());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            verdict = Status.error("interrupted while waiting at Permit");
        }
        if (verdict.isSuccess()) {
            bindExecutor.execute(() -> bindingCycle(info, cycle, state, host));
        } else {
            LOG.debug("pod {} was not permitted: {}", info.key(), verdict.message());
            bindFailed(info, cycle, state, host, verdict);
        }
    }

    private void bindingCycle(QueuedPodInfo info, long cycle, CycleState state, String host) {
        Pod pod = info.pod();
        try {
            Status pre = framework.runPreBind(state, pod, host);
            if (!pre.isSuccess()) {
                bindFailed(info, cycle, state, host, pre);
                return;
            }
            Status bound = framework.runBind(state, pod, host);
            if (bound.isSkip()) {
                writer.bind(pod, host);
            } else if (!bound.isSuccess()) {
                bindFailed(info, cycle, state, host, bound);
                return;
            }
        } catch (RuntimeException e) {
            LOG.info("binding pod {} to {} failed: {}", info.key(), host, e.getMessage());
            bindFailed(info, cycle, state, host, Status.error(String.valueOf(e.getMessage())));
            return;
        }
        LOG.debug("bound pod {} to {}", info.key(), host);
        Long started = attemptStarts.remove(info.key());
        if (started != null) {
            metrics.attempt(SchedulerMetrics.SCHEDULED, profile.schedulerName(), System.nanoTime() - started);
        }
        // The queue's clock may be a test's; never report a negative latency.
        metrics.podScheduled(info.attempts(),
                Math.max(0, Duration.between(info.initialAttemptTimestamp(), Instant.now()).toNanos()));
        writer.event(pod, "Normal", "Scheduled", "Binding",
                "Successfully assigned " + info.key() + " to " + host);
        framework.runPostBind(state, pod, host);
    }

    private void bindFailed(QueuedPodInfo info, long cycle, CycleState state, String host, Status status) {
        undo(state, info.pod(), host);
        if (status.isRejected()) {
            // As upstream, a rejected pod (Permit, PreBind) is requeued first and the move below
            // leaves it alone unless its own rejectors care; errors go through backoff.
            failedWith(info, cycle, status);
            queue.moveAllToActiveOrBackoff(ClusterEvent.ASSIGNED_POD_DELETE);
            return;
        }
        // The room the pod held is free again: pods rejected for lack of it may fit now.
        queue.moveAllToActiveOrBackoff(ClusterEvent.ASSIGNED_POD_DELETE);
        failedWith(info, cycle, status);
    }

    private void undo(CycleState state, Pod pod, String host) {
        framework.runUnreserve(state, pod, host);
        cache.forget(pod);
    }

    private void failedWith(QueuedPodInfo info, long cycle, Status status) {
        boolean rejected = status.isRejected();
        failed(info, cycle, rejected && !status.plugin().isEmpty() ? Set.of(status.plugin()) : Set.of(),
                rejected ? REASON_UNSCHEDULABLE : REASON_SCHEDULER_ERROR, status.message());
    }

    /**
     * Upstream's handleSchedulingFailure: requeue unless the pod is gone or was bound meanwhile,
     * then the event and the condition.
     */
    private void failed(QueuedPodInfo info, long cycle, Set<String> plugins, String reason, String message) {
        Long started = attemptStarts.remove(info.key());
        if (started != null) {
            metrics.attempt(REASON_UNSCHEDULABLE.equals(reason) ? SchedulerMetrics.UNSCHEDULABLE : SchedulerMetrics.ERROR,
                    profile.schedulerName(), System.nanoTime() - started);
        }
        Pod latest = currentPod.apply(info.key());
        if (latest == null || SchedulerCache.isAssigned(latest)) {
            return;
        }
        info.setPod(latest);
        info.unschedulablePlugins().clear();
        info.unschedulablePlugins().addAll(plugins);
        try {
            queue.addUnschedulableIfNotPresent(info, cycle);
        } catch (IllegalStateException alreadyQueued) {
            LOG.debug("pod {} was queued again meanwhile", info.key());
        }
        LOG.debug("pod {} is {}: {}", info.key(), reason, message);
        writer.event(latest, "Warning", "FailedScheduling", "Scheduling", message);
        try {
            writer.markUnschedulable(latest, reason, message);
        } catch (RuntimeException e) {
            LOG.warn("could not update the PodScheduled condition of {}: {}", info.key(), e.getMessage());
        }
    }

    /** Upstream's skipPodSchedule: a pod being deleted, or one already assumed or bound, is not tried. */
    private boolean skip(Pod pod) {
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            return true;
        }
        return cache.contains(PodInfo.keyOf(pod));
    }
}
