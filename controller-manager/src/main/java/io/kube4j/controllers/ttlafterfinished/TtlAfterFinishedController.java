package io.kube4j.controllers.ttlafterfinished;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.kube4j.controllers.machinery.Api;
import io.kube4j.controllers.machinery.ApiErrors;
import io.kube4j.controllers.machinery.ControllerContext;
import io.kube4j.controllers.machinery.KeyedController;
import io.kube4j.controllers.machinery.Keys;
import io.kube4j.controllers.machinery.ObjectCache;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TTL-after-finished controller ({@code ttl-after-finished-controller}, alias
 * {@code ttl-after-finished}; upstream's pkg/controller/ttlafterfinished): deletes a Job
 * {@code spec.ttlSecondsAfterFinished} seconds after its Complete or Failed condition became True.
 * Before deleting it re-reads the Job live, so a TTL raised meanwhile is honoured, and deletes
 * with the Job's UID as precondition and Foreground propagation (as upstream does, so the Job goes
 * only after its pods). A Job not yet expired is queued again for when it expires. Thread-safe.
 */
public final class TtlAfterFinishedController extends KeyedController {

    public static final String NAME = "ttl-after-finished-controller";
    private static final Logger LOG = LoggerFactory.getLogger(TtlAfterFinishedController.class);

    private final ObjectCache<Job> jobs;
    private final Api api;
    private final InstantSource clock;

    public TtlAfterFinishedController(ControllerContext ctx) {
        super(NAME, ctx.options().concurrentSyncs());
        this.jobs = ctx.informers().cache(Job.class);
        this.api = ctx.api();
        this.clock = ctx.clock();
        ctx.informers().addHandler(Job.class, new ResourceEventHandler<Job>() {
            @Override
            public void onAdd(Job job) {
                if (needsCleanup(job)) {
                    enqueue(job);
                }
            }

            @Override
            public void onUpdate(Job old, Job job) {
                if (needsCleanup(job)) {
                    enqueue(job);
                }
            }

            @Override
            public void onDelete(Job job, boolean finalStateUnknown) {
            }
        });
    }

    @Override
    protected void sync(String key) {
        Job cached = jobs.get(Keys.namespace(key), Keys.name(key));
        if (cached == null || !expired(cached)) {
            return;
        }
        Job fresh = api.get(Job.class, cached.getMetadata().getNamespace(), cached.getMetadata().getName());
        if (fresh == null || !expired(fresh)) {
            return;
        }
        LOG.debug("{}: cleaning up job {}", NAME, key);
        try {
            api.delete(Job.class, fresh.getMetadata().getNamespace(), fresh.getMetadata().getName(),
                    Api.Deletion.uid(fresh.getMetadata().getUid()).withPropagation("Foreground"));
        } catch (RuntimeException e) {
            if (!ApiErrors.notFound(e)) {
                throw e;
            }
        }
    }

    /** Whether {@code job}'s TTL has run out; if it runs out later, its key is queued for then. */
    private boolean expired(Job job) {
        if (job.getMetadata().getDeletionTimestamp() != null || !needsCleanup(job)) {
            return false;
        }
        Instant finishedAt = finishTime(job);
        if (finishedAt == null) {
            LOG.warn("{}: job {} is finished but its condition has no transition time", NAME, Keys.of(job));
            return false;
        }
        Duration left = Duration.between(clock.instant(), finishedAt.plusSeconds(job.getSpec().getTtlSecondsAfterFinished()));
        if (left.isPositive()) {
            enqueueAfter(Keys.of(job), left);
            return false;
        }
        return true;
    }

    /** A TTL is set and the Job has finished. */
    static boolean needsCleanup(Job job) {
        return job.getSpec() != null && job.getSpec().getTtlSecondsAfterFinished() != null && finishCondition(job) != null;
    }

    private static JobCondition finishCondition(Job job) {
        if (job.getStatus() == null || job.getStatus().getConditions() == null) {
            return null;
        }
        for (JobCondition c : job.getStatus().getConditions()) {
            if (("Complete".equals(c.getType()) || "Failed".equals(c.getType())) && "True".equals(c.getStatus())) {
                return c;
            }
        }
        return null;
    }

    /** When the Job's Complete or Failed condition became True, or null. */
    static Instant finishTime(Job job) {
        JobCondition c = finishCondition(job);
        if (c == null || c.getLastTransitionTime() == null || c.getLastTransitionTime().isEmpty()) {
            return null;
        }
        return Instant.parse(c.getLastTransitionTime());
    }
}
