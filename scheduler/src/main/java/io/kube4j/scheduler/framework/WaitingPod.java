package io.kube4j.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A pod that a Permit plugin asked to Wait, as upstream's waitingPod: it is assumed on its node
 * and waits, before its binding cycle, until every plugin that said Wait has allowed it, one
 * plugin rejects it, or a plugin's timeout passes ("rejected due to timeout after waiting 10s at
 * plugin Gang"). Plugins find it through {@link WaitingPods} (e.g. a gang plugin allows all
 * members once the last one arrives).
 *
 * <p>Thread-safe: plugins allow or reject from any thread while the binding thread waits.
 */
public final class WaitingPod {

    private final Pod pod;
    private final String nodeName;
    private final InstantSource clock;
    /** Plugin name -> when its wait ends; a plugin leaves the map when it allows. */
    private final Map<String, Instant> pending = new LinkedHashMap<>();
    private final Map<String, Duration> timeouts = new LinkedHashMap<>();
    private final CompletableFuture<Status> verdict = new CompletableFuture<>();

    WaitingPod(Pod pod, String nodeName, Map<String, Duration> pluginTimeouts, InstantSource clock) {
        this.pod = pod;
        this.nodeName = nodeName;
        this.clock = clock;
        Instant now = clock.instant();
        pluginTimeouts.forEach((plugin, timeout) -> {
            pending.put(plugin, now.plus(timeout));
            timeouts.put(plugin, timeout);
        });
    }

    public Pod pod() {
        return pod;
    }

    /** The node the pod is assumed on. */
    public String nodeName() {
        return nodeName;
    }

    /** The plugins that have not allowed the pod yet. */
    public synchronized Set<String> pendingPlugins() {
        return Set.copyOf(pending.keySet());
    }

    /** {@code plugin} allows the pod; once every waiting plugin has, the pod goes on to bind. */
    public synchronized void allow(String plugin) {
        pending.remove(plugin);
        if (pending.isEmpty()) {
            verdict.complete(Status.success());
        }
    }

    /** {@code plugin} rejects the pod: it is un-assumed and goes back to the queue as unschedulable. */
    public void reject(String plugin, String message) {
        verdict.complete(Status.of(Code.UNSCHEDULABLE, message).withPlugin(plugin));
    }

    /**
     * Blocks until the verdict: Success once all plugins allowed, the rejection, or a timeout
     * rejection from the plugin whose wait ends first.
     */
    Status await() throws InterruptedException {
        while (true) {
            String first;
            Instant deadline;
            synchronized (this) {
                if (verdict.isDone()) {
                    return verdict.getNow(null);
                }
                first = null;
                deadline = null;
                for (Map.Entry<String, Instant> e : pending.entrySet()) {
                    if (deadline == null || e.getValue().isBefore(deadline)) {
                        first = e.getKey();
                        deadline = e.getValue();
                    }
                }
            }
            long left = Duration.between(clock.instant(), deadline).toNanos();
            try {
                return verdict.get(Math.max(left, 0), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                reject(first, "rejected due to timeout after waiting " + goDuration(timeouts.get(first))
                        + " at plugin " + first);
            } catch (ExecutionException e) {
                return Status.error(String.valueOf(e.getCause()));
            }
        }
    }

    /** Go's spelling of a duration, as upstream's messages print it: 500ms, 10s, 1m30s, 1h0m0s. */
    static String goDuration(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        if (d.compareTo(Duration.ofSeconds(1)) < 0) {
            long n = d.toNanos();
            return n % 1_000_000 == 0 ? n / 1_000_000 + "ms" : n % 1_000 == 0 ? n / 1_000 + "µs" : n + "ns";
        }
        long hours = d.toHours();
        int minutes = d.toMinutesPart();
        String seconds = d.toNanosPart() == 0 ? Integer.toString(d.toSecondsPart())
                : BigDecimal.valueOf(d.toSecondsPart()).add(BigDecimal.valueOf(d.toNanosPart(), 9))
                        .stripTrailingZeros().toPlainString();
        if (hours > 0) {
            return hours + "h" + minutes + "m" + seconds + "s";
        }
        return minutes > 0 ? minutes + "m" + seconds + "s" : seconds + "s";
    }
}
