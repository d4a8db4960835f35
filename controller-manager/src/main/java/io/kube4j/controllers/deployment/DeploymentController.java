package io.kube4j.controllers.deployment;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kube4j.controllers.machinery.Api;
import io.kube4j.controllers.machinery.ControllerContext;
import io.kube4j.controllers.machinery.ControllerRefs;
import io.kube4j.controllers.machinery.EventRecorder;
import io.kube4j.controllers.machinery.KeyedController;
import io.kube4j.controllers.machinery.Keys;
import io.kube4j.controllers.machinery.ObjectCache;
import io.kube4j.controllers.machinery.Selectors;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The Deployment controller ({@code deployment-controller}, alias {@code deployment}), as upstream's
 * pkg/controller/deployment: each Deployment controls ReplicaSets (adopted and released by
 * selector), one per pod template, named and labelled with the {@code pod-template-hash}; a sync
 * scales them one RollingUpdate or Recreate step towards the template, only resizes them when
 * paused or when spec.replicas changed (proportionally during a rollout), keeps revision
 * annotations for {@code kubectl rollout history|undo}, deletes history beyond
 * revisionHistoryLimit, and writes status with the Available and Progressing conditions
 * (requeueing itself to notice progressDeadlineSeconds passing). Events: ScalingReplicaSet,
 * ReplicaSetCreateError, SelectingAll.
 *
 * <p>Queued by Deployment events, by ReplicaSet events (through their controller, or every
 * Deployment selecting an orphan), and by the deletion of a Recreate Deployment's last pod.
 * Thread-safe: the queue never syncs one Deployment on two workers.
 */
public final class DeploymentController extends KeyedController {

    /** The controller's upstream name, also the source of its Events. */
    public static final String NAME = "deployment-controller";

    private final ObjectCache<Deployment> deployments;
    private final ObjectCache<ReplicaSet> replicaSets;
    private final ObjectCache<Pod> pods;
    private final Api api;
    private final EventRecorder events;
    private final InstantSource clock;

    public DeploymentController(ControllerContext context) {
        super(NAME, context.options().concurrentSyncs());
        this.deployments = context.informers().cache(Deployment.class);
        this.replicaSets = context.informers().cache(ReplicaSet.class);
        this.pods = context.informers().cache(Pod.class);
        this.api = context.api();
        this.events = context.recorder(NAME);
        this.clock = context.clock();
        context.informers().addHandler(Deployment.class, enqueueingHandler());
        context.informers().addHandler(ReplicaSet.class, new ReplicaSetHandler());
        context.informers().addHandler(Pod.class, new PodDeletionHandler());
    }

    @Override
    protected void sync(String key) {
        Deployment cached = deployments.get(Keys.namespace(key), Keys.name(key));
        if (cached == null) {
            return;
        }
        Deployment d = Serialization.clone(cached);
        if (d.getSpec().getSelector() == null || Selectors.empty(d.getSpec().getSelector())) {
            events.event(d, EventRecorder.WARNING, "SelectingAll",
                    "This deployment is selecting all pods. A non-empty selector is required.");
            DeploymentStatus status = d.getStatus() == null ? new DeploymentStatus() : d.getStatus();
            long observed = status.getObservedGeneration() == null ? 0 : status.getObservedGeneration();
            if (observed < DeploymentConditions.generation(d)) {
                status.setObservedGeneration(DeploymentConditions.generation(d));
                d.setStatus(status);
                api.updateStatus(d);
            }
            return;
        }
        List<ReplicaSet> owned = claimReplicaSets(d);
        DeploymentSync sync = new DeploymentSync(api, events, clock, requeue(key), d, owned, podsByReplicaSet(d, owned));
        if (d.getMetadata().getDeletionTimestamp() != null) {
            sync.syncStatus(sync.sets(false));
            return;
        }
        sync.checkPausedConditions();
        if (Boolean.TRUE.equals(sync.d.getSpec().getPaused()) || Scaling.isScalingEvent(sync)) {
            Scaling.sync(sync);
            return;
        }
        if (RolloutMath.RECREATE.equals(RolloutMath.strategyType(sync.d))) {
            Recreate.rollout(sync);
        } else {
            RollingUpdate.rollout(sync);
        }
    }

    /** The ReplicaSets {@code d} controls after adopting matching orphans and releasing non-matching ones, as owned copies. */
    private List<ReplicaSet> claimReplicaSets(Deployment d) {
        Predicate<Map<String, String>> selector = Selectors.of(d.getSpec().getSelector());
        List<ReplicaSet> claimed = ControllerRefs.claim(api, ReplicaSet.class, d, rs -> selector.test(rs.getMetadata().getLabels()),
                replicaSets.list(d.getMetadata().getNamespace()), ControllerRefs.ownerStillCurrent(api, d));
        List<ReplicaSet> copies = new ArrayList<>(claimed.size());
        claimed.forEach(rs -> copies.add(Serialization.clone(rs)));
        return copies;
    }

    /** The pods the Deployment selects that one of {@code owned} controls, by ReplicaSet UID (every UID present). */
    private Map<String, List<Pod>> podsByReplicaSet(Deployment d, List<ReplicaSet> owned) {
        Map<String, List<Pod>> byUid = new HashMap<>();
        owned.forEach(rs -> byUid.put(rs.getMetadata().getUid(), new ArrayList<>()));
        Predicate<Map<String, String>> selector = Selectors.of(d.getSpec().getSelector());
        for (Pod pod : pods.list(d.getMetadata().getNamespace())) {
            OwnerReference ref = ControllerRefs.controllerOf(pod);
            if (ref != null && byUid.containsKey(ref.getUid()) && selector.test(pod.getMetadata().getLabels())) {
                byUid.get(ref.getUid()).add(pod);
            }
        }
        return byUid;
    }

    private Requeue requeue(String key) {
        return new Requeue() {
            @Override
            public void after(Duration delay) {
                enqueueAfter(key, delay);
            }

            @Override
            public void rateLimited() {
                queue.addRateLimited(key);
            }
        };
    }

    /** The Deployment {@code ref} names, if it is a Deployment in the cache with that UID. */
    private Deployment resolve(String namespace, OwnerReference ref) {
        if (ref == null || !"Deployment".equals(ref.getKind())) {
            return null;
        }
        Deployment d = deployments.get(namespace, ref.getName());
        return d != null && Objects.equals(d.getMetadata().getUid(), ref.getUid()) ? d : null;
    }

    /** Every Deployment in the ReplicaSet's namespace whose selector matches its labels. */
    private List<Deployment> selecting(ReplicaSet rs) {
        List<Deployment> out = new ArrayList<>();
        for (Deployment d : deployments.list(rs.getMetadata().getNamespace())) {
            if (d.getSpec().getSelector() != null && !Selectors.empty(d.getSpec().getSelector())
                    && Selectors.of(d.getSpec().getSelector()).test(rs.getMetadata().getLabels())) {
                out.add(d);
            }
        }
        return out;
    }

    private void enqueueOwner(ReplicaSet rs, OwnerReference ref) {
        Deployment d = resolve(rs.getMetadata().getNamespace(), ref);
        if (d != null) {
            enqueue(d);
        }
    }

    /** ReplicaSet events queue their controlling Deployment, or every Deployment that could adopt an orphan. */
    private final class ReplicaSetHandler implements ResourceEventHandler<ReplicaSet> {
        @Override
        public void onAdd(ReplicaSet rs) {
            OwnerReference ref = ControllerRefs.controllerOf(rs);
            if (ref != null) {
                enqueueOwner(rs, ref);
            } else if (rs.getMetadata().getDeletionTimestamp() == null) {
                selecting(rs).forEach(DeploymentController.this::enqueue);
            }
        }

        @Override
        public void onUpdate(ReplicaSet old, ReplicaSet cur) {
            if (Objects.equals(old.getMetadata().getResourceVersion(), cur.getMetadata().getResourceVersion())) {
                return;
            }
            OwnerReference oldRef = ControllerRefs.controllerOf(old);
            OwnerReference curRef = ControllerRefs.controllerOf(cur);
            boolean refChanged = !Objects.equals(oldRef == null ? null : oldRef.getUid(), curRef == null ? null : curRef.getUid());
            if (refChanged && oldRef != null) {
                enqueueOwner(old, oldRef);
            }
            if (curRef != null) {
                enqueueOwner(cur, curRef);
                return;
            }
            boolean labelsChanged = !Objects.equals(old.getMetadata().getLabels(), cur.getMetadata().getLabels());
            if (labelsChanged || refChanged) {
                selecting(cur).forEach(DeploymentController.this::enqueue);
            }
        }

        @Override
        public void onDelete(ReplicaSet rs, boolean finalStateUnknown) {
            OwnerReference ref = ControllerRefs.controllerOf(rs);
            if (ref != null) {
                enqueueOwner(rs, ref);
            }
        }
    }

    /** A Recreate Deployment waits for its old pods to be gone: the deletion of its last pod queues it. */
    private final class PodDeletionHandler implements ResourceEventHandler<Pod> {
        @Override
        public void onAdd(Pod pod) {
        }

        @Override
        public void onUpdate(Pod old, Pod cur) {
        }

        @Override
        public void onDelete(Pod pod, boolean finalStateUnknown) {
            OwnerReference podRef = ControllerRefs.controllerOf(pod);
            if (podRef == null || !"ReplicaSet".equals(podRef.getKind())) {
                return;
            }
            String ns = pod.getMetadata().getNamespace();
            ReplicaSet rs = replicaSets.get(ns, podRef.getName());
            if (rs == null || !Objects.equals(rs.getMetadata().getUid(), podRef.getUid())) {
                return;
            }
            Deployment d = resolve(ns, ControllerRefs.controllerOf(rs));
            if (d == null || !RolloutMath.RECREATE.equals(RolloutMath.strategyType(d))) {
                return;
            }
            Set<String> owned = new HashSet<>();
            for (ReplicaSet candidate : replicaSets.list(ns)) {
                if (ControllerRefs.controlledBy(candidate, d)) {
                    owned.add(candidate.getMetadata().getUid());
                }
            }
            boolean podsLeft = pods.list(ns).stream().map(ControllerRefs::controllerOf)
                    .anyMatch(ref -> ref != null && owned.contains(ref.getUid()));
            if (!podsLeft) {
                enqueue(d);
            }
        }
    }
}
