package io.kube4j.controllers.garbagecollector;

import io.fabric8.kubernetes.api.model.OwnerReference;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One object of the dependency graph (upstream's node): its identity, the owner references it
 * carries and the nodes that name it as an owner. A virtual node stands for an owner known only
 * from a reference, until a watch shows it or a live read shows it absent. Mutable and not
 * thread-safe: only {@link GraphBuilder} touches it, under its lock.
 */
final class GraphNode {

    ObjectRef identity;
    List<OwnerReference> owners = List.of();
    final Set<GraphNode> dependents = new LinkedHashSet<>();
    boolean virtual;
    boolean beingDeleted;
    /** Being deleted in the foreground: it has the foregroundDeletion finalizer and a deletionTimestamp. */
    boolean deletingDependents;

    GraphNode(ObjectRef identity, boolean virtual) {
        this.identity = identity;
        this.virtual = virtual;
    }

    /** The reference of this node to the owner with {@code uid}, or null. */
    OwnerReference ownerRef(String uid) {
        for (OwnerReference r : owners) {
            if (uid.equals(r.getUid())) {
                return r;
            }
        }
        return null;
    }
}
