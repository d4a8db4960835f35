package io.kube4j.controllers.nodelifecycle;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.kube4j.controllers.machinery.Api;
import io.kube4j.controllers.machinery.ControllerContext;
import io.kube4j.controllers.machinery.ControllerOptions;
import io.kube4j.controllers.machinery.EventRecorder;
import io.kube4j.controllers.machinery.KeyedController;
import io.kube4j.controllers.machinery.ObjectCache;
import io.kube4j.controllers.machinery.Periodic;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upstream's node lifecycle controller ({@code node-lifecycle-controller}, alias
 * {@code nodelifecycle}). Every {@code nodeMonitorPeriod} it checks each node's heartbeats (see
 * {@link NodeHealthTracker}): a node silent past its grace period gets every condition Unknown and
 * its pods marked not ready. Nodes whose Ready condition is False or Unknown are queued, per zone and
 * at the eviction rate, for the {@code not-ready} / {@code unreachable} NoExecute taint (which the
 * taint eviction controller acts on); Ready nodes lose both. When every zone is fully disrupted
 * (no node Ready) it stops tainting and untaints, as upstream. Its keyed workers keep the
 * condition-derived NoSchedule taints (TaintNodesByCondition) and {@code unschedulable} in line.
 *
 * <p>Thread-safe: the monitor and tainting passes are serialised on this object; the keyed workers
 * only patch taints, retrying conflicts.
 */
public final class NodeLifecycleController extends KeyedController {

    private static final Logger LOG = LoggerFactory.getLogger(NodeLifecycleController.class);

    public static final String NAME = "node-lifecycle-controller";
    /** Upstream's --node-eviction-rate, --secondary-node-eviction-rate, --large-cluster-size-threshold. */
    static final double EVICTION_QPS = 0.1;
    static final double SECONDARY_EVICTION_QPS = 0.01;
    static final int LARGE_CLUSTER_THRESHOLD = 50;
    static final String EXCLUDE_DISRUPTION = "node.kubernetes.io/exclude-disruption";
    static final Duration TAINTING_PERIOD = Duration.ofMillis(100);

    private final ObjectCache<Node> nodes;
    private final ObjectCache<Lease> leases;
    private final ObjectCache<Pod> pods;
    private final Api api;
    private final EventRecorder recorder;
    private final InstantSource clock;
    private final ControllerOptions options;
    private final TaintWriter taints;
    private final NodeHealthTracker tracker;
    private final Map<String, Node> known = new LinkedHashMap<>();
    private final Map<String, ZoneState> zoneStates = new HashMap<>();
    private final Map<String, ZoneTainter> tainters = new HashMap<>();
    private Periodic monitor;
    private Periodic tainting;

    public NodeLifecycleController(ControllerContext ctx) {
        super(NAME, Math.max(1, ctx.options().concurrentSyncs()));
        this.nodes = ctx.informers().cache(Node.class);
        this.leases = ctx.informers().cache(Lease.class);
        this.pods = ctx.informers().cache(Pod.class);
        PodsOnNode.index(pods);
        this.api = ctx.api();
        this.recorder = ctx.recorder("node-controller");
        this.clock = ctx.clock();
        this.options = ctx.options();
        this.taints = new TaintWriter(api);
        this.tracker = new NodeHealthTracker(api, options);
        ctx.informers().addHandler(Node.class, enqueueingHandler());
    }

    @Override
    public synchronized void start() {
        super.start();
        monitor = Periodic.every(NAME + "-monitor", options.nodeMonitorPeriod(), this::monitorNodeHealth);
        tainting = Periodic.every(NAME + "-tainting", TAINTING_PERIOD, this::noExecuteTaintingPass);
    }

    @Override
    public void close() {
        synchronized (this) {
            if (monitor != null) {
                monitor.close();
                tainting.close();
            }
        }
        super.close();
    }

    /** Keeps the node's condition-derived NoSchedule taints in line with its conditions and spec.unschedulable. */
    @Override
    protected void sync(String key) {
        Node node = nodes.get(null, key);
        if (node == null) {
            return;
        }
        List<Taint> desired = NodeTaints.desiredConditionTaints(node);
        List<Taint> present = NodeTaints.of(node).stream()
                .filter(t -> NodeTaints.NO_SCHEDULE.equals(t.getEffect()) && NodeTaints.CONDITION_TAINT_KEYS.contains(t.getKey()))
                .toList();
        if (NodeTaints.sameKeys(desired, present)) {
            return;
        }
        taints.update(node, n -> NodeTaints.withConditionTaints(n, NodeTaints.desiredConditionTaints(n)));
    }

    /** One monitor pass (upstream's monitorNodeHealth); public for tests, which drive it with their clock. */
    public synchronized void monitorNodeHealth() {
        Instant now = clock.instant();
        List<Node> all = nodes.list();
        Map<String, Node> current = new LinkedHashMap<>();
        all.forEach(n -> current.put(n.getMetadata().getName(), n));
        for (Node n : all) {
            if (!known.containsKey(n.getMetadata().getName())) {
                recordNodeEvent(n, "RegisteredNode", "Registered Node " + n.getMetadata().getName() + " in Controller");
                tainters.computeIfAbsent(ZoneState.zoneOf(n), z -> new ZoneTainter(clock, EVICTION_QPS));
            }
        }
        for (Node gone : new ArrayList<>(known.values())) {
            String name = gone.getMetadata().getName();
            if (!current.containsKey(name)) {
                recordNodeEvent(gone, "RemovingNode", "Removing Node " + name + " from Controller");
                tracker.forget(name);
                ZoneTainter t = tainters.get(ZoneState.zoneOf(gone));
                if (t != null) {
                    t.remove(name);
                }
            }
        }
        known.clear();
        known.putAll(current);

        Map<String, List<NodeCondition>> zoneConditions = new LinkedHashMap<>();
        for (Node node : all) {
            NodeHealthTracker.Result r;
            try {
                r = tracker.observe(node, leases.get("kube-node-lease", node.getMetadata().getName()), now);
            } catch (RuntimeException e) {
                LOG.info("{}: updating health of node {} failed, retrying next pass: {}", NAME, node.getMetadata().getName(), e.toString());
                continue;
            }
            Map<String, String> labels = node.getMetadata().getLabels();
            if (labels == null || !labels.containsKey(EXCLUDE_DISRUPTION)) {
                zoneConditions.computeIfAbsent(ZoneState.zoneOf(node), z -> new ArrayList<>()).add(r.current());
            }
            if (r.current() == null) {
                continue;
            }
            try {
                processTaintBasedEviction(r.node(), r.observed());
            } catch (RuntimeException e) {
                LOG.info("{}: tainting node {} failed: {}", NAME, node.getMetadata().getName(), e.toString());
            }
            if (!"True".equals(r.current().getStatus()) && "True".equals(r.observed().getStatus())) {
                recorder.event(node, EventRecorder.NORMAL, "NodeNotReady",
                        "Node " + node.getMetadata().getName() + " status is now: NodeNotReady");
                PodReadiness.markNotReady(api, recorder, PodsOnNode.of(pods, node.getMetadata().getName()),
                        node.getMetadata().getName(), NodeHealthTracker.format(now));
            }
        }
        handleDisruption(zoneConditions, all, now);
    }

    /** Upstream's processTaintBaseEviction: swap at once when the other taint is there, else queue for the rate-limited pass. */
    private void processTaintBasedEviction(Node node, NodeCondition observed) {
        String name = node.getMetadata().getName();
        ZoneTainter tainter = tainters.computeIfAbsent(ZoneState.zoneOf(node), z -> new ZoneTainter(clock, EVICTION_QPS));
        switch (observed.getStatus()) {
            case "False" -> {
                if (NodeTaints.has(node, NodeTaints.UNREACHABLE, NodeTaints.NO_EXECUTE)) {
                    taints.swap(node, noExecute(NodeTaints.NOT_READY), List.of(noExecute(NodeTaints.UNREACHABLE)));
                } else {
                    tainter.add(name);
                }
            }
            case "Unknown" -> {
                if (NodeTaints.has(node, NodeTaints.NOT_READY, NodeTaints.NO_EXECUTE)) {
                    taints.swap(node, noExecute(NodeTaints.UNREACHABLE), List.of(noExecute(NodeTaints.NOT_READY)));
                } else {
                    tainter.add(name);
                }
            }
            case "True" -> markReachable(node);
            default -> {
            }
        }
    }

    private void markReachable(Node node) {
        taints.swap(node, null, List.of(noExecute(NodeTaints.UNREACHABLE), noExecute(NodeTaints.NOT_READY)));
        ZoneTainter tainter = tainters.get(ZoneState.zoneOf(node));
        if (tainter != null) {
            tainter.remove(node.getMetadata().getName());
        }
    }

    /** Upstream's doNoExecuteTaintingPass: taints queued nodes as their zone's rate allows; public for tests. */
    public synchronized void noExecuteTaintingPass() {
        for (ZoneTainter tainter : tainters.values()) {
            tainter.tryRun(name -> {
                Node node = nodes.get(null, name);
                if (node == null) {
                    return true;
                }
                NodeCondition ready = NodeTaints.condition(node, "Ready");
                String status = ready == null ? "Unknown" : ready.getStatus();
                try {
                    return switch (status) {
                        case "False" -> taints.swap(node, noExecute(NodeTaints.NOT_READY), List.of(noExecute(NodeTaints.UNREACHABLE))) || true;
                        case "Unknown" -> taints.swap(node, noExecute(NodeTaints.UNREACHABLE), List.of(noExecute(NodeTaints.NOT_READY))) || true;
                        default -> true;
                    };
                } catch (RuntimeException e) {
                    LOG.info("{}: tainting node {} failed, will retry: {}", NAME, name, e.toString());
                    return false;
                }
            });
        }
    }

    /** Upstream's handleDisruption: per-zone states and rates; in a full disruption of every zone, no tainting at all. */
    private void handleDisruption(Map<String, List<NodeCondition>> zoneConditions, List<Node> all, Instant now) {
        Map<String, ZoneState> next = new HashMap<>();
        boolean allFull = true;
        for (var e : zoneConditions.entrySet()) {
            ZoneState s = ZoneState.of(e.getValue());
            allFull &= s == ZoneState.FULL_DISRUPTION;
            next.put(e.getKey(), s);
            zoneStates.putIfAbsent(e.getKey(), ZoneState.INITIAL);
        }
        boolean allWereFull = true;
        for (var it = zoneStates.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (!zoneConditions.containsKey(e.getKey())) {
                it.remove();
            } else if (e.getValue() != ZoneState.FULL_DISRUPTION) {
                allWereFull = false;
            }
        }
        if (allFull && allWereFull) {
            return;
        }
        if (allFull) {
            LOG.info("{}: every node is not Ready; entering master disruption mode (no tainting)", NAME);
            for (Node n : all) {
                try {
                    markReachable(n);
                } catch (RuntimeException e) {
                    LOG.info("{}: untainting node {} failed: {}", NAME, n.getMetadata().getName(), e.toString());
                }
            }
            zoneStates.keySet().forEach(z -> tainter(z).swapRate(0));
            zoneStates.replaceAll((z, s) -> ZoneState.FULL_DISRUPTION);
            return;
        }
        if (allWereFull) {
            LOG.info("{}: some nodes are Ready again; leaving master disruption mode", NAME);
            tracker.resetProbes(now);
            for (String z : zoneStates.keySet()) {
                setRate(z, zoneConditions.get(z).size(), next.get(z));
                zoneStates.put(z, next.get(z));
            }
            return;
        }
        for (String z : zoneStates.keySet()) {
            if (zoneStates.get(z) != next.get(z)) {
                LOG.info("{}: zone {} is now {}", NAME, z.replace("\u0000", ""), next.get(z));
                setRate(z, zoneConditions.get(z).size(), next.get(z));
                zoneStates.put(z, next.get(z));
            }
        }
    }

    private void setRate(String zone, int zoneSize, ZoneState state) {
        double qps = switch (state) {
            case PARTIAL_DISRUPTION -> zoneSize > LARGE_CLUSTER_THRESHOLD ? SECONDARY_EVICTION_QPS : 0;
            default -> EVICTION_QPS;
        };
        tainter(zone).swapRate(qps);
    }

    private ZoneTainter tainter(String zone) {
        return tainters.computeIfAbsent(zone, z -> new ZoneTainter(clock, EVICTION_QPS));
    }

    /** The zone states, for tests. */
    synchronized Map<String, ZoneState> zoneStates() {
        return Map.copyOf(zoneStates);
    }

    private Taint noExecute(String key) {
        return NodeTaints.taint(key, NodeTaints.NO_EXECUTE, NodeHealthTracker.format(clock.instant()));
    }

    private void recordNodeEvent(Node node, String reason, String what) {
        recorder.event(node, EventRecorder.NORMAL, reason, "Node " + node.getMetadata().getName() + " event: " + what);
    }
}
