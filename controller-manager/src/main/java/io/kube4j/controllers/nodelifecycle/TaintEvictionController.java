package io.kube4j.controllers.nodelifecycle;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kube4j.controllers.machinery.Api;
import io.kube4j.controllers.machinery.ApiErrors;
import io.kube4j.controllers.machinery.ControllerContext;
import io.kube4j.controllers.machinery.EventRecorder;
import io.kube4j.controllers.machinery.KeyedController;
import io.kube4j.controllers.machinery.Keys;
import io.kube4j.controllers.machinery.ObjectCache;
import io.kube4j.controllers.machinery.Pods;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Upstream's taint eviction controller ({@code taint-eviction-controller}): a pod on a node with
 * NoExecute taints it does not tolerate is deleted at once; one that tolerates them all with
 * tolerationSeconds is deleted once the smallest of those has passed, counted from the taints'
 * {@code timeAdded} (or, for taints without one, from when this controller first saw them); the
 * deletion is cancelled when the taints go or a toleration without seconds covers them. Before
 * deleting it adds the {@code DisruptionTarget} condition and records {@code TaintManagerEviction}.
 *
 * <p>Keyed by pod; {@link #sync} is level-triggered from the caches and re-queues itself for the
 * eviction time. Thread-safe.
 */
public final class TaintEvictionController extends KeyedController {

    public static final String NAME = "taint-eviction-controller";

    /** A pending eviction: when its clock started and when it fires. */
    private record Scheduled(Instant start, Instant deadline) {
    }

    private final ObjectCache<Pod> pods;
    private final ObjectCache<Node> nodes;
    private final Api api;
    private final EventRecorder recorder;
    private final InstantSource clock;
    private final Map<String, Scheduled> scheduled = new ConcurrentHashMap<>();

    public TaintEvictionController(ControllerContext ctx) {
        super(NAME, Math.max(1, ctx.options().concurrentSyncs()));
        this.pods = ctx.informers().cache(Pod.class);
        this.nodes = ctx.informers().cache(Node.class);
        PodsOnNode.index(pods);
        this.api = ctx.api();
        this.recorder = ctx.recorder(NAME);
        this.clock = ctx.clock();
        ctx.informers().addHandler(Pod.class, enqueueingHandler());
        ctx.informers().addHandler(Node.class, new ResourceEventHandler<Node>() {
            @Override
            public void onAdd(Node node) {
                if (!NodeTaints.noExecute(node).isEmpty()) {
                    enqueuePodsOf(node);
                }
            }

            @Override
            public void onUpdate(Node old, Node node) {
                if (!NodeTaints.noExecute(old).equals(NodeTaints.noExecute(node))) {
                    enqueuePodsOf(node);
                }
            }

            @Override
            public void onDelete(Node node, boolean unknown) {
                enqueuePodsOf(node);
            }
        });
    }

    private void enqueuePodsOf(Node node) {
        PodsOnNode.of(pods, node.getMetadata().getName()).forEach(this::enqueue);
    }

    @Override
    protected void sync(String key) {
        Pod pod = pods.get(Keys.namespace(key), Keys.name(key));
        if (pod == null || pod.getMetadata().getDeletionTimestamp() != null || !Pods.assigned(pod)) {
            scheduled.remove(key);
            return;
        }
        Node node = nodes.get(null, pod.getSpec().getNodeName());
        List<Taint> taints = node == null ? List.of() : NodeTaints.noExecute(node);
        if (taints.isEmpty()) {
            cancel(pod, key);
            return;
        }
        Instant now = clock.instant();
        Tolerations.Match match = Tolerations.matching(taints, pod.getSpec().getTolerations());
        if (!match.allTolerated()) {
            evict(pod, key);
            return;
        }
        Duration min = Tolerations.minTolerationTime(match.used());
        if (min == null) {
            cancel(pod, key);
            return;
        }
        Instant start = taintsAdded(taints, now);
        Scheduled before = scheduled.get(key);
        if (before != null && before.start().isBefore(start)) {
            start = before.start();
        }
        Instant deadline = start.plus(min);
        if (!now.isBefore(deadline)) {
            evict(pod, key);
            return;
        }
        scheduled.put(key, new Scheduled(start, deadline));
        enqueueAfter(key, Duration.between(now, deadline));
    }

    /** The earliest timeAdded of the taints; taints without one count from {@code now}. */
    private static Instant taintsAdded(List<Taint> taints, Instant now) {
        Instant earliest = now;
        for (Taint t : taints) {
            if (t.getTimeAdded() != null && !t.getTimeAdded().isEmpty()) {
                Instant added = OffsetDateTime.parse(t.getTimeAdded()).toInstant();
                if (added.isBefore(earliest)) {
                    earliest = added;
                }
            }
        }
        return earliest;
    }

    private void cancel(Pod pod, String key) {
        if (scheduled.remove(key) != null) {
            recorder.event(pod, EventRecorder.NORMAL, "TaintManagerEviction", "Cancelling deletion of Pod " + key);
        }
    }

    /** Upstream's addConditionAndDeletePod: the DisruptionTarget condition, then a delete with the server's grace. */
    private void evict(Pod cached, String key) {
        scheduled.remove(key);
        recorder.event(cached, EventRecorder.NORMAL, "TaintManagerEviction", "Marking for deletion Pod " + key);
        Pod pod = Serialization.clone(cached);
        List<PodCondition> conditions = pod.getStatus() == null || pod.getStatus().getConditions() == null
                ? new ArrayList<>() : new ArrayList<>(pod.getStatus().getConditions());
        boolean present = conditions.stream().anyMatch(c -> "DisruptionTarget".equals(c.getType()) && "True".equals(c.getStatus()));
        try {
            if (!present) {
                conditions.removeIf(c -> "DisruptionTarget".equals(c.getType()));
                conditions.add(new PodConditionBuilder().withType("DisruptionTarget").withStatus("True")
                        .withReason("DeletionByTaintManager").withMessage("Taint manager: deleting due to NoExecute taint")
                        .withLastTransitionTime(NodeHealthTracker.format(clock.instant())).build());
                // The whole list, so that a strategic merge (by type) and a plain merge agree.
                String body = Serialization.asJson(Map.of("metadata", Map.of("uid", pod.getMetadata().getUid()),
                        "status", Map.of("conditions", conditions)));
                api.patchStatus(Pod.class, pod.getMetadata().getNamespace(), pod.getMetadata().getName(),
                        Api.PatchKind.STRATEGIC_MERGE, body);
            }
            api.delete(Pod.class, pod.getMetadata().getNamespace(), pod.getMetadata().getName(),
                    Api.Deletion.uid(pod.getMetadata().getUid()));
        } catch (RuntimeException e) {
            if (!ApiErrors.notFound(e)) {
                throw e;
            }
        }
    }

    /** Whether an eviction of the pod is pending, for tests. */
    boolean pending(String key) {
        return scheduled.containsKey(key);
    }
}
