package io.kube4j.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;

import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The pods waiting at Permit in one framework, by namespace/name, as upstream's waitingPodsMap:
 * Permit plugins look their pods up here to allow or reject them. Thread-safe.
 */
public final class WaitingPods {

    /** Upstream's cap on any plugin's Permit wait. */
    public static final Duration MAX_TIMEOUT = Duration.ofMinutes(15);

    private final Map<String, WaitingPod> pods = new ConcurrentHashMap<>();
    private final InstantSource clock;

    public WaitingPods(InstantSource clock) {
        this.clock = clock;
    }

    /** The waiting pod with {@code key} (namespace/name), or null. */
    public WaitingPod get(String key) {
        return pods.get(key);
    }

    /** Every pod waiting now. */
    public List<WaitingPod> all() {
        return List.copyOf(pods.values());
    }

    /**
     * Registers {@code pod} as waiting on {@code pluginTimeouts} (each capped at {@link #MAX_TIMEOUT}).
     *
     * @throws IllegalStateException if a pod with the same key is already waiting
     */
    public WaitingPod add(Pod pod, String nodeName, Map<String, Duration> pluginTimeouts) {
        Map<String, Duration> capped = new java.util.LinkedHashMap<>();
        pluginTimeouts.forEach((plugin, t) -> capped.put(plugin, t.compareTo(MAX_TIMEOUT) > 0 ? MAX_TIMEOUT : t));
        WaitingPod waiting = new WaitingPod(pod, nodeName, capped, clock);
        if (pods.putIfAbsent(PodInfo.keyOf(pod), waiting) != null) {
            throw new IllegalStateException("pod " + PodInfo.keyOf(pod) + " is already waiting at Permit");
        }
        return waiting;
    }

    /**
     * Waits for the verdict on the pod with {@code key} and forgets it: Success when nothing waits
     * for it.
     */
    public Status await(String key) throws InterruptedException {
        WaitingPod waiting = pods.get(key);
        if (waiting == null) {
            return Status.success();
        }
        try {
            return waiting.await();
        } finally {
            pods.remove(key, waiting);
        }
    }
}
