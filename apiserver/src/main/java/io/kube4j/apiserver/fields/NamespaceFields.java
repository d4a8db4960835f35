package io.kube4j.apiserver.fields;

import io.fabric8.kubernetes.api.model.Namespace;
import java.util.Map;
import java.util.Set;

/** Namespaces: {@code status.phase}; cluster-scoped, so no {@code metadata.namespace}. Stateless. */
public final class NamespaceFields implements SelectableFields<Namespace> {

    private static final Set<String> LABELS = Set.of("status.phase", "metadata.name");

    @Override
    public Set<String> labels() {
        return LABELS;
    }

    @Override
    public Map<String, String> fields(Namespace namespace) {
        return Map.of("status.phase",
                namespace.getStatus() == null ? "" : Values.str(namespace.getStatus().getPhase()));
    }
}
