package io.kube4j.apiserver.rest;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.kube4j.apiserver.errors.FieldError;
import io.kube4j.apiserver.registry.ResourceType;
import io.kube4j.apiserver.validation.ObjectMetaValidation;
import java.util.List;

/**
 * The object-metadata checks every resource shares (upstream's {@code ValidateObjectMeta}), with
 * the name rule of the resource's strategy. Stateless.
 */
final class MetadataRules {

    private MetadataRules() {
    }

    static List<FieldError> validateCreate(ResourceType type, HasMetadata object) {
        return ObjectMetaValidation.validate(object, type.namespaced(), type.strategy().nameRule());
    }

    static List<FieldError> validateUpdate(ResourceType type, HasMetadata object, HasMetadata old) {
        return ObjectMetaValidation.validateUpdate(object, old);
    }
}
