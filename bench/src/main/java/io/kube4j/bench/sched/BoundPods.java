package io.kube4j.bench.sched;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;

/**
 * Watches one namespace's pods from now on and records when each first shows a node name (the
 * "bound" side of the measurement, seen as a client sees it) and when each is first seen in phase
 * Running (the kubelet's side, on hollow nodes). Thread-safe.
 */
final class BoundPods implements AutoCloseable {

    private final Set<String> bound = ConcurrentHashMap.newKeySet();
    private final Map<String, Long> boundAt = new ConcurrentHashMap<>();
    private final Map<String, Long> runningAt = new ConcurrentHashMap<>();
    private final KubernetesClient client;
    private final String namespace;
    private volatile Watch watch;
    private volatile boolean closed;
    private volatile long lastBoundNanos;
    private volatile long lastRunningNanos;
    private volatile java.util.function.Supplier<String> progress;

    /** Something to print each second while waiting (with -Dbench.progress=true). */
    void progress(java.util.function.Supplier<String> status) {
        this.progress = Boolean.getBoolean("bench.progress") ? status : null;
    }

    BoundPods(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
        this.watch = watch(null);
    }

    /**
     * Watches from {@code resourceVersion} (null: from now). A watch that falls behind the
     * apiserver's window at full size ends with 410 Gone; then the pods are listed (counting the
     * bound ones) and watched again from the list, so the count never stalls on a lost watch.
     */
    private Watch watch(String resourceVersion) {
        var pods = client.pods().inNamespace(namespace);
        return (resourceVersion == null ? pods : pods.withResourceVersion(resourceVersion)).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Pod pod) {
                see(pod);
            }

            @Override
            public void onClose(WatcherException cause) {
                if (cause != null && !closed) {
                    System.err.println("scheduler-bench: pod watch closed (" + cause.getMessage() + "): re-listing");
                    relist();
                }
            }
        });
    }

    /**
     * Waits until {@code count} pods were seen bound; progress stalls longer than {@code stall} fail.
     *
     * @return System.nanoTime() of the last first-bind seen
     */
    long await(int count, Duration stall) throws InterruptedException, TimeoutException {
        int last = -1;
        long lastChange = System.nanoTime();
        while (bound.size() < count) {
            int now = bound.size();
            if (now != last) {
                last = now;
                lastChange = System.nanoTime();
            } else if (System.nanoTime() - lastChange > stall.toNanos()) {
                throw new TimeoutException(now + "/" + count + " pods bound, none more in " + stall.toSeconds() + " s");
            }
            Thread.sleep(20);
            if (progress != null && (System.nanoTime() / 20_000_000) % 50 == 0) {
                System.err.println("bench: bound " + bound.size() + "/" + count + ", queue " + progress.get());
            }
        }
        return lastBoundNanos;
    }

    private void relist() {
        var list = client.pods().inNamespace(namespace).list();
        list.getItems().forEach(this::see);
        watch = watch(list.getMetadata().getResourceVersion());
    }

    private void see(Pod pod) {
        long now = System.nanoTime();
        String name = pod.getMetadata().getName();
        if (pod.getSpec() != null && pod.getSpec().getNodeName() != null && bound.add(name)) {
            boundAt.put(name, now);
            lastBoundNanos = now;
        }
        if (pod.getStatus() != null && "Running".equals(pod.getStatus().getPhase()) && runningAt.putIfAbsent(name, now) == null) {
            lastRunningNanos = now;
        }
    }

    /**
     * Waits until {@code count} pods were seen Running; progress stalls longer than {@code stall} fail.
     *
     * @return System.nanoTime() of the last first-Running seen
     */
    long awaitRunning(int count, Duration stall) throws InterruptedException, TimeoutException {
        int last = -1;
        long lastChange = System.nanoTime();
        while (runningAt.size() < count) {
            int now = runningAt.size();
            if (now != last) {
                last = now;
                lastChange = System.nanoTime();
            } else if (System.nanoTime() - lastChange > stall.toNanos()) {
                throw new TimeoutException(now + "/" + count + " pods Running, none more in " + stall.toSeconds() + " s; "
                        + notRunningSample());
            }
            Thread.sleep(20);
        }
        return lastRunningNanos;
    }

    /** Up to three pods not seen Running, as the apiserver has them now (for the failure message). */
    private String notRunningSample() {
        try {
            return client.pods().inNamespace(namespace).list().getItems().stream()
                    .filter(p -> !runningAt.containsKey(p.getMetadata().getName())).limit(3)
                    .map(p -> p.getMetadata().getName() + " on " + p.getSpec().getNodeName() + ": phase "
                            + (p.getStatus() == null ? null : p.getStatus().getPhase()) + ", conditions "
                            + (p.getStatus() == null ? null : p.getStatus().getConditions()))
                    .toList().toString();
        } catch (RuntimeException e) {
            return "(could not list: " + e + ")";
        }
    }

    /** For each pod seen both bound and Running: milliseconds between the two sightings, sorted. */
    List<Double> boundToRunningMillis() {
        List<Double> out = new ArrayList<>();
        runningAt.forEach((name, running) -> {
            Long b = boundAt.get(name);
            if (b != null) {
                out.add(Math.max(0, running - b) / 1e6);
            }
        });
        out.sort(null);
        return out;
    }

    int count() {
        return bound.size();
    }

    @Override
    public void close() {
        closed = true;
        watch.close();
    }
}
