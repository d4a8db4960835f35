package io.kube4j.controllers.namespace;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceSpec;
import io.fabric8.kubernetes.api.model.NamespaceStatus;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.kube4j.controllers.garbagecollector.Discovery;
import io.kube4j.controllers.garbagecollector.DynamicClient;
import io.kube4j.controllers.garbagecollector.Fabric8DynamicClient;
import io.kube4j.controllers.machinery.Api;
import io.kube4j.controllers.machinery.ControllerContext;
import io.kube4j.controllers.machinery.KeyedController;
import io.kube4j.controllers.machinery.ObjectCache;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The namespace controller ({@code namespace-controller}, alias {@code namespace}), as upstream's
 * pkg/controller/namespace: a namespace with a deletionTimestamp is marked Terminating, every
 * namespaced object in it (of every resource discovery shows as listable and deletable) is
 * deleted, the deletion conditions say what is left and why, and once it is empty the
 * {@code kubernetes} finalizer is removed through the finalize subresource, after which the
 * apiserver removes the namespace. While content remains (terminating pods, objects held by
 * finalizers) the namespace is looked at again after the pods' expected termination (1 to 5 s).
 *
 * <p>Thread-safe; {@link #sync} runs on the keyed controller's workers.
 */
public final class NamespaceController extends KeyedController {

    public static final String NAME = "namespace-controller";
    static final String KUBERNETES_FINALIZER = "kubernetes";
    private static final Logger LOG = LoggerFactory.getLogger(NamespaceController.class);
    private static final Duration MIN_RECHECK = Duration.ofSeconds(1);
    private static final Duration MAX_RECHECK = Duration.ofSeconds(5);

    private final ObjectCache<Namespace> namespaces;
    private final Api api;
    private final DynamicClient client;
    private final NamespaceFinalizer finalizer;
    private final NamespaceContentDeleter content;
    private final InstantSource clock;

    public NamespaceController(ControllerContext context) {
        this(context, new Fabric8DynamicClient(context.client()), new Fabric8NamespaceFinalizer(context.client()));
    }

    public NamespaceController(ControllerContext context, DynamicClient client, NamespaceFinalizer finalizer) {
        super(NAME, Math.max(1, context.options().concurrentSyncs()));
        this.namespaces = context.informers().cache(Namespace.class);
        this.api = context.api();
        this.client = client;
        this.finalizer = finalizer;
        this.clock = context.clock();
        this.content = new NamespaceContentDeleter(client, context.clock());
        context.informers().addHandler(Namespace.class, new ResourceEventHandler<>() {
            @Override
            public void onAdd(Namespace ns) {
                enqueueIfDeleting(ns);
            }

            @Override
            public void onUpdate(Namespace oldNs, Namespace ns) {
                enqueueIfDeleting(ns);
            }

            @Override
            public void onDelete(Namespace ns, boolean deletedFinalStateUnknown) {
            }
        });
    }

    private void enqueueIfDeleting(Namespace ns) {
        if (ns.getMetadata().getDeletionTimestamp() != null) {
            enqueue(ns);
        }
    }

    @Override
    protected void sync(String key) {
        Namespace cached = namespaces.get(null, key);
        if (cached == null || cached.getMetadata().getDeletionTimestamp() == null) {
            return;
        }
        Namespace ns = api.get(Namespace.class, null, key); // act on the live object, not the cache
        if (ns == null || ns.getMetadata().getDeletionTimestamp() == null || !finalizers(ns).contains(KUBERNETES_FINALIZER)) {
            return;
        }
        ns = markTerminating(ns);
        Discovery discovery = client.discover();
        ContentReport report = content.deleteAll(key, NamespaceContentDeleter.deletable(discovery.resources()));
        ns = writeConditions(ns, discovery, report);
        if (!report.failures().isEmpty()) {
            throw new IllegalStateException("namespace " + key + ": deleting content failed: " + report.failures());
        }
        if (!discovery.failedGroupVersions().isEmpty()) {
            // Content of the groups that failed discovery could still be there: do not finalize.
            throw new IllegalStateException("namespace " + key + ": discovery failed for " + discovery.failedGroupVersions().keySet());
        }
        if (!report.remaining().isEmpty()) {
            Duration wait = Duration.ofSeconds(report.estimateSeconds());
            wait = wait.compareTo(MIN_RECHECK) < 0 ? MIN_RECHECK : wait.compareTo(MAX_RECHECK) > 0 ? MAX_RECHECK : wait;
            LOG.debug("namespace {}: content remains {}, checking again in {}", key, report.remaining(), wait);
            enqueueAfter(key, wait);
            return;
        }
        Namespace finalized = new Namespace(ns.getApiVersion(), ns.getKind(), ns.getMetadata(), copySpec(ns), ns.getStatus());
        finalized.getSpec().setFinalizers(finalizers(ns).stream().filter(f -> !f.equals(KUBERNETES_FINALIZER)).toList());
        finalizer.finalizeNamespace(finalized);
        LOG.info("namespace {} is empty; removed the {} finalizer", key, KUBERNETES_FINALIZER);
    }

    private Namespace markTerminating(Namespace ns) {
        if (ns.getStatus() != null && "Terminating".equals(ns.getStatus().getPhase())) {
            return ns;
        }
        Namespace next = copyWithStatus(ns);
        next.getStatus().setPhase("Terminating");
        return api.updateStatus(next);
    }

    private Namespace writeConditions(Namespace ns, Discovery discovery, ContentReport report) {
        var existing = ns.getStatus() == null ? null : ns.getStatus().getConditions();
        var conditions = NamespaceConditions.after(existing, discovery.failedGroupVersions(), report, clock.instant());
        if (Objects.equals(existing, conditions)) {
            return ns;
        }
        Namespace next = copyWithStatus(ns);
        next.getStatus().setConditions(conditions);
        return api.updateStatus(next);
    }

    private static Namespace copyWithStatus(Namespace ns) {
        NamespaceStatus status = ns.getStatus() == null ? new NamespaceStatus()
                : new NamespaceStatus(ns.getStatus().getConditions() == null ? null : new ArrayList<>(ns.getStatus().getConditions()),
                        ns.getStatus().getPhase());
        return new Namespace(ns.getApiVersion(), ns.getKind(), ns.getMetadata(), ns.getSpec(), status);
    }

    private static NamespaceSpec copySpec(Namespace ns) {
        return new NamespaceSpec(new ArrayList<>(finalizers(ns)));
    }

    private static List<String> finalizers(Namespace ns) {
        return ns.getSpec() == null || ns.getSpec().getFinalizers() == null ? List.of() : ns.getSpec().getFinalizers();
    }
}
