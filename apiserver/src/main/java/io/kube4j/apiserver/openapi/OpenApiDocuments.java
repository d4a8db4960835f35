package io.kube4j.apiserver.openapi;

import io.kube4j.apiserver.json.KubeJson;
import io.kube4j.apiserver.registry.ResourceType;
import io.kube4j.apiserver.schema.Definition;
import io.kube4j.apiserver.schema.TypeModel;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.node.ObjectNode;

/**
 * The OpenAPI documents of the served API, generated from the {@link TypeModel} and the resource
 * list: the Swagger 2.0 document ({@code /openapi/v2}), the OpenAPI 3.0 index
 * ({@code /openapi/v3}) and one OpenAPI 3.0 document per group-version
 * ({@code /openapi/v3/api/v1}, {@code /openapi/v3/apis/apps/v1}). All are rendered once by
 * {@link #build} to JSON bytes; the instance is immutable and thread-safe. Callers must not
 * modify the returned arrays (they are shared, not copied, to serve them cheaply).
 */
public final class OpenApiDocuments {

    /** The {@code info.version} the documents carry: the Kubernetes release we present as. */
    static final String INFO_VERSION = "v1.33.0";

    private final byte[] v2;
    private final byte[] v3Index;
    private final Map<String, byte[]> v3;
    private final Map<String, String> v3Hashes;
    private final List<String> v3Order;

    private OpenApiDocuments(byte[] v2, byte[] v3Index, Map<String, byte[]> v3, Map<String, String> v3Hashes) {
        this.v2 = v2;
        this.v3Index = v3Index;
        this.v3 = Map.copyOf(v3);
        this.v3Hashes = Map.copyOf(v3Hashes);
        this.v3Order = List.copyOf(v3Hashes.keySet());
    }

    /**
     * Renders every document. {@code model} must have been built from (a superset of)
     * {@code resources}; IllegalArgumentException otherwise.
     */
    public static OpenApiDocuments build(TypeModel model, List<ResourceType> resources) {
        Map<String, List<PathItem>> byGroupVersion = new LinkedHashMap<>();
        List<PathItem> all = new ArrayList<>();
        for (ResourceType r : resources) {
            if (model.nameOf(r.javaType()).isEmpty()) {
                throw new IllegalArgumentException("resource " + r.qualifiedName() + " is not in the type model");
            }
            String gvPath = r.pathPrefix().substring(1);
            List<PathItem> items = byGroupVersion.computeIfAbsent(gvPath, k -> new ArrayList<>(List.of(root(r))));
            if (items.size() == 1) {
                all.add(items.getFirst());
            }
            List<PathItem> own = ResourcePaths.of(model, r);
            items.addAll(own);
            all.addAll(own);
        }
        byte[] v2 = bytes(V2Writer.document(INFO_VERSION, all, model.definitions()));
        Map<String, byte[]> v3 = new LinkedHashMap<>();
        Map<String, String> hashes = new LinkedHashMap<>();
        ObjectNode index = KubeJson.json().createObjectNode();
        ObjectNode paths = index.putObject("paths");
        for (Map.Entry<String, List<PathItem>> e : byGroupVersion.entrySet()) {
            List<Definition> defs = ReachableDefinitions.of(model, e.getValue());
            byte[] doc = bytes(V3Writer.document(INFO_VERSION, e.getValue(), defs));
            String hash = sha512(doc);
            v3.put(e.getKey(), doc);
            hashes.put(e.getKey(), hash);
            paths.putObject(e.getKey()).put("serverRelativeURL", "/openapi/v3/" + e.getKey() + "?hash=" + hash);
        }
        return new OpenApiDocuments(v2, bytes(index), v3, hashes);
    }

    /** The Swagger 2.0 document, JSON. */
    public byte[] v2() {
        return v2;
    }

    /** The v3 index: {@code {"paths":{"api/v1":{"serverRelativeURL":"/openapi/v3/api/v1?hash=..."}}}}. */
    public byte[] v3Index() {
        return v3Index;
    }

    /** The v3 document of {@code groupVersionPath} ({@code api/v1}, {@code apis/apps/v1}; a leading slash is ignored). */
    public Optional<byte[]> v3(String groupVersionPath) {
        return Optional.ofNullable(v3.get(strip(groupVersionPath)));
    }

    /**
     * The hash in the index's {@code serverRelativeURL} of {@code gvPath}: upper-case hex SHA-512
     * of the document, so it changes exactly when the document does (clients cache by it).
     * IllegalArgumentException for an unknown group-version.
     */
    public String v3Hash(String gvPath) {
        String hash = v3Hashes.get(strip(gvPath));
        if (hash == null) {
            throw new IllegalArgumentException("no OpenAPI v3 document for " + gvPath);
        }
        return hash;
    }

    /** The group-version paths that have a v3 document, in discovery order. */
    public List<String> v3Paths() {
        return v3Order;
    }

    private static PathItem root(ResourceType r) {
        Map<String, String> responses = new LinkedHashMap<>();
        responses.put("200", "io.k8s.apimachinery.pkg.apis.meta.v1.APIResourceList");
        responses.put("401", null);
        Operation get = new Operation("get", "get" + OperationNames.groupVersion(r.group(), r.version()) + "APIResources",
                null, "get available resources", OperationNames.tag(r.group(), r.version()), null, List.of(), null,
                List.of(), List.of("application/json", "application/yaml", "application/vnd.kubernetes.protobuf"),
                responses);
        return new PathItem(r.pathPrefix() + "/", List.of(), List.of(get));
    }

    private static String strip(String path) {
        return path.startsWith("/") ? path.substring(1) : path;
    }

    private static byte[] bytes(ObjectNode node) {
        return KubeJson.json().writeValueAsBytes(node);
    }

    private static String sha512(byte[] doc) {
        try {
            return HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("SHA-512").digest(doc));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-512 is a required JDK algorithm", e);
        }
    }
}
