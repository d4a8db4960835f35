package io.kube4j.controllers.job;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.kube4j.controllers.machinery.Api;
import io.kube4j.controllers.machinery.ApiErrors;
import io.kube4j.controllers.machinery.ControllerContext;
import io.kube4j.controllers.machinery.ControllerRefs;
import io.kube4j.controllers.machinery.EventRecorder;
import io.kube4j.controllers.machinery.Expectations;
import io.kube4j.controllers.machinery.KeyedController;
import io.kube4j.controllers.machinery.Keys;
import io.kube4j.controllers.machinery.ObjectCache;
import io.kube4j.controllers.machinery.Selectors;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Job controller ({@code job-controller}, alias {@code job}; upstream's pkg/controller/job):
 * runs a Job's pods to completion. Pods carry the {@code batch.kubernetes.io/job-tracking}
 * finalizer until the controller has counted them (through {@code status.uncountedTerminatedPods});
 * see {@link JobSync} for one sync. Pods whose Job is gone or finished lose the finalizer here too
 * (upstream's orphan-pod queue, as keys {@code orphan-pod:<ns>/<name>} in the same queue).
 *
 * <p>Thread-safe: informer handlers only queue keys and observe expectations; the queue never
 * syncs one key in two workers.
 */
public final class JobController extends KeyedController {

    public static final String NAME = "job-controller";
    static final String ORPHAN_PREFIX = "orphan-pod:";
    static final String MANAGED_BY = "kubernetes.io/job-controller";
    private static final Logger LOG = LoggerFactory.getLogger(JobController.class);

    final ObjectCache<Job> jobs;
    final ObjectCache<Pod> pods;
    final Api api;
    final EventRecorder events;
    final InstantSource clock;
    final Expectations expectations;
    final FinalizerRemovals finalizerRemovals = new FinalizerRemovals();
    final FailureBackoff backoff;

    /** A controller with upstream's pod-failure back-off (10 s doubling). */
    public JobController(ControllerContext ctx) {
        this(ctx, FailureBackoff.DEFAULT_BASE, FailureBackoff.DEFAULT_MAX);
    }

    /** A controller whose replacement of failed pods waits {@code backoffBase} doubled per failure, at most {@code backoffMax}. */
    public JobController(ControllerContext ctx, Duration backoffBase, Duration backoffMax) {
        super(NAME, ctx.options().concurrentSyncs());
        this.jobs = ctx.informers().cache(Job.class);
        this.pods = ctx.informers().cache(Pod.class);
        this.api = ctx.api();
        this.events = ctx.recorder(NAME);
        this.clock = ctx.clock();
        this.expectations = new Expectations(clock);
        this.backoff = new FailureBackoff(backoffBase, backoffMax);
        ctx.informers().addHandler(Job.class, enqueueingHandler());
        ctx.informers().addHandler(Pod.class, new PodHandler());
    }

    @Override
    protected void sync(String key) throws Exception {
        if (key.startsWith(ORPHAN_PREFIX)) {
            syncOrphanPod(key.substring(ORPHAN_PREFIX.length()));
            return;
        }
        Job job = jobs.get(Keys.namespace(key), Keys.name(key));
        if (job == null) {
            expectations.delete(key);
            finalizerRemovals.forget(key);
            backoff.forget(key);
            return;
        }
        String managedBy = job.getSpec().getManagedBy();
        if (managedBy != null && !managedBy.isEmpty() && !MANAGED_BY.equals(managedBy)) {
            return;
        }
        new JobSync(this, key, job).run();
    }

    /** The pods {@code job} controls after adopting and releasing by its selector. */
    List<Pod> podsOf(Job job) {
        Predicate<Map<String, String>> selector = Selectors.of(selectorOf(job));
        List<Pod> candidates = pods.list(job.getMetadata().getNamespace());
        return ControllerRefs.claim(api, Pod.class, job, p -> selector.test(p.getMetadata().getLabels()), candidates,
                ControllerRefs.ownerStillCurrent(api, job));
    }

    private static LabelSelector selectorOf(Job job) {
        if (job.getSpec().getSelector() != null) {
            return job.getSpec().getSelector();
        }
        LabelSelector byUid = new LabelSelector();
        byUid.setMatchLabels(Map.of(JobPods.CONTROLLER_UID, job.getMetadata().getUid()));
        return byUid;
    }

    /** Removes the tracking finalizer from a pod whose Job is gone or finished. */
    private void syncOrphanPod(String podKey) {
        Pod pod = pods.get(Keys.namespace(podKey), Keys.name(podKey));
        if (pod == null || !JobPods.hasFinalizer(pod)) {
            return;
        }
        Job job = jobOf(pod);
        if (job != null && !JobConditions.finished(job.getStatus())) {
            enqueue(job);
            return;
        }
        removeFinalizer(pod);
    }

    /** Patches the tracking finalizer away; false when the pod is already gone. */
    boolean removeFinalizer(Pod pod) {
        String patch = JobPods.removeFinalizerPatch(pod);
        if (patch == null) {
            return true;
        }
        try {
            api.patch(Pod.class, pod.getMetadata().getNamespace(), pod.getMetadata().getName(), Api.PatchKind.JSON, patch);
            return true;
        } catch (RuntimeException e) {
            if (ApiErrors.notFound(e)) {
                return false;
            }
            throw e;
        }
    }

    /** The Job in the cache that controls {@code pod} (same UID), or null. */
    private Job jobOf(Pod pod) {
        OwnerReference ref = ControllerRefs.controllerOf(pod);
        if (ref == null || !"Job".equals(ref.getKind())) {
            return null;
        }
        Job job = jobs.get(pod.getMetadata().getNamespace(), ref.getName());
        return job != null && ref.getUid().equals(job.getMetadata().getUid()) ? job : null;
    }

    /** Routes pod events to their Job (observing expectations) or to the orphan path. */
    private final class PodHandler implements ResourceEventHandler<Pod> {

        @Override
        public void onAdd(Pod pod) {
            Job job = jobOf(pod);
            if (job != null) {
                if (pod.getMetadata().getDeletionTimestamp() != null) {
                    expectations.deletionObserved(Keys.of(job), Keys.of(pod));
                } else {
                    expectations.creationObserved(Keys.of(job));
                }
                enqueue(job);
            } else if (ControllerRefs.controllerOf(pod) == null) {
                enqueueMatching(pod);
            } else if (JobPods.hasFinalizer(pod)) {
                enqueue(ORPHAN_PREFIX + Keys.of(pod));
            }
        }

        @Override
        public void onUpdate(Pod old, Pod pod) {
            Job job = jobOf(pod);
            if (job != null) {
                String jobKey = Keys.of(job);
                if (pod.getMetadata().getDeletionTimestamp() != null && old.getMetadata().getDeletionTimestamp() == null) {
                    expectations.deletionObserved(jobKey, Keys.of(pod));
                }
                if (!JobPods.hasFinalizer(pod)) {
                    finalizerRemovals.observed(jobKey, pod.getMetadata().getUid());
                }
                enqueue(job);
            } else if (ControllerRefs.controllerOf(pod) == null) {
                enqueueMatching(pod);
            } else if (JobPods.hasFinalizer(pod)) {
                enqueue(ORPHAN_PREFIX + Keys.of(pod));
            }
            Job previous = jobOf(old);
            if (previous != null && (job == null || !previous.getMetadata().getUid().equals(job.getMetadata().getUid()))) {
                enqueue(previous);
            }
        }

        @Override
        public void onDelete(Pod pod, boolean finalStateUnknown) {
            Job job = jobOf(pod);
            if (job != null) {
                String jobKey = Keys.of(job);
                expectations.deletionObserved(jobKey, Keys.of(pod));
                finalizerRemovals.observed(jobKey, pod.getMetadata().getUid());
                enqueue(job);
            }
        }

        /** An orphan may be adopted: queue the Jobs whose selector matches it. */
        private void enqueueMatching(Pod pod) {
            if (pod.getMetadata().getDeletionTimestamp() != null) {
                return;
            }
            for (Job job : jobs.list(pod.getMetadata().getNamespace())) {
                if (job.getSpec().getSelector() != null && Selectors.of(job.getSpec().getSelector()).test(pod.getMetadata().getLabels())) {
                    LOG.debug("{}: orphan pod {} matches job {}", NAME, Keys.of(pod), Keys.of(job));
                    enqueue(job);
                }
            }
        }
    }
}
