package io.kube4j.controllers.machinery;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shape of most controllers: informer handlers queue {@code namespace/name} keys, and
 * {@code workers} virtual threads take keys from a {@link WorkQueue} and call {@link #sync}, which
 * must be level-triggered and idempotent (it reads the caches, never the event that queued it).
 * A sync that throws is retried with the queue's back-off; one that returns has its back-off
 * forgotten. The queue guarantees one key is never synced by two workers at once.
 *
 * <p>Thread-safe. Subclasses register handlers in their constructors; tests may call
 * {@link #sync} directly without starting workers.
 */
public abstract class KeyedController implements Controller {

    private static final Logger LOG = LoggerFactory.getLogger(KeyedController.class);

    protected final WorkQueue<String> queue;
    private final String name;
    private final int workers;
    private final List<Thread> threads = new ArrayList<>();

    protected KeyedController(String name, int workers) {
        this.name = name;
        this.workers = workers;
        this.queue = new WorkQueue<>(name);
    }

    @Override
    public String name() {
        return name;
    }

    /** Brings the object named by {@code key} ({@code namespace/name} or {@code name}) to its desired state. */
    protected abstract void sync(String key) throws Exception;

    /** Queues {@code object}'s key. */
    public void enqueue(HasMetadata object) {
        queue.add(Keys.of(object));
    }

    /** Queues {@code key}. */
    public void enqueue(String key) {
        queue.add(key);
    }

    /** Queues {@code key} after {@code delay}. */
    public void enqueueAfter(String key, Duration delay) {
        queue.addAfter(key, delay);
    }

    /** The queue, for tests. */
    public WorkQueue<String> queue() {
        return queue;
    }

    /** A handler queueing the key of every object added, updated or deleted. */
    protected <T extends HasMetadata> ResourceEventHandler<T> enqueueingHandler() {
        return Handlers.onAny(this::enqueue);
    }

    @Override
    public synchronized void start() {
        for (int i = 0; i < workers; i++) {
            threads.add(Thread.ofVirtual().name(name + "-worker-" + i).start(this::work));
        }
    }

    private void work() {
        while (true) {
            String key;
            try {
                key = queue.get();
            } catch (InterruptedException e) {
                return;
            }
            if (key == null) {
                return;
            }
            try {
                sync(key);
                queue.forget(key);
            } catch (InterruptedException e) {
                return;
            } catch (Exception | StackOverflowError e) {
                if (queue.shuttingDown()) {
                    return;
                }
                int retries = queue.retries(key);
                if (ApiErrors.conflict(e)) {
                    LOG.debug("{}: conflict syncing {}, retrying", name, key);
                } else if (retries < 5) {
                    LOG.info("{}: error syncing {} (retry {}): {}", name, key, retries, e.toString());
                } else {
                    LOG.warn("{}: error syncing {} (retry {})", name, key, retries, e);
                }
                queue.addRateLimited(key);
            } finally {
                queue.done(key);
            }
        }
    }

    @Override
    public void close() {
        queue.shutDown();
        List<Thread> running;
        synchronized (this) {
            running = List.copyOf(threads);
        }
        for (Thread t : running) {
            t.interrupt();
        }
        for (Thread t : running) {
            try {
                t.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
