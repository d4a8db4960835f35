package io.kube4j.apiserver.openapi;

import io.kube4j.apiserver.schema.GroupVersionKind;
import java.util.List;
import java.util.Map;

/**
 * One HTTP operation of a path, in a form both document versions render.
 *
 * @param method      lower-case HTTP method: get, post, put, patch, delete
 * @param operationId upstream-style id, e.g. {@code patchCoreV1NamespacedPod}
 * @param action      {@code x-kubernetes-action}: get, list, watch, watchlist, post, put, patch,
 *                    delete, deletecollection, connect
 * @param description a one-line description
 * @param tag         e.g. {@code core_v1}
 * @param gvk         {@code x-kubernetes-group-version-kind} of what the operation acts on, or null
 * @param parameters  the operation's query parameters
 * @param body        the definition name of the request body, or null for none
 * @param consumes    request content types (ignored when there is no body)
 * @param produces    response content types
 * @param responses   status code to the definition name of the response body ("" for a plain
 *                    string, null for no body)
 */
record Operation(
        String method,
        String operationId,
        String action,
        String description,
        String tag,
        GroupVersionKind gvk,
        List<Parameter> parameters,
        String body,
        List<String> consumes,
        List<String> produces,
        Map<String, String> responses) {

    Operation {
        parameters = List.copyOf(parameters);
        consumes = List.copyOf(consumes);
        produces = List.copyOf(produces);
        responses = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(responses));
    }
}
