package io.kube4j.controllers.cronjob;

import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kube4j.controllers.machinery.Api;
import io.kube4j.controllers.machinery.ApiErrors;
import io.kube4j.controllers.machinery.ControllerContext;
import io.kube4j.controllers.machinery.ControllerRefs;
import io.kube4j.controllers.machinery.EventRecorder;
import io.kube4j.controllers.machinery.KeyedController;
import io.kube4j.controllers.machinery.Keys;
import io.kube4j.controllers.machinery.ObjectCache;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.List;

/**
 * The CronJob controller ({@code cronjob-controller}, alias {@code cronjob}; upstream's
 * cronjob_controllerv2): creates a Job named {@code <cronjob>-<minutes>} for the most recent
 * scheduled time not yet run (within {@code startingDeadlineSeconds}), honouring
 * {@code concurrencyPolicy} and {@code suspend}; keeps {@code status.active},
 * {@code lastScheduleTime} and {@code lastSuccessfulTime}; deletes finished Jobs beyond the history
 * limits; and queues itself again for the next scheduled time. Schedules are evaluated in
 * {@code spec.timeZone}, else the schedule's {@code TZ=}, else the controller's zone. See
 * {@link CronJobSync} for one sync. Thread-safe: handlers only queue keys.
 */
public final class CronJobController extends KeyedController {

    public static final String NAME = "cronjob-controller";

    final ObjectCache<CronJob> cronJobs;
    final ObjectCache<Job> jobs;
    final Api api;
    final EventRecorder events;
    final InstantSource clock;
    final ZoneId localZone;

    /** A controller whose schedules without a time zone run in the JVM's default zone, as upstream's use the process's. */
    public CronJobController(ControllerContext ctx) {
        this(ctx, ZoneId.systemDefault());
    }

    public CronJobController(ControllerContext ctx, ZoneId localZone) {
        super(NAME, ctx.options().concurrentSyncs());
        this.cronJobs = ctx.informers().cache(CronJob.class);
        this.jobs = ctx.informers().cache(Job.class);
        this.api = ctx.api();
        this.events = ctx.recorder(NAME);
        this.clock = ctx.clock();
        this.localZone = localZone;
        ctx.informers().addHandler(CronJob.class, enqueueingHandler());
        ctx.informers().addHandler(Job.class, new ResourceEventHandler<Job>() {
            @Override
            public void onAdd(Job job) {
                enqueueOwner(job);
            }

            @Override
            public void onUpdate(Job old, Job job) {
                enqueueOwner(job);
                OwnerReference before = ControllerRefs.controllerOf(old);
                OwnerReference after = ControllerRefs.controllerOf(job);
                if (before != null && (after == null || !before.getUid().equals(after.getUid()))) {
                    enqueueOwner(old);
                }
            }

            @Override
            public void onDelete(Job job, boolean finalStateUnknown) {
                enqueueOwner(job);
            }
        });
    }

    private void enqueueOwner(Job job) {
        OwnerReference ref = ControllerRefs.controllerOf(job);
        if (ref != null && "CronJob".equals(ref.getKind())) {
            CronJob owner = cronJobs.get(job.getMetadata().getNamespace(), ref.getName());
            if (owner != null && owner.getMetadata().getUid().equals(ref.getUid())) {
                enqueue(owner);
            }
        }
    }

    @Override
    protected void sync(String key) {
        CronJob cached = cronJobs.get(Keys.namespace(key), Keys.name(key));
        if (cached == null) {
            return;
        }
        CronJob cronJob = Serialization.clone(cached);
        if (cronJob.getStatus() == null) {
            cronJob.setStatus(new CronJobStatus());
        }
        String before = Serialization.asJson(cronJob.getStatus());
        String uid = cronJob.getMetadata().getUid();
        List<Job> owned = jobs.list(cronJob.getMetadata().getNamespace()).stream().filter(j -> {
            OwnerReference ref = ControllerRefs.controllerOf(j);
            return ref != null && uid.equals(ref.getUid());
        }).toList();
        CronJobSync sync = new CronJobSync(this, cronJob, owned);
        Duration requeue = sync.run();
        if (cronJob.getMetadata().getDeletionTimestamp() == null) {
            sync.cleanupFinishedJobs();
        }
        if (!before.equals(Serialization.asJson(cronJob.getStatus()))) {
            writeStatus(cronJob);
        }
        if (requeue != null) {
            enqueueAfter(key, requeue);
        }
        if (sync.error != null) {
            throw sync.error;
        }
    }

    /** Writes the status, once more over a fresh read if the cached CronJob was stale (upstream retries on conflict). */
    private void writeStatus(CronJob cronJob) {
        try {
            api.updateStatus(cronJob);
        } catch (RuntimeException e) {
            if (!ApiErrors.conflict(e)) {
                if (ApiErrors.notFound(e)) {
                    return;
                }
                throw e;
            }
            CronJob fresh = api.get(CronJob.class, cronJob.getMetadata().getNamespace(), cronJob.getMetadata().getName());
            if (fresh == null || !fresh.getMetadata().getUid().equals(cronJob.getMetadata().getUid())) {
                return;
            }
            fresh.setStatus(cronJob.getStatus());
            api.updateStatus(fresh);
        }
    }

    /** Whether {@code ref} names {@code job} (by UID). */
    static boolean refers(ObjectReference ref, Job job) {
        return ref.getUid() != null && ref.getUid().equals(job.getMetadata().getUid());
    }

    Instant now() {
        return clock.instant();
    }
}
