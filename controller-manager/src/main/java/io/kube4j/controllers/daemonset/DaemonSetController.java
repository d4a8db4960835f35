package io.kube4j.controllers.daemonset;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.kube4j.controllers.history.ControllerHistory;
import io.kube4j.controllers.machinery.ControllerContext;
import io.kube4j.controllers.machinery.ControllerRefs;
import io.kube4j.controllers.machinery.EventRecorder;
import io.kube4j.controllers.machinery.Expectations;
import io.kube4j.controllers.machinery.KeyedController;
import io.kube4j.controllers.machinery.Keys;
import io.kube4j.controllers.machinery.ObjectCache;
import io.kube4j.controllers.machinery.Pods;
import io.kube4j.controllers.machinery.Selectors;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The DaemonSet controller ({@code daemonset-controller}, upstream's pkg/controller/daemon): one
 * pod per node the DaemonSet's pod fits ({@link NodeEligibility}), created unbound with a
 * node-name affinity for the scheduler to bind; extra pods on a node (all but the oldest), pods
 * on nodes that no longer fit and succeeded pods are deleted, failed pods deleted with a per-node
 * back-off ({@code FailedDaemonPod}); the template's ControllerRevision labels its pods
 * ({@link DaemonSetHistory}); RollingUpdate ({@link DaemonSetRollout}) or OnDelete; status as
 * upstream. Node changes requeue the DaemonSets whose fit changed.
 *
 * <p>Thread-safe: per-key syncs are serialised by the queue; expectations and back-off are
 * concurrent maps.
 */
public final class DaemonSetController extends KeyedController {

    public static final String NAME = "daemonset-controller";

    /** Oldest first by creationTimestamp, then name (upstream's podByCreationTimestampAndPhase, roughly). */
    static final Comparator<Pod> OLDEST_FIRST = Comparator
            .comparing((Pod p) -> p.getMetadata().getCreationTimestamp() == null ? Instant.MAX : Instant.parse(p.getMetadata().getCreationTimestamp()))
            .thenComparing(p -> p.getMetadata().getName());

    private final ObjectCache<DaemonSet> sets;
    private final ObjectCache<Pod> pods;
    private final ObjectCache<Node> nodes;
    private final ControllerContext ctx;
    private final InstantSource clock;
    private final EventRecorder events;
    private final Expectations creations;
    private final Expectations deletions;
    private final FailedPodBackoff backoff;
    private final DaemonSetHistory history;
    private final DaemonPodWriter writer;
    private final DaemonSetStatusWriter statusWriter;

    public DaemonSetController(ControllerContext ctx) {
        super(NAME, Math.max(1, Math.min(2, ctx.options().concurrentSyncs())));
        this.ctx = ctx;
        this.clock = ctx.clock();
        this.events = ctx.recorder(NAME);
        this.sets = ctx.informers().cache(DaemonSet.class);
        this.pods = ctx.informers().cache(Pod.class);
        this.nodes = ctx.informers().cache(Node.class);
        ObjectCache<ControllerRevision> revisions = ctx.informers().cache(ControllerRevision.class);
        this.creations = new Expectations(clock);
        this.deletions = new Expectations(clock);
        this.backoff = new FailedPodBackoff(clock);
        this.history = new DaemonSetHistory(ctx.api(), new ControllerHistory(ctx.api(), revisions));
        this.writer = new DaemonPodWriter(ctx.api(), events, creations, deletions);
        this.statusWriter = new DaemonSetStatusWriter(ctx.api());
        ctx.informers().addHandler(DaemonSet.class, enqueueingHandler());
        ctx.informers().addHandler(Pod.class, new DaemonPodHandler(this));
        ctx.informers().addHandler(Node.class, new NodeHandler());
        ctx.informers().addHandler(ControllerRevision.class, new ResourceEventHandler<>() {
            @Override
            public void onAdd(ControllerRevision r) {
                enqueueOwner(r.getMetadata().getNamespace(), ControllerRefs.controllerOf(r));
            }

            @Override
            public void onUpdate(ControllerRevision o, ControllerRevision r) {
            }

            @Override
            public void onDelete(ControllerRevision r, boolean unknown) {
                enqueueOwner(r.getMetadata().getNamespace(), ControllerRefs.controllerOf(r));
            }
        });
    }

    /** The expectations, for the pod handler and tests. */
    Expectations creations() {
        return creations;
    }

    Expectations deletions() {
        return deletions;
    }

    /** The DaemonSet {@code ref} names in {@code namespace}, if it is in the cache with that UID. */
    DaemonSet owner(String namespace, OwnerReference ref) {
        if (ref == null || !"DaemonSet".equals(ref.getKind())) {
            return null;
        }
        DaemonSet ds = sets.get(namespace, ref.getName());
        return ds != null && ds.getMetadata().getUid().equals(ref.getUid()) ? ds : null;
    }

    void enqueueOwner(String namespace, OwnerReference ref) {
        DaemonSet ds = owner(namespace, ref);
        if (ds != null) {
            enqueue(ds);
        }
    }

    /** The DaemonSets whose selector matches an orphan pod's labels. */
    List<DaemonSet> matching(Pod pod) {
        return sets.list(pod.getMetadata().getNamespace()).stream()
                .filter(ds -> !Selectors.empty(ds.getSpec().getSelector())
                        && Selectors.of(ds.getSpec().getSelector()).test(pod.getMetadata().getLabels()))
                .toList();
    }

    @Override
    protected void sync(String key) {
        DaemonSet ds = sets.get(Keys.namespace(key), Keys.name(key));
        if (ds == null) {
            creations.delete(key);
            deletions.delete(key);
            return;
        }
        if (Selectors.empty(ds.getSpec().getSelector())) {
            events.event(ds, EventRecorder.WARNING, "SelectingAll",
                    "This daemon set is selecting all pods. A non-empty selector is required.");
            return;
        }
        if (ds.getMetadata().getDeletionTimestamp() != null) {
            return;
        }
        List<Node> nodeList = nodes.list();
        PodSpec podSpec = DaemonPods.withDefaultTolerations(ds.getSpec().getTemplate().getSpec());
        Map<String, NodeEligibility> fit = new HashMap<>();
        for (Node n : nodeList) {
            fit.put(n.getMetadata().getName(), NodeEligibility.of(n, podSpec));
        }
        DaemonSetHistory.Revisions revisions = history.construct(ds);
        String hash = revisions.hash();
        if (!satisfied(key)) {
            writeStatus(ds, nodeList, fit, hash);
            return;
        }
        manage(ds, nodeList, fit, hash);
        if (satisfied(key) && isRollingUpdate(ds)) {
            List<String> eligible = nodeList.stream().map(n -> n.getMetadata().getName()).filter(n -> fit.get(n).shouldRun()).toList();
            var plan = DaemonSetRollout.plan(ds, hash, podsByNode(ds), eligible,
                    n -> fit.containsKey(n) && fit.get(n).shouldRun(), clock.instant());
            if (plan.duplicatesFound()) {
                enqueueAfter(key, Duration.ofSeconds(1));
            }
            if (!plan.podsToDelete().isEmpty() || !plan.nodesToCreate().isEmpty()) {
                writer.sync(ds, plan.podsToDelete(), plan.nodesToCreate(), hash);
            }
        }
        history.cleanup(ds, revisions, claimPods(ds));
        writeStatus(ds, nodeList, fit, hash);
    }

    private boolean satisfied(String key) {
        return creations.satisfied(key) && deletions.satisfied(key);
    }

    private static boolean isRollingUpdate(DaemonSet ds) {
        return ds.getSpec().getUpdateStrategy() == null || !"OnDelete".equals(ds.getSpec().getUpdateStrategy().getType());
    }

    private void writeStatus(DaemonSet ds, List<Node> nodeList, Map<String, NodeEligibility> fit, String hash) {
        var status = DaemonSetStatusWriter.compute(ds, nodeList, podsByNode(ds), hash, n -> fit.get(n.getMetadata().getName()), clock.instant());
        statusWriter.write(ds, status);
        int minReady = ds.getSpec().getMinReadySeconds() == null ? 0 : ds.getSpec().getMinReadySeconds();
        if (minReady > 0 && !Objects.equals(status.getNumberReady(), status.getNumberAvailable())) {
            enqueueAfter(Keys.of(ds), Duration.ofSeconds(minReady));
        }
    }

    /** The pods {@code ds} controls after adopting and releasing by selector. */
    private List<Pod> claimPods(DaemonSet ds) {
        var matches = Selectors.of(ds.getSpec().getSelector());
        return ControllerRefs.claim(ctx.api(), Pod.class, ds, p -> matches.test(p.getMetadata().getLabels()),
                pods.list(ds.getMetadata().getNamespace()), ControllerRefs.ownerStillCurrent(ctx.api(), ds));
    }

    /** The DaemonSet's pods by the node they target, leaving out terminal pods being deleted. */
    private Map<String, List<Pod>> podsByNode(DaemonSet ds) {
        Map<String, List<Pod>> byNode = new LinkedHashMap<>();
        for (Pod p : claimPods(ds)) {
            if (Pods.terminal(p) && p.getMetadata().getDeletionTimestamp() != null) {
                continue;
            }
            String node = DaemonPods.targetNode(p);
            if (node != null) {
                byNode.computeIfAbsent(node, n -> new ArrayList<>()).add(p);
            }
        }
        return byNode;
    }

    /** Upstream's manage: which nodes need a pod and which pods must go. */
    private void manage(DaemonSet ds, List<Node> nodeList, Map<String, NodeEligibility> fit, String hash) {
        Map<String, List<Pod>> byNode = podsByNode(ds);
        List<String> create = new ArrayList<>();
        List<String> delete = new ArrayList<>();
        boolean surge = isRollingUpdate(ds) && DaemonSetRollout.allowsSurge(ds);
        int minReady = ds.getSpec().getMinReadySeconds() == null ? 0 : ds.getSpec().getMinReadySeconds();
        for (Node node : nodeList) {
            String name = node.getMetadata().getName();
            NodeEligibility e = fit.get(name);
            List<Pod> onNode = byNode.get(name);
            if (e.shouldRun() && onNode == null) {
                create.add(name);
            } else if (e.shouldContinueRunning() && onNode != null) {
                List<Pod> running = new ArrayList<>();
                for (Pod p : onNode) {
                    if (p.getMetadata().getDeletionTimestamp() != null) {
                        continue;
                    }
                    if ("Failed".equals(Pods.phase(p))) {
                        String backoffKey = ds.getMetadata().getUid() + "/" + name;
                        Duration wait = backoff.remaining(backoffKey);
                        if (!wait.isZero()) {
                            enqueueAfter(Keys.of(ds), wait);
                            continue;
                        }
                        backoff.next(backoffKey);
                        events.eventf(ds, EventRecorder.WARNING, "FailedDaemonPod", "Found failed daemon pod %s/%s on node %s, will try to kill it",
                                p.getMetadata().getNamespace(), p.getMetadata().getName(), name);
                        delete.add(p.getMetadata().getName());
                    } else if ("Succeeded".equals(Pods.phase(p))) {
                        delete.add(p.getMetadata().getName());
                    } else {
                        running.add(p);
                    }
                }
                running.sort(OLDEST_FIRST);
                if (!surge) {
                    running.stream().skip(1).forEach(p -> delete.add(p.getMetadata().getName()));
                } else if (running.size() > 1) {
                    extraSurgePods(running, hash, minReady, delete);
                }
            } else if (!e.shouldContinueRunning() && onNode != null) {
                onNode.stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                        .forEach(p -> delete.add(p.getMetadata().getName()));
            }
        }
        // Unbound pods pinned to nodes that no longer exist (upstream's getUnscheduledPodsWithoutNode).
        Set<String> names = new HashSet<>(fit.keySet());
        byNode.forEach((node, list) -> {
            if (!names.contains(node)) {
                list.stream().filter(p -> !Pods.assigned(p) && p.getMetadata().getDeletionTimestamp() == null)
                        .forEach(p -> delete.add(p.getMetadata().getName()));
            }
        });
        writer.sync(ds, delete, create, hash);
    }

    /**
     * With surge, a node keeps its oldest new pod and its oldest old pod; the old one goes once it
     * is not ready or the new one is available.
     */
    private void extraSurgePods(List<Pod> running, String hash, int minReady, List<String> delete) {
        Pod oldestNew = null;
        Pod oldestOld = null;
        for (Pod p : running) {
            if (DaemonPods.updated(p, hash)) {
                if (oldestNew == null) {
                    oldestNew = p;
                    continue;
                }
            } else if (oldestOld == null) {
                oldestOld = p;
                continue;
            }
            delete.add(p.getMetadata().getName());
        }
        if (oldestNew != null && oldestOld != null
                && (!Pods.ready(oldestOld) || Pods.available(oldestNew, minReady, clock.instant()))) {
            delete.add(oldestOld.getMetadata().getName());
        }
    }

    /** Requeues the DaemonSets whose fit on a node changed (upstream's addNode/updateNode). */
    private final class NodeHandler implements ResourceEventHandler<Node> {
        @Override
        public void onAdd(Node node) {
            for (DaemonSet ds : sets.list()) {
                if (NodeEligibility.of(node, DaemonPods.withDefaultTolerations(ds.getSpec().getTemplate().getSpec())).shouldRun()) {
                    enqueue(ds);
                }
            }
        }

        @Override
        public void onUpdate(Node old, Node node) {
            if (Objects.equals(old.getMetadata().getLabels(), node.getMetadata().getLabels())
                    && Objects.equals(old.getSpec(), node.getSpec())) {
                return;
            }
            for (DaemonSet ds : sets.list()) {
                PodSpec spec = DaemonPods.withDefaultTolerations(ds.getSpec().getTemplate().getSpec());
                if (!NodeEligibility.of(old, spec).equals(NodeEligibility.of(node, spec))) {
                    enqueue(ds);
                }
            }
        }

        @Override
        public void onDelete(Node node, boolean unknown) {
            sets.list().forEach(DaemonSetController.this::enqueue);
        }
    }
}
