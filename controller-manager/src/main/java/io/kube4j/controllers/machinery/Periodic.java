package io.kube4j.controllers.machinery;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A task run every {@code period} on one virtual thread (upstream's wait.Until), until closed. A
 * run that throws is logged and the next one still happens. Thread-safe.
 */
public final class Periodic implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Periodic.class);

    private final Thread thread;

    private Periodic(String name, Duration period, Runnable task) {
        this.thread = Thread.ofVirtual().name(name).start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.warn("{}: periodic run failed", name, e);
                }
                try {
                    Thread.sleep(period);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    /** Runs {@code task} now and then every {@code period}. */
    public static Periodic every(String name, Duration period, Runnable task) {
        return new Periodic(name, period, task);
    }

    @Override
    public void close() {
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
