package io.kube4j.apiserver.http;

import io.kube4j.apiserver.errors.ApiException;
import io.kube4j.apiserver.registry.ResourceType;
import io.kube4j.apiserver.rest.WriteOptions;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * PATCH bodies by Content-Type: JSON patch, merge patch, strategic merge patch, server-side apply.
 * Turns the current object (null when absent, for apply) into the patched one. Stateless.
 */
public final class Patches {

    static final List<String> TYPES = List.of("application/json-patch+json", "application/merge-patch+json",
            "application/strategic-merge-patch+json", "application/apply-patch+yaml");

    public ObjectNode apply(ResourceType type, String contentType, ObjectNode current, byte[] body, WriteOptions options,
            boolean force) {
        throw new ApiException.UnsupportedMediaType(contentType, TYPES);
    }

    /** A patch of an autoscaling/v1 Scale (no strategic keys in a Scale: merge semantics). */
    public ObjectNode applyToScale(String contentType, ObjectNode scale, byte[] body) {
        throw new ApiException.UnsupportedMediaType(contentType, TYPES);
    }
}
