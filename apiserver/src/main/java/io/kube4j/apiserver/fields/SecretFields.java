package io.kube4j.apiserver.fields;

import io.fabric8.kubernetes.api.model.Secret;
import java.util.Map;
import java.util.Set;

/** Secrets: {@code type}. Stateless, thread-safe. */
public final class SecretFields implements SelectableFields<Secret> {

    private static final Set<String> LABELS = Set.of("type", "metadata.namespace", "metadata.name");

    @Override
    public Set<String> labels() {
        return LABELS;
    }

    @Override
    public Map<String, String> fields(Secret secret) {
        return Map.of("type", Values.str(secret.getType()));
    }
}
