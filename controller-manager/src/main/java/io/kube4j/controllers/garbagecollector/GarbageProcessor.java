package io.kube4j.controllers.garbagecollector;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.kube4j.controllers.machinery.Api;
import io.kube4j.controllers.machinery.ApiErrors;
import io.kube4j.controllers.machinery.EventRecorder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the garbage collector's workers do with one node, as upstream's attemptToDeleteItem and
 * orphanDependents. Every decision rests on live reads, never on the graph alone: an object is
 * collected only after reading that each of its owners is absent (or has another uid), and
 * ownerReferences and finalizers are rewritten with the object's uid and resourceVersion as
 * preconditions, so a stale graph can delay work but never delete the wrong thing.
 *
 * <p>Thread-safe (stateless beyond its collaborators); a method that throws is retried by the caller.
 */
final class GarbageProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(GarbageProcessor.class);

    private final DynamicClient client;
    private final GraphBuilder graph;
    private final Supplier<Discovery> discovery;
    private final Consumer<GraphEvent> graphChanges;
    private final Consumer<ObjectRef> attemptToDelete;
    private final EventRecorder events;

    GarbageProcessor(DynamicClient client, GraphBuilder graph, Supplier<Discovery> discovery,
            Consumer<GraphEvent> graphChanges, Consumer<ObjectRef> attemptToDelete, EventRecorder events) {
        this.client = client;
        this.graph = graph;
        this.discovery = discovery;
        this.graphChanges = graphChanges;
        this.attemptToDelete = attemptToDelete;
        this.events = events;
    }

    /** Deletes {@code item} if all its owners are gone, drops its dangling references, or finishes a foreground deletion. */
    void attemptToDelete(ObjectRef item) {
        GraphBuilder.NodeView node = graph.view(item.uid());
        if (node == null) {
            return;
        }
        ResourceType type = resolve(node.identity().apiVersion(), node.identity().kind());
        GenericKubernetesResource latest = client.get(type, namespaceFor(type, node.identity()), node.identity().name());
        if (latest == null || !node.identity().uid().equals(latest.getMetadata().getUid())) {
            graphChanges.accept(new GraphEvent.Deleted(node.identity()));
            return;
        }
        if (node.virtual()) {
            return; // it exists: its watch will show it
        }
        if (node.deletingDependents()) {
            finishForegroundDeletion(node, type, latest);
            return;
        }
        if (latest.getMetadata().getDeletionTimestamp() != null) {
            return; // being deleted already, and not waiting for dependents
        }
        List<OwnerReference> refs = refs(latest);
        if (refs.isEmpty()) {
            return;
        }
        List<OwnerReference> solid = new ArrayList<>();
        List<OwnerReference> dangling = new ArrayList<>();
        List<OwnerReference> waiting = new ArrayList<>();
        for (OwnerReference ref : refs) {
            GenericKubernetesResource owner = liveOwner(ref, latest);
            if (owner == null) {
                dangling.add(ref);
            } else if (owner.getMetadata().getDeletionTimestamp() != null && finalizers(owner).contains(GraphBuilder.FOREGROUND)) {
                waiting.add(ref);
            } else {
                solid.add(ref);
            }
        }
        if (!solid.isEmpty()) {
            if (dangling.isEmpty() && waiting.isEmpty()) {
                return;
            }
            // References to owners that wait for their dependents go too, or those owners would wait forever.
            Set<String> drop = new HashSet<>();
            dangling.forEach(r -> drop.add(r.getUid()));
            waiting.forEach(r -> drop.add(r.getUid()));
            List<OwnerReference> kept = refs.stream().filter(r -> !drop.contains(r.getUid())).toList();
            LOG.info("removing dangling owner references {} from {}", drop, node.identity());
            ignoreNotFound(() -> client.setOwnerReferences(type, latest.getMetadata().getNamespace(),
                    latest.getMetadata().getName(), latest.getMetadata().getUid(),
                    latest.getMetadata().getResourceVersion(), kept));
            return;
        }
        if (!waiting.isEmpty() && !node.dependents().isEmpty()) {
            if (node.someDependentDeletingDependents()) {
                // A cycle through a dependent also deleting in the foreground: stop blocking owners so it can end.
                List<OwnerReference> unblocked = refs.stream()
                        .map(r -> new OwnerReferenceBuilder(r).withBlockOwnerDeletion(false).build()).toList();
                ignoreNotFound(() -> client.setOwnerReferences(type, latest.getMetadata().getNamespace(),
                        latest.getMetadata().getName(), latest.getMetadata().getUid(),
                        latest.getMetadata().getResourceVersion(), unblocked));
            }
            delete(type, node.identity(), "Foreground");
            return;
        }
        List<String> own = finalizers(latest);
        String policy = own.contains(GraphBuilder.ORPHAN) ? "Orphan" : own.contains(GraphBuilder.FOREGROUND) ? "Foreground" : "Background";
        delete(type, node.identity(), policy);
    }

    /** A foreground deletion is done when no dependent blocks it; until then its blocking dependents are deleted. */
    private void finishForegroundDeletion(GraphBuilder.NodeView node, ResourceType type, GenericKubernetesResource latest) {
        if (node.blockingDependents().isEmpty()) {
            LOG.info("{} has no dependents left blocking its deletion; removing the {} finalizer", node.identity(),
                    GraphBuilder.FOREGROUND);
            removeFinalizer(type, latest, GraphBuilder.FOREGROUND);
            return;
        }
        for (ObjectRef dependent : node.blockingDependents()) {
            GraphBuilder.NodeView view = graph.view(dependent.uid());
            if (view != null && !view.deletingDependents()) {
                attemptToDelete.accept(dependent);
            }
        }
    }

    /** Removes the references to {@code owner} from its dependents, then the owner's orphan finalizer. */
    void orphanDependents(ObjectRef owner) {
        GraphBuilder.NodeView node = graph.view(owner.uid());
        for (ObjectRef dependent : node == null ? List.<ObjectRef>of() : node.dependents()) {
            ResourceType type = resolve(dependent.apiVersion(), dependent.kind());
            GenericKubernetesResource latest = client.get(type, namespaceFor(type, dependent), dependent.name());
            if (latest == null || !dependent.uid().equals(latest.getMetadata().getUid())) {
                continue;
            }
            List<OwnerReference> refs = refs(latest);
            List<OwnerReference> kept = refs.stream().filter(r -> !owner.uid().equals(r.getUid())).toList();
            if (kept.size() != refs.size()) {
                ignoreNotFound(() -> client.setOwnerReferences(type, latest.getMetadata().getNamespace(),
                        latest.getMetadata().getName(), latest.getMetadata().getUid(),
                        latest.getMetadata().getResourceVersion(), kept));
            }
        }
        ResourceType type = resolve(owner.apiVersion(), owner.kind());
        GenericKubernetesResource latest = client.get(type, namespaceFor(type, owner), owner.name());
        if (latest != null && owner.uid().equals(latest.getMetadata().getUid())) {
            removeFinalizer(type, latest, GraphBuilder.ORPHAN);
        }
    }

    /**
     * The owner {@code ref} names as it exists now, or null when it is dangling: absent, with
     * another uid, or namespaced while the dependent is cluster-scoped (a namespaced owner can
     * only be in its dependent's namespace).
     */
    private GenericKubernetesResource liveOwner(OwnerReference ref, GenericKubernetesResource dependent) {
        ResourceType type = resolve(ref.getApiVersion(), ref.getKind());
        String namespace = dependent.getMetadata().getNamespace();
        boolean clusterScopedDependent = namespace == null || namespace.isEmpty();
        ObjectRef wanted = ObjectRef.owner(ref, type.namespaced() ? namespace : null);
        if (type.namespaced() && clusterScopedDependent) {
            events.eventf(dependent, EventRecorder.WARNING, "OwnerRefInvalidNamespace",
                    "ownerRef %s cannot be resolved: a cluster-scoped object cannot be owned by a namespaced %s", wanted,
                    type.kind());
            return null;
        }
        GenericKubernetesResource owner = client.get(type, type.namespaced() ? namespace : null, ref.getName());
        if (owner == null && type.namespaced()) {
            ObjectRef seen = graph.observed(ref.getUid());
            if (seen != null && !Objects.equals(seen.namespace(), namespace)) {
                events.eventf(dependent, EventRecorder.WARNING, "OwnerRefInvalidNamespace",
                        "ownerRef %s does not exist in namespace \"%s\"", wanted, namespace);
            }
        }
        return owner != null && ref.getUid().equals(owner.getMetadata().getUid()) ? owner : null;
    }

    private void delete(ResourceType type, ObjectRef item, String policy) {
        LOG.info("deleting {} with propagation policy {}", item, policy);
        try {
            client.delete(type, namespaceFor(type, item), item.name(), new Api.Deletion(item.uid(), policy, null));
        } catch (RuntimeException e) {
            if (!ApiErrors.notFound(e) && !ApiErrors.conflict(e)) { // gone, or replaced by another object of that name
                throw e;
            }
        }
    }

    private void removeFinalizer(ResourceType type, GenericKubernetesResource object, String finalizer) {
        List<String> current = finalizers(object);
        if (!current.contains(finalizer)) {
            return;
        }
        List<String> kept = current.stream().filter(f -> !f.equals(finalizer)).collect(Collectors.toList());
        ignoreNotFound(() -> client.setFinalizers(type, object.getMetadata().getNamespace(), object.getMetadata().getName(),
                object.getMetadata().getUid(), object.getMetadata().getResourceVersion(), kept));
    }

    private ResourceType resolve(String apiVersion, String kind) {
        return discovery.get().resolve(apiVersion, kind).orElseThrow(() ->
                new IllegalStateException("unable to find the resource of apiVersion " + apiVersion + ", kind " + kind));
    }

    private static String namespaceFor(ResourceType type, ObjectRef ref) {
        return type.namespaced() ? ref.namespace() : null;
    }

    private static List<OwnerReference> refs(GenericKubernetesResource o) {
        return o.getMetadata().getOwnerReferences() == null ? List.of() : o.getMetadata().getOwnerReferences();
    }

    private static List<String> finalizers(GenericKubernetesResource o) {
        return o.getMetadata().getFinalizers() == null ? List.of() : o.getMetadata().getFinalizers();
    }

    private static void ignoreNotFound(Runnable write) {
        try {
            write.run();
        } catch (RuntimeException e) {
            if (!ApiErrors.notFound(e)) {
                throw e;
            }
        }
    }
}
