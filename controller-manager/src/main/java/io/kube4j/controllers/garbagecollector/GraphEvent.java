package io.kube4j.controllers.garbagecollector;

import io.fabric8.kubernetes.api.model.OwnerReference;
import java.util.List;

/**
 * A change the graph builder applies to the dependency graph: an object seen by a watch, or the
 * absence of an object (observed, or established by a live read: upstream's virtual delete). Immutable.
 */
public sealed interface GraphEvent {

    /** An object added or updated: its identity, its owner references and its deletion state. */
    record Upserted(ObjectRef object, List<OwnerReference> owners, boolean beingDeleted, List<String> finalizers)
            implements GraphEvent {
        public Upserted {
            owners = List.copyOf(owners);
            finalizers = List.copyOf(finalizers);
        }
    }

    /** An object that no longer exists. */
    record Deleted(ObjectRef object) implements GraphEvent {
    }
}
