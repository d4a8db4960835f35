package io.kube4j.controllers.replicaset;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kube4j.controllers.machinery.Api;
import io.kube4j.controllers.machinery.ApiErrors;
import io.kube4j.controllers.machinery.ControllerContext;
import io.kube4j.controllers.machinery.ControllerRefs;
import io.kube4j.controllers.machinery.EventRecorder;
import io.kube4j.controllers.machinery.Expectations;
import io.kube4j.controllers.machinery.KeyedController;
import io.kube4j.controllers.machinery.Keys;
import io.kube4j.controllers.machinery.ObjectCache;
import io.kube4j.controllers.machinery.Pods;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine shared by the ReplicaSet and ReplicationController controllers (upstream's
 * ReplicaSetController, which serves RCs by conversion): a sync claims the owner's pods (adopting
 * matching orphans, releasing owned pods that no longer match), creates missing pods in slow-start
 * batches or deletes surplus ones in {@link PodDeletionOrder}, unless expectations of its earlier
 * writes are still unmet in the cache, then writes status (replicas, fullyLabeled, ready, available,
 * observedGeneration and the ReplicaFailure condition). Pod informer events resolve the owner by
 * controllerRef (or, for orphans, by selector) and settle the expectations.
 *
 * <p>Thread-safe: informer threads queue and observe, workers sync; one key never syncs twice at once.
 *
 * @param <T> ReplicaSet or ReplicationController
 */
public abstract class ReplicaManager<T extends HasMetadata> extends KeyedController {

    /** The most pods one sync creates or deletes (upstream's BurstReplicas). */
    static final int BURST_REPLICAS = 500;

    private static final Logger LOG = LoggerFactory.getLogger(ReplicaManager.class);
    private static final String CONTROLLER_UID_INDEX = "replicaset.kube4j.io/controller-uid";

    final ReplicaKind<T> kind;
    final ObjectCache<T> owners;
    final ObjectCache<Pod> pods;
    final Expectations expectations;
    private final Api api;
    private final EventRecorder events;
    private final InstantSource clock;

    ReplicaManager(String name, String eventComponent, ReplicaKind<T> kind, ControllerContext context) {
        super(name, context.options().concurrentSyncs());
        this.kind = kind;
        this.api = context.api();
        this.events = context.recorder(eventComponent);
        this.clock = context.clock();
        this.expectations = new Expectations(clock);
        this.owners = context.informers().cache(kind.type());
        this.pods = context.informers().cache(Pod.class);
        owners.addIndex(CONTROLLER_UID_INDEX, o -> {
            OwnerReference ref = ControllerRefs.controllerOf(o);
            return ref == null ? List.of() : List.of(ref.getUid());
        });
        context.informers().addHandler(kind.type(), new OwnerEvents<>(this));
        context.informers().addHandler(Pod.class, new PodEvents<>(this));
    }

    /** The expectations of this controller's writes, for tests. */
    public Expectations expectations() {
        return expectations;
    }

    @Override
    protected void sync(String key) throws Exception {
        T owner = owners.get(Keys.namespace(key), Keys.name(key));
        if (owner == null) {
            expectations.delete(key);
            return;
        }
        boolean needsSync = expectations.satisfied(key);
        Predicate<Map<String, String>> selector = kind.selector(owner);
        // Every active pod of the namespace, so that owned pods whose labels no longer match get released.
        List<Pod> active = pods.list(owner.getMetadata().getNamespace()).stream().filter(Pods::active).toList();
        List<Pod> claimed = ControllerRefs.claim(api, Pod.class, owner, p -> selector.test(p.getMetadata().getLabels()),
                active, ControllerRefs.ownerStillCurrent(api, owner));

        RuntimeException manageError = null;
        if (needsSync && owner.getMetadata().getDeletionTimestamp() == null) {
            try {
                manageReplicas(key, owner, claimed);
            } catch (RuntimeException e) {
                manageError = e;
            }
        }
        ReplicaStatus status = ReplicaStatusCalculator.calculate(kind, owner, claimed, manageError, clock.instant());
        T updated = writeStatus(owner, status);
        int replicas = kind.replicas(updated);
        int minReady = kind.minReadySeconds(updated);
        ReplicaStatus written = kind.status(updated);
        if (manageError == null && minReady > 0 && written.readyReplicas() == replicas && written.availableReplicas() != replicas) {
            // Pods become available by the clock alone; no event will wake us.
            enqueueAfter(key, Duration.ofSeconds(minReady));
        }
        if (manageError != null) {
            throw manageError;
        }
    }

    private void manageReplicas(String key, T owner, List<Pod> claimed) throws InterruptedException {
        int diff = claimed.size() - kind.replicas(owner);
        if (diff < 0) {
            int toCreate = Math.min(-diff, BURST_REPLICAS);
            expectations.expectCreations(key, toCreate);
            LOG.debug("{} {}: too few replicas, creating {}", kind.kind(), key, toCreate);
            OwnerReference ref = ControllerRefs.newControllerRef(owner);
            SlowStart.Result result = SlowStart.run(toCreate, 1, () -> createPod(owner, ref));
            // Creates never attempted (or failed) will not be observed by the informer.
            for (int i = result.successes(); i < toCreate; i++) {
                expectations.creationObserved(key);
            }
            if (result.error() != null) {
                throw result.error();
            }
        } else if (diff > 0) {
            int toDelete = Math.min(diff, BURST_REPLICAS);
            LOG.debug("{} {}: too many replicas, deleting {}", kind.kind(), key, toDelete);
            List<Pod> victims = PodDeletionOrder.select(claimed, relatedPods(owner), toDelete, clock.instant());
            Set<String> victimKeys = new LinkedHashSet<>();
            victims.forEach(p -> victimKeys.add(Keys.of(p)));
            expectations.expectDeletions(key, victimKeys);
            deleteAll(key, owner, victims);
        }
    }

    /** Creates one pod; a namespace being terminated is not a failure (every create there fails). */
    private void createPod(T owner, OwnerReference ref) {
        Pod pod = Pods.fromTemplate(kind.template(owner), owner, ref);
        try {
            Pod created = api.create(pod);
            events.eventf(owner, EventRecorder.NORMAL, "SuccessfulCreate", "Created pod: %s", created.getMetadata().getName());
        } catch (RuntimeException e) {
            if (ApiErrors.namespaceTerminating(e)) {
                return;
            }
            events.eventf(owner, EventRecorder.WARNING, "FailedCreate", "Error creating: %s", message(e));
            throw e;
        }
    }

    private void deleteAll(String key, T owner, List<Pod> victims) throws InterruptedException {
        AtomicReference<RuntimeException> first = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (Pod victim : victims) {
            threads.add(Thread.ofVirtual().start(() -> {
                String name = victim.getMetadata().getName();
                try {
                    api.delete(Pod.class, victim.getMetadata().getNamespace(), name, Api.Deletion.DEFAULT);
                    events.eventf(owner, EventRecorder.NORMAL, "SuccessfulDelete", "Deleted pod: %s", name);
                } catch (RuntimeException e) {
                    // The informer will not see this deletion: stop expecting it.
                    expectations.deletionObserved(key, Keys.of(victim));
                    if (!ApiErrors.notFound(e)) {
                        events.eventf(owner, EventRecorder.WARNING, "FailedDelete", "Error deleting: %s", message(e));
                        first.compareAndSet(null, e);
                    }
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        if (first.get() != null) {
            throw first.get();
        }
    }

    /**
     * The pods selected by every owner sharing this owner's controller (a Deployment's ReplicaSets),
     * for ranking co-located pods; none for an owner without a controller, as upstream.
     */
    private List<Pod> relatedPods(T owner) {
        OwnerReference ref = ControllerRefs.controllerOf(owner);
        if (ref == null) {
            return List.of();
        }
        List<Pod> inNamespace = pods.list(owner.getMetadata().getNamespace());
        Set<String> seen = new LinkedHashSet<>();
        List<Pod> related = new ArrayList<>();
        for (T sibling : owners.byIndex(CONTROLLER_UID_INDEX, ref.getUid())) {
            if (!Objects.equals(sibling.getMetadata().getNamespace(), owner.getMetadata().getNamespace())) {
                continue;
            }
            Predicate<Map<String, String>> selector = kind.selector(sibling);
            for (Pod p : inNamespace) {
                if (selector.test(p.getMetadata().getLabels()) && seen.add(p.getMetadata().getUid())) {
                    related.add(p);
                }
            }
        }
        return related;
    }

    /**
     * Writes {@code status} unless the stored one already says the same for the current generation;
     * on failure re-reads the owner once and tries again (upstream's statusUpdateRetries = 1).
     */
    private T writeStatus(T owner, ReplicaStatus status) {
        long generation = owner.getMetadata().getGeneration() == null ? 0 : owner.getMetadata().getGeneration();
        ReplicaStatus wanted = status.withObservedGeneration(generation);
        if (kind.status(owner).equals(wanted)) {
            return owner;
        }
        T current = owner;
        for (int attempt = 0; ; attempt++) {
            try {
                return api.updateStatus(kind.withStatus(current, wanted));
            } catch (KubernetesClientException e) {
                if (attempt >= 1) {
                    throw e;
                }
                T fresh = api.get(kind.type(), owner.getMetadata().getNamespace(), owner.getMetadata().getName());
                if (fresh == null) {
                    throw e;
                }
                current = fresh;
            }
        }
    }

    /** The owner named by {@code ref} in {@code namespace}, if it is of our kind and the same UID (upstream's resolveControllerRef). */
    T resolve(String namespace, OwnerReference ref) {
        if (ref == null || !kind.kind().equals(ref.getKind())) {
            return null;
        }
        T owner = owners.get(namespace, ref.getName());
        return owner != null && Objects.equals(owner.getMetadata().getUid(), ref.getUid()) ? owner : null;
    }

    /** The owners in the pod's namespace whose (non-empty) selector matches the orphan {@code pod}. */
    List<T> ownersSelecting(Pod pod) {
        List<T> matching = new ArrayList<>();
        for (T owner : owners.list(pod.getMetadata().getNamespace())) {
            if (!kind.selectorEmpty(owner) && kind.selector(owner).test(pod.getMetadata().getLabels())) {
                matching.add(owner);
            }
        }
        return matching;
    }

    /** The text of an API error as upstream prints it: the Status message when there is one. */
    static String message(Throwable e) {
        if (e instanceof KubernetesClientException k && k.getStatus() != null && k.getStatus().getMessage() != null) {
            return k.getStatus().getMessage();
        }
        return String.valueOf(e.getMessage());
    }
}
