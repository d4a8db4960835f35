package io.kube4j.apiserver.fields;

import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.util.Map;
import java.util.Set;

/** Replica sets: {@code status.replicas}. Stateless, thread-safe. */
public final class ReplicaSetFields implements SelectableFields<ReplicaSet> {

    private static final Set<String> LABELS = Set.of("metadata.name", "metadata.namespace", "status.replicas");

    @Override
    public Set<String> labels() {
        return LABELS;
    }

    @Override
    public Map<String, String> fields(ReplicaSet rs) {
        return Map.of("status.replicas", Values.num(rs.getStatus() == null ? null : rs.getStatus().getReplicas()));
    }
}
