package io.kube4j.kubelet.pod;

import io.kube4j.runtime.ContainerRuntime;
import io.kube4j.runtime.ContainerStatus;
import io.kube4j.runtime.RuntimeLabels;
import io.kube4j.runtime.SandboxStatus;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upstream's generic PLEG: lists the runtime's sandboxes and containers every period, compares
 * each pod's state (its instances and their states) with the previous listing, and reports the
 * UIDs of pods that changed. It also remembers which pods the runtime holds, with their names,
 * for the housekeeping of pods the kubelet no longer knows.
 *
 * <p>One virtual thread; {@link #close()} stops it. Thread-safe.
 */
final class Relister implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Relister.class);

    /** A pod the runtime holds, as its labels name it, with the grace period stamped on it. */
    record RuntimePodRef(String uid, String name, String namespace, long graceSeconds) {}

    private final ContainerRuntime runtime;
    private final Duration period;
    private final Consumer<String> changed;
    private final Thread thread;
    private volatile Map<String, RuntimePodRef> pods = Map.of();
    private volatile boolean closed;

    Relister(ContainerRuntime runtime, Duration period, Consumer<String> changed) {
        this.runtime = runtime;
        this.period = period;
        this.changed = changed;
        this.thread = Thread.ofVirtual().name("kubelet-relist").start(this::run);
    }

    /** The pods the last listing found. */
    Map<String, RuntimePodRef> pods() {
        return pods;
    }

    private void run() {
        Map<String, String> previous = new HashMap<>();
        while (!closed) {
            try {
                Map<String, String> now = new HashMap<>();
                Map<String, RuntimePodRef> refs = new HashMap<>();
                relist(runtime.listSandboxes(), runtime.listContainers(), now, refs);
                pods = Map.copyOf(refs);
                for (var e : now.entrySet()) {
                    if (!e.getValue().equals(previous.get(e.getKey()))) {
                        changed.accept(e.getKey());
                    }
                }
                for (String uid : previous.keySet()) {
                    if (!now.containsKey(uid)) {
                        changed.accept(uid);
                    }
                }
                previous = now;
            } catch (RuntimeException e) {
                log.warn("relisting the runtime failed: {}", e.toString());
            }
            try {
                Thread.sleep(period);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Each pod's fingerprint: its sandboxes' and containers' ids with their states, in a stable order. */
    static void relist(List<SandboxStatus> sandboxes, List<ContainerStatus> containers, Map<String, String> fingerprints,
            Map<String, RuntimePodRef> refs) {
        Map<String, TreeMap<String, String>> byPod = new HashMap<>();
        for (SandboxStatus s : sandboxes) {
            String uid = s.labels().get(RuntimeLabels.POD_UID);
            if (uid == null) {
                continue;
            }
            byPod.computeIfAbsent(uid, u -> new TreeMap<>()).put("s:" + s.id(), s.state().name());
            refs.putIfAbsent(uid, new RuntimePodRef(uid, s.labels().get(RuntimeLabels.POD_NAME),
                    s.labels().get(RuntimeLabels.POD_NAMESPACE), grace(s.config().annotations().get(RuntimeLabels.GRACE_PERIOD))));
        }
        for (ContainerStatus c : containers) {
            String uid = c.labels().get(RuntimeLabels.POD_UID);
            if (uid == null) {
                continue;
            }
            byPod.computeIfAbsent(uid, u -> new TreeMap<>()).put("c:" + c.id(), c.state().getClass().getSimpleName());
            refs.putIfAbsent(uid, new RuntimePodRef(uid, c.labels().get(RuntimeLabels.POD_NAME),
                    c.labels().get(RuntimeLabels.POD_NAMESPACE), grace(c.annotations().get(RuntimeLabels.GRACE_PERIOD))));
        }
        byPod.forEach((uid, states) -> fingerprints.put(uid, states.toString()));
    }

    private static long grace(String value) {
        try {
            return value == null ? 30 : Long.parseLong(value);
        } catch (NumberFormatException e) {
            return 30;
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
