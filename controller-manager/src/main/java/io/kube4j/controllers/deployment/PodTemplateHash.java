package io.kube4j.controllers.deployment;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code pod-template-hash} of a Deployment's template (upstream's ComputeHash): FNV-1a 32-bit
 * over a canonical rendering of the template (JSON with object keys sorted, so the same template
 * always hashes the same whatever the order its maps were built in), then the collision count as
 * four little-endian bytes when set, then the decimal value mapped onto upstream's safe alphabet.
 * The value differs from upstream's (which hashes a Go dump of the struct); it is stable across
 * restarts and client libraries; empty values are left out, so {@code resources: {}} and no
 * resources hash alike. Also compares templates ignoring that label. Stateless.
 */
final class PodTemplateHash {

    static final String LABEL = "pod-template-hash";

    private static final String SAFE_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
    private static final int FNV_OFFSET = 0x811c9dc5;
    private static final int FNV_PRIME = 0x01000193;

    private PodTemplateHash() {
    }

    /** The hash label value for {@code template} with {@code collisionCount} (null: none yet). */
    static String compute(PodTemplateSpec template, Integer collisionCount) {
        StringBuilder canonical = new StringBuilder();
        JsonNode tree = pruned(Serialization.jsonMapper().valueToTree(template));
        if (tree != null) {
            render(tree, canonical);
        }
        int h = FNV_OFFSET;
        for (byte b : canonical.toString().getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xff)) * FNV_PRIME;
        }
        if (collisionCount != null) {
            int c = collisionCount;
            for (int i = 0; i < 4; i++) {
                h = (h ^ ((c >>> (8 * i)) & 0xff)) * FNV_PRIME;
            }
        }
        String decimal = Integer.toUnsignedString(h);
        StringBuilder out = new StringBuilder(decimal.length());
        for (int i = 0; i < decimal.length(); i++) {
            out.append(SAFE_ALPHABET.charAt(decimal.charAt(i) % SAFE_ALPHABET.length()));
        }
        return out.toString();
    }

    /** Whether two templates are equal once the hash label is removed from both (upstream's EqualIgnoreHash). */
    static boolean equalIgnoringHash(PodTemplateSpec a, PodTemplateSpec b) {
        return java.util.Objects.equals(withoutHash(a), withoutHash(b));
    }

    private static JsonNode withoutHash(PodTemplateSpec template) {
        JsonNode tree = Serialization.jsonMapper().valueToTree(template == null ? new PodTemplateSpec() : template);
        if (tree.path("metadata").path("labels") instanceof ObjectNode labels) {
            labels.remove(LABEL);
        }
        return pruned(tree);
    }

    /**
     * {@code node} without nulls, empty objects and empty arrays, at any depth: the apiserver keeps
     * what a client sent, so {@code resources: {}} from kubectl and no resources at all must compare
     * equal, as they do for upstream's semantic equality of Go structs.
     */
    static JsonNode pruned(JsonNode node) {
        if (node.isObject()) {
            ObjectNode out = Serialization.jsonMapper().createObjectNode();
            for (String name : node.propertyNames()) {
                JsonNode v = pruned(node.get(name));
                if (v != null) {
                    out.set(name, v);
                }
            }
            return out.isEmpty() ? null : out;
        }
        if (node.isArray()) {
            var out = Serialization.jsonMapper().createArrayNode();
            for (JsonNode item : node) {
                JsonNode v = pruned(item);
                out.add(v == null ? Serialization.jsonMapper().createObjectNode() : v);
            }
            return out.isEmpty() ? null : out;
        }
        return node.isNull() ? null : node;
    }

    /** JSON with object keys in sorted order; arrays keep their order, nulls are dropped. */
    private static void render(JsonNode node, StringBuilder out) {
        if (node.isObject()) {
            List<String> names = new ArrayList<>(node.propertyNames());
            names.sort(null);
            out.append('{');
            boolean first = true;
            for (String name : names) {
                JsonNode v = node.get(name);
                if (v == null || v.isNull()) {
                    continue;
                }
                if (!first) {
                    out.append(',');
                }
                first = false;
                out.append('"').append(name).append("\":");
                render(v, out);
            }
            out.append('}');
        } else if (node.isArray()) {
            out.append('[');
            for (int i = 0; i < node.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                render(node.get(i), out);
            }
            out.append(']');
        } else {
            out.append(node.toString());
        }
    }
}
