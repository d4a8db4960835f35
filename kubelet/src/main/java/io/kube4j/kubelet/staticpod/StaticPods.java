package io.kube4j.kubelet.staticpod;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's static pods from its manifest path (upstream's file source, --pod-manifest-path):
 * read at start, on every change the filesystem reports for the directory, and every re-read period
 * (--file-check-frequency, 20 s) in any case. Each difference is handed to the listener as
 * {@link StaticPodChange}s, removals before additions, on this source's own thread; a pod first
 * seen gets {@code kubernetes.io/config.seen}. A manifest that cannot be read or is invalid is
 * logged; if it held a pod before, that pod keeps running (a half-written file does not kill it).
 *
 * <p>Thread-safe. Owns one virtual thread and a watch service; {@link #close()} stops them.
 */
public final class StaticPods implements AutoCloseable {

    public static final Duration DEFAULT_PERIOD = Duration.ofSeconds(20);
    private static final Logger LOG = LoggerFactory.getLogger(StaticPods.class);
    private static final Duration SETTLE = Duration.ofMillis(100);

    private final Path path;
    private final String nodeName;
    private final Duration period;
    private final Consumer<StaticPodChange> listener;
    private final Thread thread;
    /** UID → pod, and file → UID, as last read. Guarded by this. */
    private final Map<String, Pod> pods = new LinkedHashMap<>();
    private final Map<Path, String> byFile = new LinkedHashMap<>();
    private volatile WatchService watcher;
    private volatile boolean closed;

    private StaticPods(Path path, String nodeName, Duration period, Consumer<StaticPodChange> listener) {
        this.path = path;
        this.nodeName = nodeName;
        this.period = period;
        this.listener = listener;
        this.thread = Thread.ofVirtual().name("static-pods").unstarted(this::run);
    }

    /** Starts reading {@code path} (a directory or one file) for {@code nodeName}'s static pods, every 20 s and on change. */
    public static StaticPods start(Path path, String nodeName, Consumer<StaticPodChange> listener) {
        return start(path, nodeName, DEFAULT_PERIOD, listener);
    }

    /** As {@link #start(Path, String, Consumer)} with another re-read period. */
    public static StaticPods start(Path path, String nodeName, Duration period, Consumer<StaticPodChange> listener) {
        StaticPods source = new StaticPods(path, nodeName, period, listener);
        source.rescan();
        source.thread.start();
        return source;
    }

    /** The static pods as last read (copies). */
    public synchronized List<Pod> pods() {
        return pods.values().stream().map(Serialization::clone).toList();
    }

    /** Reads the manifests now and reports what changed (also called by the source's own thread). */
    public void rescan() {
        List<StaticPodChange> changes = new ArrayList<>();
        synchronized (this) {
            Map<String, Pod> next = new LinkedHashMap<>();
            Map<Path, String> nextByFile = new LinkedHashMap<>();
            for (StaticPodManifests.Result r : StaticPodManifests.read(path, nodeName)) {
                switch (r) {
                    case StaticPodManifests.Result.Parsed p -> {
                        if (next.containsKey(p.pod().getMetadata().getUid())) {
                            LOG.warn("static pod manifest {} is a duplicate of another manifest; ignored", p.file());
                            continue;
                        }
                        next.put(p.pod().getMetadata().getUid(), p.pod());
                        nextByFile.put(p.file(), p.pod().getMetadata().getUid());
                    }
                    case StaticPodManifests.Result.Failed f -> {
                        LOG.warn("static pod manifest {} not used: {}", f.file(), f.reason());
                        String kept = byFile.get(f.file());
                        if (kept != null && pods.containsKey(kept)) {
                            next.put(kept, pods.get(kept));
                            nextByFile.put(f.file(), kept);
                        }
                    }
                }
            }
            for (var e : pods.entrySet()) {
                if (!next.containsKey(e.getKey())) {
                    changes.add(new StaticPodChange.Removed(Serialization.clone(e.getValue())));
                }
            }
            String seen = DateTimeFormatter.ISO_INSTANT.format(Instant.now());
            for (var e : next.entrySet()) {
                Pod old = pods.get(e.getKey());
                if (old != null) {
                    e.setValue(old); // unchanged content: keep the first-seen time
                    continue;
                }
                e.getValue().getMetadata().getAnnotations().put(StaticPodAnnotations.CONFIG_SEEN, seen);
                changes.add(new StaticPodChange.Added(Serialization.clone(e.getValue())));
            }
            pods.clear();
            pods.putAll(next);
            byFile.clear();
            byFile.putAll(nextByFile);
            // removals first, so that an edited manifest's old pod is stopped before its new one starts
            for (StaticPodChange c : changes) {
                try {
                    listener.accept(c);
                } catch (RuntimeException ex) {
                    LOG.error("static pod listener failed on {}", c, ex);
                }
            }
        }
    }

    private void run() {
        long nextScan = System.nanoTime() + period.toNanos();
        while (!closed) {
            try {
                if (ensureWatching()) {
                    rescan(); // files written before the watch began would otherwise wait for the period
                }
                long waitNanos = Math.max(0, nextScan - System.nanoTime());
                WatchService w = watcher;
                boolean changed = false;
                if (w != null) {
                    WatchKey key = w.poll(waitNanos, TimeUnit.NANOSECONDS);
                    if (key != null) {
                        key.pollEvents();
                        if (!key.reset()) {
                            // the directory went away: watch it again once it is back
                            w.close();
                            watcher = null;
                        }
                        changed = true;
                        Thread.sleep(SETTLE); // let a writer finish, and fold a burst of events into one read
                        drain(w);
                    }
                } else {
                    Thread.sleep(Math.min(TimeUnit.NANOSECONDS.toMillis(waitNanos) + 1, 1000));
                }
                if (changed || System.nanoTime() >= nextScan) {
                    rescan();
                    if (!changed) {
                        nextScan = System.nanoTime() + period.toNanos();
                    }
                }
            } catch (InterruptedException e) {
                return;
            } catch (ClosedWatchServiceException | IOException e) {
                if (closed) {
                    return;
                }
                watcher = null;
            } catch (RuntimeException e) {
                LOG.warn("static pod source: {}", e.toString());
            }
        }
    }

    private static void drain(WatchService w) {
        for (int i = 0; i < 1000; i++) {
            WatchKey more = w.poll();
            if (more == null) {
                return;
            }
            more.pollEvents();
            more.reset();
        }
    }

    /** Watches the directory (or the file's directory) once it exists; true when a watch has just begun. */
    private boolean ensureWatching() {
        if (watcher != null) {
            return false;
        }
        Path dir = Files.isRegularFile(path) ? path.toAbsolutePath().getParent() : path;
        if (dir == null || !Files.isDirectory(dir)) {
            return false;
        }
        try {
            WatchService w = FileSystems.getDefault().newWatchService();
            dir.register(w, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE, StandardWatchEventKinds.ENTRY_MODIFY);
            watcher = w;
            return true;
        } catch (IOException e) {
            LOG.debug("cannot watch {}: {}", dir, e.getMessage());
            return false;
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        WatchService w = watcher;
        if (w != null) {
            try {
                w.close();
            } catch (IOException e) {
                LOG.debug("closing the watch service", e);
            }
        }
        try {
            thread.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
