package io.kube4j.controllers.podgc;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kube4j.controllers.machinery.Api;
import io.kube4j.controllers.machinery.ApiErrors;
import io.kube4j.controllers.machinery.Controller;
import io.kube4j.controllers.machinery.ControllerContext;
import io.kube4j.controllers.machinery.Keys;
import io.kube4j.controllers.machinery.ObjectCache;
import io.kube4j.controllers.machinery.Periodic;
import io.kube4j.controllers.machinery.Pods;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upstream's pod garbage collector ({@code pod-garbage-collector-controller}, alias {@code podgc}).
 * Every 20 s it force-deletes (grace 0): the oldest terminated pods beyond
 * {@code terminatedPodGcThreshold} (none when the threshold is 0 or less); terminating pods on
 * not-Ready nodes tainted {@code node.kubernetes.io/out-of-service}; pods bound to nodes that are
 * gone — once the node has been missing from the cache for 40 s and a live read confirms it —
 * after marking them Failed with the {@code DisruptionTarget} condition; and terminating pods never
 * scheduled. Pods not yet terminal are patched to Failed first, as upstream, since no kubelet will.
 *
 * <p>Thread-safe: passes are serialised on this object.
 */
public final class PodGcController implements Controller {

    private static final Logger LOG = LoggerFactory.getLogger(PodGcController.class);

    public static final String NAME = "pod-garbage-collector-controller";
    static final Duration GC_PERIOD = Duration.ofSeconds(20);
    static final Duration QUARANTINE = Duration.ofSeconds(40);
    static final String OUT_OF_SERVICE = "node.kubernetes.io/out-of-service";

    private final ObjectCache<Pod> pods;
    private final ObjectCache<Node> nodes;
    private final Api api;
    private final InstantSource clock;
    private final int threshold;
    /** Node names seen missing from the cache, with when they were first seen missing. */
    private final Map<String, Instant> quarantine = new HashMap<>();
    private Periodic periodic;

    public PodGcController(ControllerContext ctx) {
        this.pods = ctx.informers().cache(Pod.class);
        this.nodes = ctx.informers().cache(Node.class);
        this.api = ctx.api();
        this.clock = ctx.clock();
        this.threshold = ctx.options().terminatedPodGcThreshold();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public synchronized void start() {
        periodic = Periodic.every(NAME, GC_PERIOD, this::gc);
    }

    @Override
    public synchronized void close() {
        if (periodic != null) {
            periodic.close();
        }
    }

    /** One pass; public for tests, which drive it with their clock. */
    public synchronized void gc() {
        List<Pod> all = pods.list();
        if (threshold > 0) {
            gcTerminated(all);
        }
        gcTerminatingOutOfService(all);
        gcOrphaned(all);
        gcUnscheduledTerminating(all);
    }

    private void gcTerminated(List<Pod> all) {
        List<Pod> terminated = all.stream().filter(PodGcController::terminated).toList();
        int excess = terminated.size() - threshold;
        if (excess <= 0) {
            return;
        }
        LOG.info("{}: garbage collecting {} terminated pods", NAME, excess);
        terminated.stream().sorted(EVICTED_THEN_OLDEST).limit(excess).forEach(p -> forceDelete(p, null));
    }

    private void gcTerminatingOutOfService(List<Pod> all) {
        all.stream().filter(p -> p.getMetadata().getDeletionTimestamp() != null && Pods.assigned(p))
                .filter(p -> {
                    Node n = nodes.get(null, p.getSpec().getNodeName());
                    return n != null && !nodeReady(n) && n.getSpec() != null && n.getSpec().getTaints() != null
                            && n.getSpec().getTaints().stream().anyMatch(t -> OUT_OF_SERVICE.equals(t.getKey()));
                })
                .sorted(EVICTED_THEN_OLDEST).forEach(p -> forceDelete(p, null));
    }

    private void gcOrphaned(List<Pod> all) {
        Set<String> existing = new HashSet<>();
        nodes.list().forEach(n -> existing.add(n.getMetadata().getName()));
        Instant now = clock.instant();
        quarantine.keySet().removeIf(existing::contains);
        for (Pod p : all) {
            if (Pods.assigned(p) && !existing.contains(p.getSpec().getNodeName())) {
                quarantine.putIfAbsent(p.getSpec().getNodeName(), now);
            }
        }
        Set<String> deleted = new HashSet<>();
        for (var it = quarantine.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (now.isBefore(e.getValue().plus(QUARANTINE))) {
                continue;
            }
            it.remove();
            try {
                if (api.get(Node.class, null, e.getKey()) == null) {
                    deleted.add(e.getKey());
                }
            } catch (RuntimeException ex) {
                LOG.info("{}: checking whether node {} exists failed: {}", NAME, e.getKey(), ex.toString());
            }
        }
        if (deleted.isEmpty()) {
            return;
        }
        PodCondition gone = new PodConditionBuilder().withType("DisruptionTarget").withStatus("True")
                .withReason("DeletionByPodGC").withMessage("PodGC: node no longer exists").build();
        all.stream().filter(p -> Pods.assigned(p) && deleted.contains(p.getSpec().getNodeName()))
                .forEach(p -> forceDelete(p, gone));
    }

    private void gcUnscheduledTerminating(List<Pod> all) {
        all.stream().filter(p -> p.getMetadata().getDeletionTimestamp() != null && !Pods.assigned(p))
                .forEach(p -> forceDelete(p, null));
    }

    /** Upstream's markFailedAndDeletePodWithCondition: Failed (and the condition) unless already terminal, then delete with grace 0. */
    private void forceDelete(Pod pod, PodCondition condition) {
        String key = Keys.of(pod);
        LOG.info("{}: force deleting pod {}", NAME, key);
        try {
            if (!Pods.terminal(pod)) {
                Map<String, Object> status = new LinkedHashMap<>();
                status.put("phase", "Failed");
                if (condition != null) {
                    status.put("conditions", withCondition(pod, condition));
                }
                String body = Serialization.asJson(Map.of("metadata", Map.of("uid", pod.getMetadata().getUid()), "status", status));
                api.patchStatus(Pod.class, pod.getMetadata().getNamespace(), pod.getMetadata().getName(), Api.PatchKind.STRATEGIC_MERGE, body);
            }
            api.delete(Pod.class, pod.getMetadata().getNamespace(), pod.getMetadata().getName(),
                    Api.Deletion.uid(pod.getMetadata().getUid()).withGracePeriod(0L));
        } catch (RuntimeException e) {
            if (!ApiErrors.notFound(e)) {
                LOG.info("{}: force deleting pod {} failed: {}", NAME, key, e.toString());
            }
        }
    }

    private List<PodCondition> withCondition(Pod pod, PodCondition condition) {
        List<PodCondition> out = new ArrayList<>();
        if (pod.getStatus() != null && pod.getStatus().getConditions() != null) {
            pod.getStatus().getConditions().stream().filter(c -> !condition.getType().equals(c.getType()))
                    .map(Serialization::clone).forEach(out::add);
        }
        PodCondition c = Serialization.clone(condition);
        c.setLastTransitionTime(DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(ChronoUnit.SECONDS)));
        out.add(c);
        return out;
    }

    /** Upstream's isPodTerminated: any phase but Pending, Running and Unknown (a pod with no phase yet is not). */
    static boolean terminated(Pod pod) {
        String phase = Pods.phase(pod);
        return !phase.isEmpty() && !phase.equals("Pending") && !phase.equals("Running") && !phase.equals("Unknown");
    }

    private static boolean nodeReady(Node node) {
        return node.getStatus() != null && node.getStatus().getConditions() != null && node.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /** Upstream's byEvictionAndCreationTimestamp: evicted pods first, then the oldest. */
    static final Comparator<Pod> EVICTED_THEN_OLDEST = Comparator
            .comparing((Pod p) -> !"Evicted".equals(p.getStatus() == null ? null : p.getStatus().getReason()))
            .thenComparing(p -> Objects.requireNonNullElse(p.getMetadata().getCreationTimestamp(), ""))
            .thenComparing(p -> p.getMetadata().getName());
}
