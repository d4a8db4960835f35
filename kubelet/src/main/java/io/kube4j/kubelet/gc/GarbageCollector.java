package io.kube4j.kubelet.gc;

import java.time.Duration;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the kubelet's garbage collection on upstream's periods: containers every minute, images
 * every five minutes (both at once at start). A failed container collection is reported as a
 * Warning "ContainerGCFailed", an image collection that could not free enough as
 * "FreeDiskSpaceFailed" and any other image failure as "ImageGCFailed", through {@code warnings}
 * (reason, message; e.g. node events).
 *
 * <p>Owns one virtual thread; {@link #close()} stops it. The collectors belong to the caller.
 */
public final class GarbageCollector implements AutoCloseable {

    public static final Duration CONTAINER_GC_PERIOD = Duration.ofMinutes(1);
    public static final Duration IMAGE_GC_PERIOD = Duration.ofMinutes(5);
    private static final Logger LOG = LoggerFactory.getLogger(GarbageCollector.class);

    private final ContainerGc containers;
    private final ImageGc images;
    private final Duration containerPeriod;
    private final Duration imagePeriod;
    private final BiConsumer<String, String> warnings;
    private final Thread thread;
    private volatile boolean closed;

    private GarbageCollector(ContainerGc containers, ImageGc images, Duration containerPeriod, Duration imagePeriod,
            BiConsumer<String, String> warnings) {
        this.containers = containers;
        this.images = images;
        this.containerPeriod = containerPeriod;
        this.imagePeriod = imagePeriod;
        this.warnings = warnings;
        this.thread = Thread.ofVirtual().name("kubelet-gc").unstarted(this::run);
    }

    /** Starts collecting on upstream's periods. */
    public static GarbageCollector start(ContainerGc containers, ImageGc images, BiConsumer<String, String> warnings) {
        return start(containers, images, CONTAINER_GC_PERIOD, IMAGE_GC_PERIOD, warnings);
    }

    /** Starts collecting on the given periods. */
    public static GarbageCollector start(ContainerGc containers, ImageGc images, Duration containerPeriod, Duration imagePeriod,
            BiConsumer<String, String> warnings) {
        GarbageCollector gc = new GarbageCollector(containers, images, containerPeriod, imagePeriod, warnings);
        gc.thread.start();
        return gc;
    }

    private void run() {
        long nextContainers = System.nanoTime();
        long nextImages = System.nanoTime();
        while (!closed) {
            long now = System.nanoTime();
            if (now >= nextContainers) {
                collectContainers();
                nextContainers = System.nanoTime() + containerPeriod.toNanos();
            }
            if (now >= nextImages) {
                collectImages();
                nextImages = System.nanoTime() + imagePeriod.toNanos();
            }
            long sleep = Math.max(1, Math.min(nextContainers, nextImages) - System.nanoTime());
            try {
                Thread.sleep(Duration.ofNanos(sleep));
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    void collectContainers() {
        try {
            containers.collect();
        } catch (RuntimeException e) {
            LOG.warn("container garbage collection failed", e);
            warnings.accept("ContainerGCFailed", String.valueOf(e.getMessage()));
        }
    }

    void collectImages() {
        try {
            ImageGc.Result r = images.garbageCollect();
            if (!r.sufficient()) {
                String message = "Failed to garbage collect required amount of images. Attempted to free " + r.bytesToFree()
                        + " bytes, but only found " + r.bytesFreed() + " bytes eligible to free.";
                LOG.warn(message);
                warnings.accept("FreeDiskSpaceFailed", message);
            }
        } catch (RuntimeException e) {
            LOG.warn("image garbage collection failed", e);
            warnings.accept(e.getMessage() != null && e.getMessage().startsWith("invalid capacity") ? "InvalidDiskCapacity" : "ImageGCFailed",
                    String.valueOf(e.getMessage()));
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
