package io.kube4j.apiserver.patch;

import io.kube4j.apiserver.errors.ApiException;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * RFC 6902 JSON patch ({@code application/json-patch+json}) with kube-apiserver's limits and
 * errors: a document that is not an array of operation objects is 400 BadRequest; more than
 * {@value #MAX_OPERATIONS} operations is 413; an operation that does not apply (a failed
 * {@code test}, a path that does not exist, an unknown {@code op}) is 422 Invalid with upstream's
 * generic message. As upstream's patch library does, array indices may be negative (counted from
 * the end) and {@code -} appends.
 *
 * <p>Pure function: the inputs are never mutated; thread-safe.
 */
public final class JsonPatch {

    /** Upstream's limit on operations in one JSON patch. */
    public static final int MAX_OPERATIONS = 10_000;

    private JsonPatch() {
    }

    /**
     * Applies {@code patch} to {@code target}.
     *
     * @return a new document
     * @throws ApiException.BadRequest            the patch is not a JSON patch document
     * @throws ApiException.RequestEntityTooLarge it has more than {@value #MAX_OPERATIONS} operations
     * @throws ApiException.Invalid               an operation does not apply
     */
    public static JsonNode apply(JsonNode target, JsonNode patch) {
        List<JsonPatchOp> ops = decode(patch);
        if (ops.size() > MAX_OPERATIONS) {
            throw new ApiException.RequestEntityTooLarge("The allowed maximum operations in a JSON patch is "
                    + MAX_OPERATIONS + ", got " + ops.size());
        }
        // One wrapper object holds the document so that the root can be replaced like any member.
        ObjectNode holder = tools.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        holder.set("", target.deepCopy());
        for (JsonPatchOp op : ops) {
            op.applyTo(holder);
        }
        return holder.get("");
    }

    private static List<JsonPatchOp> decode(JsonNode patch) {
        if (patch == null || !patch.isArray()) {
            throw PatchErrors.badRequest("json: cannot unmarshal " + goKind(patch) + " into Go value of type jsonpatch.Patch");
        }
        List<JsonPatchOp> ops = new ArrayList<>(patch.size());
        for (JsonNode op : (ArrayNode) patch) {
            if (!op.isObject()) {
                throw PatchErrors.badRequest("json: cannot unmarshal " + goKind(op)
                        + " into Go value of type jsonpatch.Operation");
            }
            ops.add(JsonPatchOp.of((ObjectNode) op));
        }
        return ops;
    }

    /** How Go's decoder names a JSON value's kind in its errors. */
    static String goKind(JsonNode n) {
        if (n == null || n.isNull()) {
            return "null";
        }
        if (n.isObject()) {
            return "object";
        }
        if (n.isArray()) {
            return "array";
        }
        if (n.isString()) {
            return "string";
        }
        if (n.isBoolean()) {
            return "bool";
        }
        return "number";
    }
}
