package io.kube4j.apiserver.rest;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.kube4j.apiserver.errors.FieldError;
import io.kube4j.apiserver.registry.ResourceType;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The object-metadata checks every resource shares (upstream's {@code ValidateObjectMeta}).
 * Stateless.
 */
final class MetadataRules {

    private MetadataRules() {
    }

    static List<FieldError> validateCreate(ResourceType type, HasMetadata object) {
        ObjectMeta meta = object.getMetadata();
        List<FieldError> errors = new ArrayList<>();
        if (meta.getName() == null || meta.getName().isEmpty()) {
            errors.add(FieldError.required("metadata.name", "name or generateName is required"));
        }
        return errors;
    }

    static List<FieldError> validateUpdate(ResourceType type, HasMetadata object, HasMetadata old) {
        List<FieldError> errors = new ArrayList<>();
        if (!Objects.equals(object.getMetadata().getName(), old.getMetadata().getName())) {
            errors.add(FieldError.invalid("metadata.name", object.getMetadata().getName(), "field is immutable"));
        }
        return errors;
    }
}
