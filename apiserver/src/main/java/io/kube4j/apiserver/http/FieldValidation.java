package io.kube4j.apiserver.http;

import io.kube4j.apiserver.errors.ApiException;
import io.kube4j.apiserver.rest.WriteOptions;
import io.kube4j.apiserver.schema.TypeModel;
import io.kube4j.apiserver.schema.UnknownFields;
import java.util.List;
import org.eclipse.jetty.http.HttpHeader;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Upstream's {@code fieldValidation} for request bodies: unknown fields are a 400 under Strict
 * ({@code strict decoding error: unknown field "spec.foo"}), a {@code Warning} header each under
 * Warn (the default), nothing under Ignore; unless refused, unknown fields are dropped from the
 * body as upstream's typed decoding drops them. Thread-safe.
 */
public final class FieldValidation {

    private final TypeModel model;

    public FieldValidation(TypeModel model) {
        this.model = model;
    }

    void check(Call call, ObjectNode body, WriteOptions options) {
        List<String> unknown = UnknownFields.find(model, body, call.resource().type().javaType());
        if (unknown.isEmpty()) {
            return;
        }
        if (options.fieldValidation() == WriteOptions.FieldValidation.STRICT) {
            throw new ApiException.BadRequest(UnknownFields.strictMessage(unknown));
        }
        if (options.fieldValidation() == WriteOptions.FieldValidation.WARN) {
            for (String path : unknown) {
                call.response().getHeaders().add(HttpHeader.WARNING.asString(),
                        "299 - \"" + UnknownFields.describe(path).replace("\"", "\\\"") + "\"");
            }
        }
        // Upstream decodes into typed structs, which drop unknown fields: they are never stored.
        for (String path : unknown) {
            remove(body, path);
        }
    }

    /** Removes the field at {@code path} ({@code spec.containers[0].foo}) when it is there. */
    static void remove(JsonNode root, String path) {
        JsonNode node = root;
        String[] parts = path.split("\\.");
        for (int i = 0; i < parts.length && node != null; i++) {
            String part = parts[i];
            int bracket = part.indexOf('[');
            String field = bracket < 0 ? part : part.substring(0, bracket);
            if (i == parts.length - 1 && bracket < 0) {
                if (node instanceof ObjectNode o) {
                    o.remove(field);
                }
                return;
            }
            node = node.get(field);
            while (bracket >= 0 && node != null) {
                int close = part.indexOf(']', bracket);
                node = node.get(Integer.parseInt(part.substring(bracket + 1, close)));
                bracket = part.indexOf('[', close);
            }
        }
    }
}
