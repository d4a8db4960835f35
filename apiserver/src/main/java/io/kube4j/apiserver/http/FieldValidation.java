package io.kube4j.apiserver.http;

import io.kube4j.apiserver.errors.ApiException;
import io.kube4j.apiserver.rest.WriteOptions;
import io.kube4j.apiserver.schema.TypeModel;
import io.kube4j.apiserver.schema.UnknownFields;
import java.util.List;
import org.eclipse.jetty.http.HttpHeader;
import tools.jackson.databind.node.ObjectNode;

/**
 * Upstream's {@code fieldValidation} for request bodies: unknown fields are a 400 under Strict
 * ({@code strict decoding error: unknown field "spec.foo"}), a {@code Warning} header each under
 * Warn (the default), nothing under Ignore. Thread-safe.
 */
public final class FieldValidation {

    private final TypeModel model;

    public FieldValidation(TypeModel model) {
        this.model = model;
    }

    void check(Call call, ObjectNode body, WriteOptions options) {
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
