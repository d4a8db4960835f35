package io.kube4j.runtime.image;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads image manifests and indexes (OCI and Docker v2 schema 2) and picks this host's platform
 * from an index. Stateless and thread-safe; malformed documents throw {@link IllegalArgumentException}.
 */
public final class Manifests {

    static final ObjectMapper JSON = JsonMapper.builder().build();

    /** A single-platform image manifest. */
    public record Manifest(String mediaType, Descriptor config, List<Descriptor> layers) {
        public Manifest {
            layers = List.copyOf(layers);
        }
    }

    private Manifests() {}

    /** The host's platform in OCI's terms, e.g. "linux/amd64" or "linux/arm64". */
    public static String hostPlatform() {
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        String oci = switch (arch) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            case "x86", "i386", "i686" -> "386";
            case "ppc64le" -> "ppc64le";
            case "s390x" -> "s390x";
            case "riscv64" -> "riscv64";
            default -> arch;
        };
        return "linux/" + oci;
    }

    /** The media type of a manifest document: the HTTP Content-Type when set, else the body's own. */
    public static String mediaType(byte[] body, String contentType) {
        String declared = contentType == null ? "" : contentType.split(";")[0].trim();
        if (!declared.isEmpty() && !declared.equals("application/json") && !declared.equals("text/plain")
                && !declared.equals("application/octet-stream")) {
            return declared;
        }
        JsonNode node = parse(body);
        String own = node.path("mediaType").asString("");
        if (!own.isEmpty()) {
            return own;
        }
        if (node.has("manifests")) {
            return MediaTypes.OCI_INDEX;
        }
        if (node.path("schemaVersion").asInt() == 1) {
            return MediaTypes.DOCKER_SCHEMA1;
        }
        return MediaTypes.OCI_MANIFEST;
    }

    public static Manifest manifest(byte[] body, String mediaType) {
        JsonNode node = parse(body);
        if (!node.path("config").isObject() || !node.path("layers").isArray()) {
            throw new IllegalArgumentException("manifest has no config or layers");
        }
        List<Descriptor> layers = new ArrayList<>();
        for (JsonNode l : node.path("layers")) {
            layers.add(Descriptor.from(l));
        }
        return new Manifest(mediaType, Descriptor.from(node.path("config")), layers);
    }

    public static List<Descriptor> index(byte[] body) {
        JsonNode node = parse(body);
        if (!node.path("manifests").isArray()) {
            throw new IllegalArgumentException("index has no manifests");
        }
        List<Descriptor> out = new ArrayList<>();
        for (JsonNode m : node.path("manifests")) {
            out.add(Descriptor.from(m));
        }
        return out;
    }

    /**
     * The entry of an index for {@code platform} ("os/arch[/variant]"): an exact match first, then
     * one with the same os and architecture whatever its variant (containerd's default matcher is as
     * lenient for amd64). Attestation manifests ("unknown/unknown") never match.
     */
    public static Optional<Descriptor> select(List<Descriptor> entries, String platform) {
        for (Descriptor d : entries) {
            if (platform.equals(d.platform())) {
                return Optional.of(d);
            }
        }
        for (Descriptor d : entries) {
            if (d.platform() != null && (d.platform() + "/").startsWith(platform + "/")) {
                return Optional.of(d);
            }
        }
        // A single-entry index without a platform is taken as what it is (image layouts often write so).
        if (entries.size() == 1 && entries.getFirst().platform() == null) {
            return Optional.of(entries.getFirst());
        }
        return Optional.empty();
    }

    static JsonNode parse(byte[] body) {
        try {
            JsonNode node = JSON.readTree(body);
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException("not a JSON object");
            }
            return node;
        } catch (JacksonException e) {
            throw new IllegalArgumentException("malformed JSON: " + e.getOriginalMessage(), e);
        }
    }
}
