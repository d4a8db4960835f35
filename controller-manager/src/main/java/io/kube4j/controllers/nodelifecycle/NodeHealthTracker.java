package io.kube4j.controllers.nodelifecycle;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kube4j.controllers.machinery.Api;
import io.kube4j.controllers.machinery.ApiErrors;
import io.kube4j.controllers.machinery.ControllerOptions;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Upstream's tryUpdateNodeHealth: remembers, per node, when this controller last saw its kubelet's
 * heartbeat (the Ready condition's lastHeartbeatTime or its Lease's renewTime) change, and once
 * that is older than the grace period sets every node condition to Unknown. Not thread-safe: the
 * node lifecycle controller calls it from its monitor pass only.
 */
final class NodeHealthTracker {

    /** The conditions the controller turns Unknown, as upstream's nodeConditionsToMarkUnknown (Ready first). */
    static final List<String> CONDITIONS = List.of("Ready", "MemoryPressure", "DiskPressure", "PIDPressure");

    /** What one pass learnt of a node: its Ready condition before ({@code observed}) and after ({@code current}) the pass. */
    record Result(Node node, NodeCondition observed, NodeCondition current) {
    }

    private final Api api;
    private final ControllerOptions options;
    private final Map<String, NodeHealth> health = new HashMap<>();

    NodeHealthTracker(Api api, ControllerOptions options) {
        this.api = api;
        this.options = options;
    }

    void forget(String node) {
        health.remove(node);
    }

    /** Restarts the grace period of every known node at {@code now} (leaving full disruption). */
    void resetProbes(Instant now) {
        health.replaceAll((n, h) -> h.withProbe(now).withReadyTransition(now));
    }

    NodeHealth get(String node) {
        return health.get(node);
    }

    /** Observes {@code node} (and its Lease, may be null) at {@code now}, writing Unknown conditions when it is silent too long. */
    Result observe(Node node, Lease lease, Instant now) {
        NodeCondition ready = NodeTaints.condition(node, "Ready");
        NodeCondition observed;
        Duration grace;
        if (ready == null) {
            String created = node.getMetadata().getCreationTimestamp();
            observed = new NodeConditionBuilder().withType("Ready").withStatus("Unknown")
                    .withLastHeartbeatTime(created).withLastTransitionTime(created).build();
            grace = options.nodeStartupGracePeriod();
        } else {
            observed = Serialization.clone(ready);
            grace = options.nodeMonitorGracePeriod();
        }
        String name = node.getMetadata().getName();
        String heartbeat = ready == null ? null : ready.getLastHeartbeatTime();
        String transition = ready == null ? null : ready.getLastTransitionTime();
        NodeHealth saved = health.get(name);
        if (saved == null) {
            saved = new NodeHealth(now, now, heartbeat, transition, null);
        } else if (saved.readyHeartbeat() == null && ready != null) {
            saved = new NodeHealth(now, now, heartbeat, transition, saved.leaseRenewTime());
        } else if (ready != null && !Objects.equals(saved.readyHeartbeat(), heartbeat)) {
            Instant transitionSeen = Objects.equals(saved.readyTransition(), transition) ? saved.readyTransitionTimestamp() : now;
            saved = new NodeHealth(now, transitionSeen, heartbeat, transition, saved.leaseRenewTime());
        }
        Instant renew = renewTime(lease);
        if (renew != null && (saved.leaseRenewTime() == null || saved.leaseRenewTime().isBefore(renew))) {
            saved = new NodeHealth(now, saved.readyTransitionTimestamp(), saved.readyHeartbeat(), saved.readyTransition(), renew);
        }
        health.put(name, saved);

        Node current = node;
        if (now.isAfter(saved.probeTimestamp().plus(grace))) {
            Node updated = markUnknown(node, now);
            if (updated != null) {
                current = updated;
                NodeCondition after = NodeTaints.condition(current, "Ready");
                boolean transitioned = after != null && !after.getStatus().equals(observed.getStatus());
                health.put(name, new NodeHealth(saved.probeTimestamp(),
                        transitioned ? now : saved.readyTransitionTimestamp(),
                        after == null ? null : after.getLastHeartbeatTime(),
                        after == null ? null : after.getLastTransitionTime(), saved.leaseRenewTime()));
            }
        }
        return new Result(current, observed, NodeTaints.condition(current, "Ready"));
    }

    /** Sets the conditions Unknown and writes the status; null when nothing changed or the node is gone. */
    private Node markUnknown(Node node, Instant now) {
        Node copy = Serialization.clone(node);
        if (copy.getStatus() == null) {
            copy.setStatus(new io.fabric8.kubernetes.api.model.NodeStatus());
        }
        List<NodeCondition> conditions = copy.getStatus().getConditions() == null
                ? new ArrayList<>() : new ArrayList<>(copy.getStatus().getConditions());
        String stamp = format(now);
        boolean changed = false;
        for (String type : CONDITIONS) {
            NodeCondition c = conditions.stream().filter(x -> type.equals(x.getType())).findFirst().orElse(null);
            if (c == null) {
                conditions.add(new NodeConditionBuilder().withType(type).withStatus("Unknown")
                        .withReason("NodeStatusNeverUpdated").withMessage("Kubelet never posted node status.")
                        .withLastHeartbeatTime(node.getMetadata().getCreationTimestamp()).withLastTransitionTime(stamp).build());
                changed = true;
            } else if (!"Unknown".equals(c.getStatus())) {
                c.setStatus("Unknown");
                c.setReason("NodeStatusUnknown");
                c.setMessage("Kubelet stopped posting node status.");
                c.setLastTransitionTime(stamp);
                changed = true;
            }
        }
        if (!changed) {
            return null;
        }
        copy.getStatus().setConditions(conditions);
        try {
            return api.updateStatus(copy);
        } catch (RuntimeException e) {
            if (ApiErrors.notFound(e)) {
                return null;
            }
            throw e;
        }
    }

    static Instant renewTime(Lease lease) {
        if (lease == null || lease.getSpec() == null || lease.getSpec().getRenewTime() == null) {
            return null;
        }
        return lease.getSpec().getRenewTime().toInstant();
    }

    static String format(Instant t) {
        return DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.SECONDS));
    }
}
