package io.kube4j.runtime.image;

import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * An OCI content descriptor: what a manifest or index points at.
 *
 * @param platform "os/architecture[/variant]" for an index entry; null if not given
 */
public record Descriptor(String mediaType, String digest, long size, String platform, Map<String, String> annotations) {

    public Descriptor {
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    }

    /** Reads a descriptor object; refuses one without a sha256 digest (it names files in the store). */
    static Descriptor from(JsonNode node) {
        String digest = node.path("digest").asString("");
        if (!Digests.isSha256(digest)) {
            throw new IllegalArgumentException("descriptor with unsupported digest \"" + digest + "\"");
        }
        String platform = null;
        JsonNode p = node.path("platform");
        if (p.isObject()) {
            platform = p.path("os").asString("") + "/" + p.path("architecture").asString("");
            String variant = p.path("variant").asString("");
            if (!variant.isEmpty()) {
                platform += "/" + variant;
            }
        }
        java.util.HashMap<String, String> annotations = new java.util.HashMap<>();
        for (Map.Entry<String, JsonNode> a : node.path("annotations").properties()) {
            annotations.put(a.getKey(), a.getValue().asString(""));
        }
        return new Descriptor(node.path("mediaType").asString(""), digest, node.path("size").asLong(-1), platform,
                annotations);
    }
}
