package io.kube4j.apiserver.fields;

import io.fabric8.kubernetes.api.model.Service;
import java.util.Map;
import java.util.Set;

/** Services: {@code spec.clusterIP} and {@code spec.type}. Stateless, thread-safe. */
public final class ServiceFields implements SelectableFields<Service> {

    private static final Set<String> LABELS =
            Set.of("metadata.namespace", "metadata.name", "spec.clusterIP", "spec.type");

    @Override
    public Set<String> labels() {
        return LABELS;
    }

    @Override
    public Map<String, String> fields(Service service) {
        if (service.getSpec() == null) {
            return Map.of("spec.clusterIP", "", "spec.type", "");
        }
        return Map.of("spec.clusterIP", Values.str(service.getSpec().getClusterIP()),
                "spec.type", Values.str(service.getSpec().getType()));
    }
}
