package io.kube4j.controllers.garbagecollector;

import io.fabric8.kubernetes.api.model.OwnerReference;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The dependency graph of every watched object (uid to node, owners to dependents) and the rules
 * that turn its changes into work, as upstream's GraphBuilder: a node whose owner is unknown gets
 * a virtual owner, queued so that a live read settles whether it exists; a removed node queues its
 * dependents (their owners may all be gone now) and its owners that wait for their dependents; an
 * object being deleted with the {@code foregroundDeletion} finalizer is marked as deleting its
 * dependents, which are queued for deletion together with itself; one with the {@code orphan}
 * finalizer is queued for orphaning.
 *
 * <p>Thread-safe: every method holds the graph's lock. The graph's changes come from one thread in
 * production (upstream's single graph builder); the workers only read {@link NodeView}s.
 */
public final class GraphBuilder {

    static final String FOREGROUND = "foregroundDeletion";
    static final String ORPHAN = "orphan";

    /** A snapshot of one node for the workers. */
    public record NodeView(ObjectRef identity, boolean virtual, boolean beingDeleted, boolean deletingDependents,
            List<ObjectRef> dependents, List<ObjectRef> blockingDependents, boolean someDependentDeletingDependents) {
    }

    private final Map<String, GraphNode> nodes = new HashMap<>();
    private final Consumer<ObjectRef> attemptToDelete;
    private final Consumer<ObjectRef> attemptToOrphan;

    /**
     * @param attemptToDelete receives the objects that may have become garbage or whose foreground deletion may be done
     * @param attemptToOrphan receives the owners whose dependents must be orphaned
     */
    public GraphBuilder(Consumer<ObjectRef> attemptToDelete, Consumer<ObjectRef> attemptToOrphan) {
        this.attemptToDelete = attemptToDelete;
        this.attemptToOrphan = attemptToOrphan;
    }

    /** Applies one change to the graph and queues the work it implies. */
    public synchronized void process(GraphEvent event) {
        switch (event) {
            case GraphEvent.Upserted u -> upsert(u);
            case GraphEvent.Deleted d -> remove(d.object());
        }
    }

    private void upsert(GraphEvent.Upserted event) {
        GraphNode node = nodes.get(event.object().uid());
        if (node == null) {
            node = new GraphNode(event.object(), false);
            nodes.put(event.object().uid(), node);
        } else if (node.virtual) {
            node.virtual = false;
            if (!node.identity.equals(event.object())) {
                // Dependents guessed the owner's namespace or kind wrong: let them check again.
                node.dependents.forEach(d -> attemptToDelete.accept(d.identity));
            }
        }
        node.identity = event.object();
        setOwners(node, event.owners());
        node.beingDeleted = event.beingDeleted();
        node.deletingDependents = event.beingDeleted() && event.finalizers().contains(FOREGROUND);
        if (event.beingDeleted() && event.finalizers().contains(ORPHAN)) {
            attemptToOrphan.accept(node.identity);
        }
        if (node.deletingDependents) {
            node.dependents.forEach(d -> attemptToDelete.accept(d.identity));
            attemptToDelete.accept(node.identity);
        }
    }

    private void setOwners(GraphNode node, List<OwnerReference> owners) {
        Map<String, OwnerReference> before = byUid(node.owners);
        Map<String, OwnerReference> after = byUid(owners);
        for (var old : before.entrySet()) {
            OwnerReference now = after.get(old.getKey());
            GraphNode owner = nodes.get(old.getKey());
            if (owner == null || (now != null && blocks(now) == blocks(old.getValue()))) {
                continue;
            }
            if (now == null) {
                owner.dependents.remove(node);
            }
            if (owner.deletingDependents) {
                attemptToDelete.accept(owner.identity); // one blocking dependent fewer
            }
        }
        for (var added : after.entrySet()) {
            if (before.containsKey(added.getKey())) {
                continue;
            }
            GraphNode owner = nodes.get(added.getKey());
            if (owner == null) {
                owner = new GraphNode(ObjectRef.owner(added.getValue(), node.identity.namespace()), true);
                nodes.put(added.getKey(), owner);
                attemptToDelete.accept(owner.identity); // does it exist at all?
            }
            owner.dependents.add(node);
            if (!owner.virtual && !resolvesTo(added.getValue(), node.identity, owner.identity)) {
                // The reference cannot name this object (another namespace, or a cluster-scoped
                // dependent of a namespaced owner): the dependent must be checked as dangling.
                attemptToDelete.accept(node.identity);
            }
            if (owner.deletingDependents) {
                attemptToDelete.accept(node.identity);
            }
        }
        node.owners = List.copyOf(owners);
    }

    private void remove(ObjectRef gone) {
        GraphNode node = nodes.get(gone.uid());
        if (node == null) {
            return;
        }
        if (!node.virtual && !node.identity.equals(gone)) {
            // A guess at the owner (another namespace or kind) does not exist; the real object does.
            node.dependents.forEach(d -> attemptToDelete.accept(d.identity));
            return;
        }
        nodes.remove(gone.uid());
        for (OwnerReference ref : node.owners) {
            GraphNode owner = nodes.get(ref.getUid());
            if (owner != null) {
                owner.dependents.remove(node);
                if (owner.deletingDependents) {
                    attemptToDelete.accept(owner.identity);
                }
            }
        }
        node.dependents.forEach(d -> attemptToDelete.accept(d.identity));
    }

    /** The node with {@code uid}, or null when the graph has none. */
    public synchronized NodeView view(String uid) {
        GraphNode node = nodes.get(uid);
        if (node == null) {
            return null;
        }
        List<ObjectRef> dependents = new ArrayList<>();
        List<ObjectRef> blocking = new ArrayList<>();
        boolean someDeleting = false;
        for (GraphNode d : node.dependents) {
            dependents.add(d.identity);
            OwnerReference ref = d.ownerRef(uid);
            if (ref != null && blocks(ref)) {
                blocking.add(d.identity);
            }
            someDeleting |= d.deletingDependents;
        }
        return new NodeView(node.identity, node.virtual, node.beingDeleted, node.deletingDependents, dependents, blocking,
                someDeleting);
    }

    /** The identity of the observed (not virtual) object with {@code uid}, or null. */
    public synchronized ObjectRef observed(String uid) {
        GraphNode node = nodes.get(uid);
        return node == null || node.virtual ? null : node.identity;
    }

    /** How many nodes the graph holds, virtual ones included. */
    public synchronized int size() {
        return nodes.size();
    }

    /** Whether {@code ref}, held by {@code dependent}, can name the observed {@code owner}. */
    private static boolean resolvesTo(OwnerReference ref, ObjectRef dependent, ObjectRef owner) {
        return ref.getKind().equals(owner.kind())
                && (owner.namespace() == null || owner.namespace().equals(dependent.namespace()));
    }

    private static boolean blocks(OwnerReference ref) {
        return Boolean.TRUE.equals(ref.getBlockOwnerDeletion());
    }

    private static Map<String, OwnerReference> byUid(List<OwnerReference> refs) {
        Map<String, OwnerReference> map = new LinkedHashMap<>();
        for (OwnerReference r : refs) {
            map.put(Objects.requireNonNull(r.getUid(), "ownerReference uid"), r);
        }
        return map;
    }
}
