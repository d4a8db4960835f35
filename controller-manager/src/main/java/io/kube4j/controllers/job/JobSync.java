package io.kube4j.controllers.job;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.UncountedTerminatedPods;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kube4j.controllers.machinery.EventRecorder;
import io.kube4j.controllers.machinery.Pods;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * One sync of one Job (upstream's syncJob): counts the pods that finished since the last sync,
 * decides whether the Job has failed (pod failure policy, backoffLimit, activeDeadlineSeconds) or
 * succeeded, creates or deletes pods towards the wanted parallelism, and tracks finished pods in
 * {@code status.uncountedTerminatedPods} before removing their finalizers and counting them.
 * A finished Job first gets FailureTarget or SuccessCriteriaMet, and Failed or Complete once no
 * pod is uncounted or terminating. Not thread-safe: built and run by one worker.
 */
final class JobSync {

    /** The terminal condition the Job is heading for, with the reason and message it will carry. */
    private record Finish(boolean success, String reason, String message) {
    }

    private final JobController ctl;
    private final String key;
    private final Job job;
    private final JobSpec spec;
    private final JobStatus status;
    private final Instant now;
    private final JobPodWrites writes;
    private final boolean indexed;
    private final Integer completions;
    private final boolean suspended;
    /** The status as last written (at first, as the cache has it): unchanged status is not written. */
    private String lastWritten;

    JobSync(JobController ctl, String key, Job cached) {
        this.ctl = ctl;
        this.key = key;
        this.job = Serialization.clone(cached);
        this.spec = job.getSpec();
        if (job.getStatus() == null) {
            job.setStatus(new JobStatus());
        }
        this.status = job.getStatus();
        this.lastWritten = Serialization.asJson(status);
        this.now = ctl.clock.instant();
        this.writes = new JobPodWrites(ctl, key, job);
        this.indexed = "Indexed".equals(spec.getCompletionMode());
        this.completions = spec.getCompletions();
        this.suspended = Boolean.TRUE.equals(spec.getSuspend());
    }

    void run() {
        List<Pod> pods = ctl.podsOf(job);
        if (JobConditions.finished(status)) {
            pods.stream().filter(JobPods::hasFinalizer).forEach(writes::removeFinalizer);
            ctl.backoff.forget(key);
            return;
        }
        boolean satisfied = ctl.expectations.satisfied(key);
        Set<String> expectedRm = ctl.finalizerRemovals.pending(key);
        Set<String> uncSucceeded = new LinkedHashSet<>(uncounted().getSucceeded());
        Set<String> uncFailed = new LinkedHashSet<>(uncounted().getFailed());
        List<Pod> active = pods.stream().filter(Pods::active).toList();
        int terminating = (int) pods.stream().filter(JobPods::terminating).count();

        List<Pod> tracked = pods.stream().filter(p -> JobPods.hasFinalizer(p) && !expectedRm.contains(uid(p))).toList();
        List<Pod> newSucceeded = tracked.stream().filter(p -> "Succeeded".equals(Pods.phase(p))
                && !uncSucceeded.contains(uid(p)) && !uncFailed.contains(uid(p))).toList();
        List<Pod> newFailed = tracked.stream().filter(p -> consideredFailed(p) && !uncFailed.contains(uid(p))
                && !uncSucceeded.contains(uid(p))).toList();
        TreeSet<Integer> succeededIndexes = indexed ? CompletionIndexes.parse(status.getCompletedIndexes(), completions) : new TreeSet<>();
        if (indexed) {
            newSucceeded.forEach(p -> addIndex(succeededIndexes, p));
        }
        int succeeded = indexed ? succeededIndexes.size() : count(status.getSucceeded()) + uncSucceeded.size() + newSucceeded.size();
        int countedNewFailures = (int) newFailed.stream().filter(p -> !ignoredByPolicy(p)).count();
        int failed = count(status.getFailed()) + uncFailed.size() + countedNewFailures;
        ctl.backoff.update(key, newSucceeded.size(), countedNewFailures, now);
        int ready = (int) active.stream().filter(Pods::ready).count();

        if (status.getStartTime() == null && !suspended) {
            status.setStartTime(time(now));
        }
        Finish finish = failure(tracked, failed, active);
        int activeCount = active.size();
        if (finish != null) {
            int deleted = writes.delete(active);
            activeCount -= deleted;
            terminating += deleted;
            ready = 0;
        } else {
            if (satisfied && job.getMetadata().getDeletionTimestamp() == null) {
                activeCount = manage(active, succeeded, succeededIndexes, terminating, pods);
            }
            boolean complete = completions == null ? succeeded > 0 && activeCount == 0 : succeeded >= completions && activeCount == 0;
            if (complete) {
                finish = new Finish(true, JobConditions.COMPLETIONS_REACHED, "Reached expected number of succeeded pods");
            } else {
                suspension();
            }
        }
        status.setActive(activeCount);
        status.setReady(ready);
        status.setTerminating(terminating);
        track(pods, expectedRm, uncSucceeded, uncFailed, succeededIndexes, finish);
        if (writes.error != null) {
            throw writes.error;
        }
    }

    /** Upstream's order: an earlier FailureTarget or SuccessCriteriaMet, FailJob, backoffLimit, deadline. */
    private Finish failure(List<Pod> tracked, int failed, List<Pod> active) {
        JobCondition target = JobConditions.find(status, JobConditions.FAILURE_TARGET);
        if (target != null && "True".equals(target.getStatus())) {
            return new Finish(false, target.getReason(), target.getMessage());
        }
        JobCondition met = JobConditions.find(status, JobConditions.SUCCESS_CRITERIA_MET);
        if (met != null && "True".equals(met.getStatus())) {
            return new Finish(true, met.getReason(), met.getMessage());
        }
        for (Pod p : tracked) {
            if ("Failed".equals(Pods.phase(p))) {
                PodFailurePolicies.Match m = PodFailurePolicies.match(spec.getPodFailurePolicy(), p);
                if (m != null && PodFailurePolicies.FAIL_JOB.equals(m.action())) {
                    return new Finish(false, JobConditions.POD_FAILURE_POLICY, m.message());
                }
            }
        }
        int backoffLimit = spec.getBackoffLimit() == null ? 6 : spec.getBackoffLimit();
        if (failed > backoffLimit || pastBackoffLimitOnFailure(active, backoffLimit)) {
            return new Finish(false, JobConditions.BACKOFF_LIMIT_EXCEEDED, "Job has reached the specified backoff limit");
        }
        if (spec.getActiveDeadlineSeconds() != null && status.getStartTime() != null && !suspended) {
            Duration left = Duration.between(now, Instant.parse(status.getStartTime()).plusSeconds(spec.getActiveDeadlineSeconds()));
            if (!left.isPositive()) {
                return new Finish(false, JobConditions.DEADLINE_EXCEEDED, "Job was active longer than specified deadline");
            }
            ctl.enqueueAfter(key, left);
        }
        return null;
    }

    /** With restartPolicy OnFailure, container restarts count against backoffLimit. */
    private boolean pastBackoffLimitOnFailure(List<Pod> active, int backoffLimit) {
        if (!"OnFailure".equals(spec.getTemplate().getSpec().getRestartPolicy())) {
            return false;
        }
        int restarts = 0;
        for (Pod p : active) {
            if (p.getStatus() == null) {
                continue;
            }
            for (var list : List.of(p.getStatus().getInitContainerStatuses(), p.getStatus().getContainerStatuses())) {
                if (list != null) {
                    restarts += list.stream().mapToInt(c -> c.getRestartCount() == null ? 0 : c.getRestartCount()).sum();
                }
            }
        }
        return backoffLimit == 0 ? restarts > 0 : restarts >= backoffLimit;
    }

    /** Upstream's manageJob: deletes excess pods or creates missing ones; returns the active count after. */
    private int manage(List<Pod> active, int succeeded, TreeSet<Integer> succeededIndexes, int terminating, List<Pod> pods) {
        if (suspended) {
            return active.size() - writes.delete(active);
        }
        int parallelism = spec.getParallelism() == null ? 1 : spec.getParallelism();
        int want;
        if (completions == null) {
            want = succeeded > 0 ? active.size() : parallelism;
        } else {
            want = Math.max(0, Math.min(completions - succeeded, parallelism));
        }
        List<Pod> victims = indexed ? IndexedPods.excess(active, succeededIndexes, completions, Math.max(0, active.size() - want))
                : active.stream().sorted(JobPods.DELETE_FIRST).limit(Math.max(0, active.size() - want)).toList();
        if (!victims.isEmpty()) {
            return active.size() - writes.delete(victims);
        }
        boolean onlyFailed = "Failed".equals(spec.getPodReplacementPolicy());
        int diff = want - active.size() - (onlyFailed ? terminating : 0);
        if (diff <= 0) {
            return active.size();
        }
        Duration wait = ctl.backoff.remaining(key, now);
        if (wait.isPositive()) {
            ctl.enqueueAfter(key, wait);
            return active.size();
        }
        diff = Math.min(diff, 500);
        List<Integer> indexes = null;
        if (indexed) {
            indexes = IndexedPods.pending(pods, active, succeededIndexes, completions, onlyFailed, diff);
            diff = indexes.size();
        }
        return active.size() + writes.create(diff, indexes);
    }

    private void suspension() {
        if (suspended) {
            if (JobConditions.ensure(status, JobConditions.SUSPENDED, "True", "JobSuspended", "Job suspended", now)) {
                ctl.events.event(job, EventRecorder.NORMAL, "Suspended", "Job suspended");
            }
        } else if (JobConditions.isTrue(status, JobConditions.SUSPENDED)) {
            JobConditions.ensure(status, JobConditions.SUSPENDED, "False", "JobResumed", "Job resumed", now);
            status.setStartTime(time(now));
            ctl.events.event(job, EventRecorder.NORMAL, "Resumed", "Job resumed");
        }
    }

    /**
     * Upstream's trackJobStatusAndRemoveFinalizers: finished pods go into uncountedTerminatedPods
     * (written first), lose their finalizer, then move into succeeded/failed; the terminal
     * condition is set once nothing is uncounted or terminating.
     */
    private void track(List<Pod> pods, Set<String> expectedRm, Set<String> uncSucceeded, Set<String> uncFailed,
            TreeSet<Integer> succeededIndexes, Finish finish) {
        List<Pod> toRemove = new ArrayList<>();
        boolean added = false;
        TreeSet<Integer> indexesBefore = indexed ? CompletionIndexes.parse(status.getCompletedIndexes(), completions) : new TreeSet<>();
        for (Pod p : pods) {
            if (!JobPods.hasFinalizer(p) || expectedRm.contains(uid(p))) {
                continue;
            }
            boolean failedPod = consideredFailed(p);
            boolean canRemove = job.getMetadata().getDeletionTimestamp() != null || finish != null || Pods.terminal(p) || failedPod;
            if (!canRemove) {
                continue;
            }
            toRemove.add(p);
            if ("Succeeded".equals(Pods.phase(p)) && !uncFailed.contains(uid(p))) {
                boolean fresh = indexed ? validIndex(p) && indexesBefore.add(JobPods.index(p)) : !uncSucceeded.contains(uid(p));
                if (fresh && uncSucceeded.add(uid(p))) {
                    added = true;
                }
            } else if (failedPod || (finish != null && !finish.success())) {
                if (!uncFailed.contains(uid(p)) && (!indexed || validIndex(p)) && !ignoredByPolicy(p)) {
                    uncFailed.add(uid(p));
                    added = true;
                }
            }
        }
        if (finish != null) {
            String interim = finish.success() ? JobConditions.SUCCESS_CRITERIA_MET : JobConditions.FAILURE_TARGET;
            JobConditions.ensure(status, interim, "True", finish.reason(), finish.message(), now);
        }
        setUncounted(uncSucceeded, uncFailed);
        if (indexed) {
            status.setCompletedIndexes(CompletionIndexes.format(succeededIndexes));
        }
        if (added) {
            write();
        }
        for (Pod p : toRemove) {
            try {
                writes.removeFinalizer(p);
            } catch (RuntimeException e) {
                if (writes.error == null) {
                    writes.error = e;
                }
            }
        }
        Set<String> withFinalizer = new HashSet<>();
        pods.stream().filter(p -> JobPods.hasFinalizer(p) && !writes.finalizerRemoved.contains(uid(p))).forEach(p -> withFinalizer.add(uid(p)));
        int nowSucceeded = (int) uncSucceeded.stream().filter(u -> !withFinalizer.contains(u)).count();
        int nowFailed = (int) uncFailed.stream().filter(u -> !withFinalizer.contains(u)).count();
        uncSucceeded.retainAll(withFinalizer);
        uncFailed.retainAll(withFinalizer);
        status.setSucceeded(count(status.getSucceeded()) + nowSucceeded);
        status.setFailed(count(status.getFailed()) + nowFailed);
        setUncounted(uncSucceeded, uncFailed);
        boolean finished = finish != null && uncSucceeded.isEmpty() && uncFailed.isEmpty() && count(status.getTerminating()) == 0;
        if (finished) {
            JobConditions.ensure(status, finish.success() ? JobConditions.COMPLETE : JobConditions.FAILED, "True",
                    finish.reason(), finish.message(), now);
            if (finish.success()) {
                status.setCompletionTime(time(now));
            }
        }
        write();
        if (finished) {
            if (finish.success()) {
                ctl.events.event(job, EventRecorder.NORMAL, "Completed", "Job completed");
            } else {
                ctl.events.event(job, EventRecorder.WARNING, finish.reason(), finish.message());
            }
            ctl.backoff.forget(key);
        }
    }

    /** Writes the status if it changed since the cache's copy (or since the last write). */
    private void write() {
        String json = Serialization.asJson(status);
        if (json.equals(lastWritten)) {
            return;
        }
        Job stored = ctl.api.updateStatus(job);
        job.getMetadata().setResourceVersion(stored.getMetadata().getResourceVersion());
        lastWritten = json;
    }

    private UncountedTerminatedPods uncounted() {
        UncountedTerminatedPods u = status.getUncountedTerminatedPods();
        if (u == null) {
            u = new UncountedTerminatedPods(new ArrayList<>(), new ArrayList<>());
        }
        if (u.getSucceeded() == null) {
            u.setSucceeded(new ArrayList<>());
        }
        if (u.getFailed() == null) {
            u.setFailed(new ArrayList<>());
        }
        return u;
    }

    private void setUncounted(Set<String> succeeded, Set<String> failed) {
        status.setUncountedTerminatedPods(new UncountedTerminatedPods(new ArrayList<>(failed), new ArrayList<>(succeeded)));
    }

    /** Failed, or (without a pod failure policy or a Failed-only replacement policy) deleted before succeeding. */
    private boolean consideredFailed(Pod p) {
        if ("Failed".equals(Pods.phase(p))) {
            return true;
        }
        if (spec.getPodFailurePolicy() != null || "Failed".equals(spec.getPodReplacementPolicy())) {
            return false;
        }
        return p.getMetadata().getDeletionTimestamp() != null && !"Succeeded".equals(Pods.phase(p));
    }

    private boolean ignoredByPolicy(Pod p) {
        if (!"Failed".equals(Pods.phase(p))) {
            return false;
        }
        PodFailurePolicies.Match m = PodFailurePolicies.match(spec.getPodFailurePolicy(), p);
        return m != null && PodFailurePolicies.IGNORE.equals(m.action());
    }

    private boolean validIndex(Pod p) {
        int i = JobPods.index(p);
        return i >= 0 && completions != null && i < completions;
    }

    private void addIndex(TreeSet<Integer> indexes, Pod p) {
        if (validIndex(p)) {
            indexes.add(JobPods.index(p));
        }
    }

    private static String uid(Pod p) {
        return p.getMetadata().getUid();
    }

    private static int count(Integer n) {
        return n == null ? 0 : n;
    }

    static String time(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
