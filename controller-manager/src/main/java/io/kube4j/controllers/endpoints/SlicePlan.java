package io.kube4j.controllers.endpoints;

import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.List;

/**
 * The writes that bring a service's EndpointSlices to the desired state: slices to create (with
 * generateName), existing slices to replace (carrying their resourceVersion), slices to delete.
 * Immutable.
 */
record SlicePlan(List<EndpointSlice> creates, List<EndpointSlice> updates, List<EndpointSlice> deletes) {

    SlicePlan {
        creates = List.copyOf(creates);
        updates = List.copyOf(updates);
        deletes = List.copyOf(deletes);
    }

    boolean empty() {
        return creates.isEmpty() && updates.isEmpty() && deletes.isEmpty();
    }
}
