package io.kube4j.controllers.endpoints;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Service;
import io.kube4j.controllers.machinery.Pods;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Upstream's TriggerTimeTracker, the source of the {@code endpoints.kubernetes.io/last-change-trigger-time}
 * annotation: per service it remembers the trigger times seen at the last sync (each pod's Ready
 * transition time, the service's creation time) and reports the earliest one that is new since then,
 * i.e. when the change this sync publishes first happened. Null when nothing new triggered the sync.
 *
 * <p>Thread-safe; calls for one service are serialized by the work queue.
 */
final class TriggerTimeTracker {

    static final String ANNOTATION = "endpoints.kubernetes.io/last-change-trigger-time";

    private record State(Map<String, Instant> podTimes, Instant serviceTime) {
    }

    private final ConcurrentHashMap<String, State> states = new ConcurrentHashMap<>();

    /** The earliest new trigger time of {@code service} given its current {@code pods}, or null. */
    Instant compute(String serviceKey, Service service, List<Pod> pods) {
        State previous = states.getOrDefault(serviceKey, new State(Map.of(), null));
        Instant min = null;
        Map<String, Instant> podTimes = new HashMap<>();
        for (Pod p : pods) {
            Instant t = readyTransition(p);
            if (t == null) {
                continue;
            }
            podTimes.put(p.getMetadata().getName(), t);
            Instant before = previous.podTimes().get(p.getMetadata().getName());
            if (before == null || t.isAfter(before)) {
                min = earliest(min, t);
            }
        }
        Instant serviceTime = parse(service.getMetadata().getCreationTimestamp());
        if (serviceTime != null && (previous.serviceTime() == null || serviceTime.isAfter(previous.serviceTime()))) {
            min = earliest(min, serviceTime);
        }
        states.put(serviceKey, new State(Map.copyOf(podTimes), serviceTime));
        return min;
    }

    /** Forgets a deleted service. */
    void delete(String serviceKey) {
        states.remove(serviceKey);
    }

    private static Instant readyTransition(Pod pod) {
        PodCondition c = Pods.condition(pod, "Ready");
        return c == null ? null : parse(c.getLastTransitionTime());
    }

    private static Instant earliest(Instant a, Instant b) {
        return a == null || b.isBefore(a) ? b : a;
    }

    private static Instant parse(String time) {
        return time == null || time.isEmpty() ? null : Instant.parse(time);
    }
}
