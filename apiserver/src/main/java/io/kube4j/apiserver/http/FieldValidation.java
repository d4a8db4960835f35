package io.kube4j.apiserver.http;

import io.kube4j.apiserver.errors.ApiException;
import io.kube4j.apiserver.registry.ResourceType;
import io.kube4j.apiserver.rest.WriteOptions;
import io.kube4j.apiserver.schema.TypeModel;
import io.kube4j.apiserver.schema.UnknownFields;
import java.util.List;
import org.eclipse.jetty.http.HttpHeader;
import tools.jackson.databind.node.ObjectNode;

/**
 * Upstream's {@code fieldValidation} for request bodies: unknown fields are a 400 under Strict
 * ({@code strict decoding error: unknown field "spec.foo"}), a {@code Warning} header each under
 * Warn (the default), nothing under Ignore. Whatever the mode, unknown fields are then dropped
 * ({@link #prune}) before the object is stored, as upstream's decoder drops them. Thread-safe.
 */
public final class FieldValidation {

    private final TypeModel model;

    public FieldValidation(TypeModel model) {
        this.model = model;
    }

    /** Checks {@code body} per the request's {@code fieldValidation}, then drops its unknown fields. */
    void check(Call call, ObjectNode body, WriteOptions options) {
        report(call, body, options);
        prune(call.resource().type(), body);
    }

    /** Drops the fields {@code type} does not declare, at every level, in place; returns {@code object}. */
    ObjectNode prune(ResourceType type, ObjectNode object) {
        UnknownFields.prune(model, object, type.javaType());
        return object;
    }

    private void report(Call call, ObjectNode body, WriteOptions options) {
        if (options.fieldValidation() == WriteOptions.FieldValidation.IGNORE) {
            return;
        }
        List<String> unknown = UnknownFields.find(model, body, call.resource().type().javaType());
        if (unknown.isEmpty()) {
            return;
        }
        if (options.fieldValidation() == WriteOptions.FieldValidation.STRICT) {
            throw new ApiException.BadRequest(UnknownFields.strictMessage(unknown));
        }
        for (String path : unknown) {
            call.response().getHeaders().add(HttpHeader.WARNING.asString(),
                    "299 - \"" + UnknownFields.describe(path).replace("\"", "\\\"") + "\"");
        }
    }
}
