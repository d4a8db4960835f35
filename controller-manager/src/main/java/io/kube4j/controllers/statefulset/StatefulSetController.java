package io.kube4j.controllers.statefulset;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kube4j.controllers.history.ControllerHistory;
import io.kube4j.controllers.machinery.Api;
import io.kube4j.controllers.machinery.ApiErrors;
import io.kube4j.controllers.machinery.ControllerContext;
import io.kube4j.controllers.machinery.ControllerRefs;
import io.kube4j.controllers.machinery.EventRecorder;
import io.kube4j.controllers.machinery.KeyedController;
import io.kube4j.controllers.machinery.Keys;
import io.kube4j.controllers.machinery.ObjectCache;
import io.kube4j.controllers.machinery.Selectors;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;

/**
 * The StatefulSet controller ({@code statefulset-controller}, upstream's pkg/controller/statefulset):
 * pods with stable names {@code <set>-<ordinal>} and claims from volumeClaimTemplates, created in
 * order and removed in reverse with OrderedReady ({@link StatefulSetUpdate}), all at once with
 * Parallel; RollingUpdate with partition or OnDelete between the current and update
 * ControllerRevisions ({@link StatefulSetRevisions}); status (replicas, ready, current, updated,
 * available, revisions, collisionCount, observedGeneration) written when it changes. Pod events
 * requeue the owning set (or the sets that could adopt an orphan).
 *
 * <p>Thread-safe: syncs of one key are serialised by the queue; no other state.
 */
public final class StatefulSetController extends KeyedController {

    public static final String NAME = "statefulset-controller";

    private final ObjectCache<StatefulSet> sets;
    private final ObjectCache<Pod> pods;
    private final Api api;
    private final InstantSource clock;
    private final EventRecorder events;
    private final ControllerHistory history;
    private final StatefulSetRevisions revisions;
    private final StatefulPodControl control;

    public StatefulSetController(ControllerContext ctx) {
        super(NAME, ctx.options().concurrentSyncs());
        this.api = ctx.api();
        this.clock = ctx.clock();
        this.events = ctx.recorder(NAME);
        this.sets = ctx.informers().cache(StatefulSet.class);
        this.pods = ctx.informers().cache(Pod.class);
        ObjectCache<PersistentVolumeClaim> claims = ctx.informers().cache(PersistentVolumeClaim.class);
        this.history = new ControllerHistory(api, ctx.informers().cache(ControllerRevision.class));
        this.revisions = new StatefulSetRevisions(history);
        this.control = new StatefulPodControl(api, events, claims);
        ctx.informers().addHandler(StatefulSet.class, enqueueingHandler());
        ctx.informers().addHandler(Pod.class, new PodHandler());
    }

    @Override
    protected void sync(String key) {
        StatefulSet set = sets.get(Keys.namespace(key), Keys.name(key));
        if (set == null) {
            return;
        }
        List<ControllerRevision> owned = history.claim(set, set.getSpec().getSelector());
        List<Pod> claimed = claimPods(set);
        StatefulSetRevisions.Revisions rev = revisions.get(set, owned);
        StatefulSetStatus status = new StatefulSetUpdate(set, rev, control, events, clock.instant()).run(claimed);
        status.setObservedGeneration(set.getMetadata().getGeneration());
        status.setCurrentRevision(rev.current().getMetadata().getName());
        status.setUpdateRevision(rev.update().getMetadata().getName());
        status.setCollisionCount(rev.collisionCount());
        completeRollingUpdate(set, status);
        if (set.getStatus() != null) {
            status.setConditions(set.getStatus().getConditions());
        }
        writeStatus(set, status);
        int minReady = set.getSpec().getMinReadySeconds() == null ? 0 : set.getSpec().getMinReadySeconds();
        if (minReady > 0 && !Objects.equals(status.getReadyReplicas(), status.getAvailableReplicas())) {
            enqueueAfter(key, Duration.ofSeconds(minReady));
        }
        revisions.truncate(set, history.claim(set, set.getSpec().getSelector()), claimPods(set), rev);
    }

    /** Once every pod is updated and ready, the update revision becomes the current one. */
    private static void completeRollingUpdate(StatefulSet set, StatefulSetStatus status) {
        var s = set.getSpec().getUpdateStrategy();
        boolean rolling = s == null || s.getType() == null || "RollingUpdate".equals(s.getType());
        if (rolling && Objects.equals(status.getUpdatedReplicas(), status.getReplicas())
                && Objects.equals(status.getReadyReplicas(), status.getReplicas())) {
            status.setCurrentReplicas(status.getUpdatedReplicas());
            status.setCurrentRevision(status.getUpdateRevision());
        }
    }

    private void writeStatus(StatefulSet set, StatefulSetStatus status) {
        if (Objects.equals(set.getStatus(), status)) {
            return;
        }
        StatefulSet copy = Serialization.clone(set);
        copy.setStatus(status);
        try {
            api.updateStatus(copy);
        } catch (RuntimeException e) {
            if (!ApiErrors.conflict(e)) {
                throw e;
            }
            StatefulSet fresh = api.get(StatefulSet.class, set.getMetadata().getNamespace(), set.getMetadata().getName());
            if (fresh != null) {
                fresh.setStatus(status);
                api.updateStatus(fresh);
            }
        }
    }

    /**
     * The pods the set controls after adopting and releasing: a pod belongs when the selector
     * matches and its name is {@code <set>-<ordinal>} (upstream's isMemberOf filter).
     */
    private List<Pod> claimPods(StatefulSet set) {
        var matches = Selectors.of(set.getSpec().getSelector());
        return ControllerRefs.claim(api, Pod.class, set,
                p -> matches.test(p.getMetadata().getLabels()) && StatefulPods.memberOf(set, p),
                pods.list(set.getMetadata().getNamespace()), ControllerRefs.ownerStillCurrent(api, set));
    }

    private void enqueueOwner(Pod pod) {
        OwnerReference ref = ControllerRefs.controllerOf(pod);
        if (ref == null) {
            for (StatefulSet s : sets.list(pod.getMetadata().getNamespace())) {
                if (Selectors.of(s.getSpec().getSelector()).test(pod.getMetadata().getLabels())) {
                    enqueue(s);
                }
            }
            return;
        }
        if (!"StatefulSet".equals(ref.getKind())) {
            return;
        }
        StatefulSet s = sets.get(pod.getMetadata().getNamespace(), ref.getName());
        if (s != null && s.getMetadata().getUid().equals(ref.getUid())) {
            enqueue(s);
        }
    }

    private final class PodHandler implements ResourceEventHandler<Pod> {
        @Override
        public void onAdd(Pod pod) {
            enqueueOwner(pod);
        }

        @Override
        public void onUpdate(Pod old, Pod pod) {
            if (Objects.equals(old.getMetadata().getResourceVersion(), pod.getMetadata().getResourceVersion())) {
                return;
            }
            if (!Objects.equals(ControllerRefs.controllerOf(old), ControllerRefs.controllerOf(pod))) {
                enqueueOwner(old);
            }
            enqueueOwner(pod);
        }

        @Override
        public void onDelete(Pod pod, boolean deletedFinalStateUnknown) {
            enqueueOwner(pod);
        }
    }
}
