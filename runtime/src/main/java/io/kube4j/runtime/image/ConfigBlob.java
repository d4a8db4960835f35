package io.kube4j.runtime.image;

import io.kube4j.runtime.ImageConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * An image's config blob (OCI image config / Docker image JSON), read: the container defaults and
 * the layers' diffIDs.
 *
 * @param diffIds "sha256:..." of each uncompressed layer, bottom first
 */
public record ConfigBlob(ImageConfig config, List<String> diffIds, String os, String architecture) {

    public ConfigBlob {
        diffIds = List.copyOf(diffIds);
    }

    /** Parses a config blob; throws {@link IllegalArgumentException} if it is not one. */
    public static ConfigBlob parse(byte[] body) {
        JsonNode root = Manifests.parse(body);
        JsonNode rootfs = root.path("rootfs");
        if (!rootfs.path("diff_ids").isArray()) {
            throw new IllegalArgumentException("image config has no rootfs.diff_ids");
        }
        List<String> diffIds = new ArrayList<>();
        for (JsonNode d : rootfs.path("diff_ids")) {
            String digest = d.asString("");
            if (!Digests.isSha256(digest)) {
                throw new IllegalArgumentException("image config has an unsupported diffID \"" + digest + "\"");
            }
            diffIds.add(digest);
        }
        JsonNode c = root.path("config");
        Map<String, String> labels = new HashMap<>();
        for (Map.Entry<String, JsonNode> l : c.path("Labels").properties()) {
            labels.put(l.getKey(), l.getValue().asString(""));
        }
        List<String> ports = new ArrayList<>();
        for (Map.Entry<String, JsonNode> p : c.path("ExposedPorts").properties()) {
            ports.add(p.getKey());
        }
        ImageConfig config = new ImageConfig(strings(c.path("Entrypoint")), strings(c.path("Cmd")),
                strings(c.path("Env")), c.path("WorkingDir").asString(""), c.path("User").asString(""),
                c.path("StopSignal").asString(""), ports, labels);
        return new ConfigBlob(config, diffIds, root.path("os").asString(""), root.path("architecture").asString(""));
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array.isArray()) {
            for (JsonNode s : array) {
                out.add(s.asString(""));
            }
        }
        return out;
    }
}
