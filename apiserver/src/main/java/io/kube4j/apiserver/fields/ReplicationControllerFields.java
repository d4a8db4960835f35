package io.kube4j.apiserver.fields;

import io.fabric8.kubernetes.api.model.ReplicationController;
import java.util.Map;
import java.util.Set;

/** Replication controllers: {@code status.replicas}. Stateless, thread-safe. */
public final class ReplicationControllerFields implements SelectableFields<ReplicationController> {

    private static final Set<String> LABELS = Set.of("metadata.name", "metadata.namespace", "status.replicas");

    @Override
    public Set<String> labels() {
        return LABELS;
    }

    @Override
    public Map<String, String> fields(ReplicationController rc) {
        return Map.of("status.replicas", Values.num(rc.getStatus() == null ? null : rc.getStatus().getReplicas()));
    }
}
