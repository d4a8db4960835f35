package io.kube4j.controllers.garbagecollector;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.kube4j.controllers.machinery.Controller;
import io.kube4j.controllers.machinery.ControllerContext;
import io.kube4j.controllers.machinery.Periodic;
import io.kube4j.controllers.machinery.WorkQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The garbage collector ({@code garbage-collector-controller}, alias {@code garbagecollector}), as
 * upstream's pkg/controller/garbagecollector: it watches every resource that can be listed,
 * watched and deleted (found by discovery, refreshed every 30 s; Events excluded, as upstream's
 * default ignored resources), one thread folds the watch events into the dependency graph
 * ({@link GraphBuilder}), and workers act on what the graph queues ({@link GarbageProcessor}):
 * objects whose owners are all gone are deleted, dangling references removed, foreground
 * deletions completed by removing {@code foregroundDeletion}, orphaning owners' dependents
 * released before {@code orphan} is removed.
 *
 * <p>Thread-safe. Built from the context's raw client; tests pass their own {@link DynamicClient}
 * and drive it with {@link #step()} instead of {@link #start()}.
 */
public final class GarbageCollector implements Controller {

    public static final String NAME = "garbage-collector-controller";
    private static final Logger LOG = LoggerFactory.getLogger(GarbageCollector.class);
    private static final Set<String> IGNORED = Set.of("events", "events.events.k8s.io");
    private static final Duration RESYNC_PERIOD = Duration.ofSeconds(30);

    private final DynamicClient client;
    private final int workers;
    private final LinkedBlockingQueue<GraphEvent> graphChanges = new LinkedBlockingQueue<>();
    private final WorkQueue<ObjectRef> attemptToDelete = new WorkQueue<>("garbage_collector_attempt_to_delete");
    private final WorkQueue<ObjectRef> attemptToOrphan = new WorkQueue<>("garbage_collector_attempt_to_orphan");
    private final GraphBuilder graph = new GraphBuilder(attemptToDelete::add, attemptToOrphan::add);
    private final GarbageProcessor processor;
    private final Map<ResourceType, AutoCloseable> monitors = new HashMap<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile Discovery discovery = new Discovery(List.of(), Map.of());
    private Periodic resync;

    public GarbageCollector(ControllerContext context) {
        this(context, new Fabric8DynamicClient(context.client()));
    }

    public GarbageCollector(ControllerContext context, DynamicClient client) {
        this.client = client;
        this.workers = Math.max(1, context.options().concurrentSyncs());
        this.processor = new GarbageProcessor(client, graph, () -> discovery, graphChanges::add, attemptToDelete::add,
                context.recorder(NAME));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public synchronized void start() {
        resync = Periodic.every(NAME + "-resync", RESYNC_PERIOD, this::syncMonitors);
        threads.add(Thread.ofVirtual().name(NAME + "-graph-builder").start(this::buildGraph));
        for (int i = 0; i < workers; i++) {
            threads.add(Thread.ofVirtual().name(NAME + "-delete-" + i).start(() -> work(attemptToDelete, processor::attemptToDelete)));
            threads.add(Thread.ofVirtual().name(NAME + "-orphan-" + i).start(() -> work(attemptToOrphan, processor::orphanDependents)));
        }
    }

    /**
     * Discovers the deletable resources and watches the new ones, stopping the watches of those
     * gone (but not of groups whose discovery failed this time).
     */
    synchronized void syncMonitors() {
        Discovery found = client.discover();
        Set<String> failedGroups = new HashSet<>();
        found.failedGroupVersions().keySet().forEach(gv -> failedGroups.add(ResourceType.groupOf(gv)));
        List<ResourceType> deletable = found.resources().stream()
                .filter(r -> r.supports("delete", "list", "watch") && !IGNORED.contains(r.groupResource())).toList();
        List<ResourceType> known = new ArrayList<>(found.resources());
        discovery.resources().stream().filter(r -> failedGroups.contains(r.group())).forEach(known::add);
        discovery = new Discovery(known, found.failedGroupVersions());
        for (ResourceType type : deletable) {
            if (!monitors.containsKey(type)) {
                LOG.debug("garbage collector watches {}", type.groupResource());
                monitors.put(type, client.inform(type, handler(type)));
            }
        }
        for (var it = monitors.entrySet().iterator(); it.hasNext();) {
            var monitor = it.next();
            if (!deletable.contains(monitor.getKey()) && !failedGroups.contains(monitor.getKey().group())) {
                closeQuietly(monitor.getValue());
                it.remove();
            }
        }
    }

    private ResourceEventHandler<GenericKubernetesResource> handler(ResourceType type) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(GenericKubernetesResource obj) {
                graphChanges.add(upserted(type, obj));
            }

            @Override
            public void onUpdate(GenericKubernetesResource oldObj, GenericKubernetesResource newObj) {
                graphChanges.add(upserted(type, newObj));
            }

            @Override
            public void onDelete(GenericKubernetesResource obj, boolean deletedFinalStateUnknown) {
                graphChanges.add(new GraphEvent.Deleted(identity(type, obj)));
            }
        };
    }

    private static GraphEvent upserted(ResourceType type, GenericKubernetesResource obj) {
        var meta = obj.getMetadata();
        return new GraphEvent.Upserted(identity(type, obj),
                meta.getOwnerReferences() == null ? List.of() : meta.getOwnerReferences(),
                meta.getDeletionTimestamp() != null, meta.getFinalizers() == null ? List.of() : meta.getFinalizers());
    }

    private static ObjectRef identity(ResourceType type, GenericKubernetesResource obj) {
        String ns = obj.getMetadata().getNamespace();
        return new ObjectRef(type.apiVersion(), type.kind(), ns == null || ns.isEmpty() ? null : ns,
                obj.getMetadata().getName(), obj.getMetadata().getUid());
    }

    private void buildGraph() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                graph.process(graphChanges.take());
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("garbage collector: a graph change failed", e);
            }
        }
    }

    private void work(WorkQueue<ObjectRef> queue, Consumer<ObjectRef> action) {
        while (true) {
            ObjectRef item;
            try {
                item = queue.get();
            } catch (InterruptedException e) {
                return;
            }
            if (item == null) {
                return;
            }
            runOne(queue, item, action);
        }
    }

    private void runOne(WorkQueue<ObjectRef> queue, ObjectRef item, Consumer<ObjectRef> action) {
        try {
            action.accept(item);
            queue.forget(item);
        } catch (RuntimeException e) {
            if (!queue.shuttingDown()) {
                LOG.info("garbage collector: {} failed for {} (retry {}): {}", queue.name(), item, queue.retries(item),
                        e.toString());
                queue.addRateLimited(item);
            }
        } finally {
            queue.done(item);
        }
    }

    /** For tests: applies one graph change, else works one queued item; false when nothing was ready. */
    boolean step() throws InterruptedException {
        GraphEvent change = graphChanges.poll();
        if (change != null) {
            graph.process(change);
            return true;
        }
        for (var entry : List.of(Map.entry(attemptToDelete, (Consumer<ObjectRef>) processor::attemptToDelete),
                Map.entry(attemptToOrphan, (Consumer<ObjectRef>) processor::orphanDependents))) {
            if (entry.getKey().length() > 0) {
                runOne(entry.getKey(), entry.getKey().get(), entry.getValue());
                return true;
            }
        }
        return false;
    }

    /** The dependency graph, for tests. */
    GraphBuilder graph() {
        return graph;
    }

    @Override
    public void close() {
        if (resync != null) {
            resync.close();
        }
        attemptToDelete.shutDown();
        attemptToOrphan.shutDown();
        List<Thread> running;
        synchronized (this) {
            running = List.copyOf(threads);
            monitors.values().forEach(GarbageCollector::closeQuietly);
            monitors.clear();
        }
        running.forEach(Thread::interrupt);
        for (Thread t : running) {
            try {
                t.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            LOG.debug("closing a watch failed", e);
        }
    }
}
