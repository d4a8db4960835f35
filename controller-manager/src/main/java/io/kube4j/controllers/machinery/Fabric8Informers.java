package io.kube4j.controllers.machinery;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Indexer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Informers} over fabric8's SharedIndexInformers on one client: one informer per kind,
 * created on first ask, each with a resync period between {@code minResync} and twice it (upstream's
 * jittered ResyncPeriod), started by {@link #start()} or, when asked for later, at once.
 * {@link #close()} stops them all. Thread-safe; owns the informers, not the client.
 */
public final class Fabric8Informers implements Informers, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Fabric8Informers.class);

    private final KubernetesClient client;
    private final Duration minResync;
    private final Map<Class<?>, SharedIndexInformer<?>> informers = new LinkedHashMap<>();
    private boolean started;

    public Fabric8Informers(KubernetesClient client, Duration minResync) {
        this.client = client;
        this.minResync = minResync;
    }

    @Override
    public <T extends HasMetadata> ObjectCache<T> cache(Class<T> type) {
        return new IndexerCache<>(informer(type));
    }

    @Override
    public <T extends HasMetadata> void addHandler(Class<T> type, ResourceEventHandler<? super T> handler) {
        @SuppressWarnings("unchecked")
        ResourceEventHandler<T> typed = (ResourceEventHandler<T>) handler;
        informer(type).addEventHandler(typed);
    }

    @Override
    public synchronized boolean synced() {
        return started && informers.values().stream().allMatch(SharedIndexInformer::hasSynced);
    }

    /** Starts every informer made so far; later ones start as they are made. */
    public synchronized void start() {
        started = true;
        informers.values().forEach(SharedIndexInformer::start);
    }

    /** Waits up to {@code timeout} for every informer's first list. */
    public boolean awaitSynced(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!synced()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    /** The kinds informed, for logs. */
    public synchronized List<String> kinds() {
        List<String> kinds = new ArrayList<>();
        informers.keySet().forEach(c -> kinds.add(c.getSimpleName()));
        return kinds;
    }

    @Override
    public synchronized void close() {
        informers.values().forEach(i -> {
            try {
                i.close();
            } catch (RuntimeException e) {
                LOG.debug("closing an informer", e);
            }
        });
        informers.clear();
    }

    @SuppressWarnings("unchecked")
    private synchronized <T extends HasMetadata> SharedIndexInformer<T> informer(Class<T> type) {
        SharedIndexInformer<T> informer = (SharedIndexInformer<T>) informers.get(type);
        if (informer == null) {
            long resync = (long) (minResync.toMillis() * (1 + ThreadLocalRandom.current().nextDouble()));
            informer = client.resources(type).inAnyNamespace().runnableInformer(resync)
                    .exceptionHandler(retryAlways(type.getSimpleName()));
            informers.put(type, informer);
            if (started) {
                informer.start();
            }
        }
        return informer;
    }

    /**
     * Retries list and watch after any failure, as client-go's reflector does: fabric8's default
     * stops an informer whose first list fails (a timeout on a loaded apiserver) or whose watch
     * fails with anything but 410 Gone, and its controllers would then work from a cache that never
     * fills or never changes again.
     */
    public static io.fabric8.kubernetes.client.informers.ExceptionHandler retryAlways(String what) {
        return (started, failure) -> {
            LOG.warn("{} informer: {} failed, retrying: {}", what, started ? "watch" : "list", failure.toString());
            return true;
        };
    }

    private record IndexerCache<T extends HasMetadata>(SharedIndexInformer<T> informer) implements ObjectCache<T> {

        @Override
        public T get(String namespace, String name) {
            return indexer().getByKey(namespace == null || namespace.isEmpty() ? name : namespace + "/" + name);
        }

        @Override
        public List<T> list() {
            return indexer().list();
        }

        @Override
        public List<T> list(String namespace) {
            return indexer().byIndex(NAMESPACE_INDEX, namespace);
        }

        @Override
        public List<T> byIndex(String index, String value) {
            return indexer().byIndex(index, value);
        }

        @Override
        public void addIndex(String index, Function<T, List<String>> keys) {
            synchronized (informer) {
                if (!indexer().getIndexers().containsKey(index)) {
                    informer.addIndexers(Map.of(index, keys));
                }
            }
        }

        private Indexer<T> indexer() {
            return informer.getIndexer();
        }
    }
}
