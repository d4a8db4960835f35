package io.kube4j.apiserver.http;

import io.kube4j.apiserver.apply.ServerSideApply;
import io.kube4j.apiserver.errors.ApiException;
import io.kube4j.apiserver.patch.JsonPatch;
import io.kube4j.apiserver.patch.MergePatch;
import io.kube4j.apiserver.patch.StrategicMergePatch;
import io.kube4j.apiserver.registry.ResourceType;
import io.kube4j.apiserver.rest.WriteOptions;
import io.kube4j.apiserver.storage.StorageCodec;
import java.time.Clock;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * PATCH bodies by Content-Type: JSON patch, merge patch, strategic merge patch, server-side apply.
 * Turns the current object (null when absent, for apply) into the patched one. A patch never
 * carries the resourceVersion it was computed from unless it names one itself, so a plain patch
 * is retried on a fresh object when another writer got in first, as upstream's. Thread-safe.
 */
public final class Patches {

    static final List<String> TYPES = List.of("application/json-patch+json", "application/merge-patch+json",
            "application/strategic-merge-patch+json", "application/apply-patch+yaml");

    private final Clock clock = Clock.systemUTC();

    public ObjectNode apply(ResourceType type, String contentType, ObjectNode current, byte[] body, WriteOptions options,
            boolean force) {
        if (contentType.startsWith("application/apply-patch")) {
            ObjectNode applied = Bodies.parseObject(body, "application/yaml");
            WriteVerbs.checkKind(type, applied);
            ObjectNode result = ServerSideApply.apply(current, applied, type.javaType(), options.fieldManager(), force,
                    type.apiVersion(), clock.instant());
            ObjectNode meta = StorageCodec.metadata(result);
            String wanted = applied.path("metadata").path("resourceVersion").asString("");
            if (wanted.isEmpty()) {
                meta.remove("resourceVersion");
            } else {
                meta.put("resourceVersion", wanted);
            }
            return result;
        }
        if (current == null) {
            throw new ApiException.NotFound(type.plural(), type.group(), "");
        }
        String before = current.path("metadata").path("resourceVersion").asString("");
        JsonNode patched = switch (contentType) {
            case "application/json-patch+json" -> JsonPatch.apply(current, Bodies.parse(body, "application/json"));
            case "application/merge-patch+json" -> MergePatch.apply(current, Bodies.parse(body, "application/json"));
            case "application/strategic-merge-patch+json" -> StrategicMergePatch.apply(current,
                    Bodies.parse(body, "application/json"), type.javaType());
            default -> throw new ApiException.UnsupportedMediaType(contentType, TYPES);
        };
        if (!(patched instanceof ObjectNode result)) {
            throw new ApiException.BadRequest("the patch did not produce an object");
        }
        ObjectNode meta = StorageCodec.metadata(result);
        if (meta.path("resourceVersion").asString("").equals(before)) {
            // The patch did not name a version: apply it to whatever is current.
            meta.remove("resourceVersion");
        }
        return result;
    }

    /** A patch of an autoscaling/v1 Scale (no strategic keys in a Scale: merge semantics). */
    public ObjectNode applyToScale(String contentType, ObjectNode scale, byte[] body) {
        JsonNode patched = switch (contentType) {
            case "application/json-patch+json" -> JsonPatch.apply(scale, Bodies.parse(body, "application/json"));
            case "application/merge-patch+json", "application/strategic-merge-patch+json" ->
                    MergePatch.apply(scale, Bodies.parse(body, "application/json"));
            default -> throw new ApiException.UnsupportedMediaType(contentType, TYPES);
        };
        if (!(patched instanceof ObjectNode result)) {
            throw new ApiException.BadRequest("the patch did not produce an object");
        }
        return result;
    }
}
