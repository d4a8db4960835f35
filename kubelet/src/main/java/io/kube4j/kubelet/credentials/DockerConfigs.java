package io.kube4j.kubelet.credentials;

import io.fabric8.kubernetes.api.model.Secret;
import io.kube4j.runtime.RegistryAuth;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads registry credentials out of image pull Secrets as upstream's MakeDockerKeyring does: a
 * Secret of type {@code kubernetes.io/dockerconfigjson} with a non-empty {@code .dockerconfigjson}
 * ({@code {"auths": {REGISTRY: ENTRY}}}), or of type {@code kubernetes.io/dockercfg} with a
 * non-empty {@code .dockercfg} ({@code {REGISTRY: ENTRY}}); any other Secret gives nothing. An
 * entry's {@code auth} (base64 of {@code user:password}) wins over its {@code username} and
 * {@code password}; {@code identitytoken} is kept for registries that take refresh tokens. Stateless.
 */
public final class DockerConfigs {

    public static final String DOCKER_CONFIG_JSON_TYPE = "kubernetes.io/dockerconfigjson";
    public static final String DOCKER_CONFIG_JSON_KEY = ".dockerconfigjson";
    public static final String DOCKERCFG_TYPE = "kubernetes.io/dockercfg";
    public static final String DOCKERCFG_KEY = ".dockercfg";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private DockerConfigs() {}

    /**
     * Registry key (as written) → credentials, in the order of the document.
     *
     * @throws IllegalArgumentException when the document or an entry's {@code auth} is malformed (upstream fails the pull then)
     */
    public static Map<String, RegistryAuth> of(Secret secret) {
        Map<String, String> data = secret.getData() == null ? Map.of() : secret.getData();
        String type = secret.getType();
        if (DOCKER_CONFIG_JSON_TYPE.equals(type) && nonEmpty(data.get(DOCKER_CONFIG_JSON_KEY))) {
            return entries(parse(data.get(DOCKER_CONFIG_JSON_KEY)).path("auths"));
        }
        if (DOCKERCFG_TYPE.equals(type) && nonEmpty(data.get(DOCKERCFG_KEY))) {
            return entries(parse(data.get(DOCKERCFG_KEY)));
        }
        return Map.of();
    }

    private static boolean nonEmpty(String base64) {
        return base64 != null && !base64.isEmpty();
    }

    private static JsonNode parse(String base64) {
        try {
            return JSON.readTree(Base64.getMimeDecoder().decode(base64));
        } catch (JacksonException | IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid docker config in image pull secret: " + e.getMessage(), e);
        }
    }

    private static Map<String, RegistryAuth> entries(JsonNode registries) {
        Map<String, RegistryAuth> out = new LinkedHashMap<>();
        if (registries == null || !registries.isObject()) {
            return out;
        }
        for (Map.Entry<String, JsonNode> e : registries.properties()) {
            out.put(e.getKey(), entry(e.getValue()));
        }
        return out;
    }

    /** One registry's entry: {@code auth} decoded when present, else username and password. */
    static RegistryAuth entry(JsonNode node) {
        String username = text(node, "username");
        String password = text(node, "password");
        String auth = text(node, "auth");
        if (!auth.isEmpty()) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(auth), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unable to parse auth field, must be formatted as base64(username:password)", e);
            }
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("unable to parse auth field, must be formatted as base64(username:password)");
            }
            username = decoded.substring(0, colon);
            password = decoded.substring(colon + 1);
        }
        String identityToken = text(node, "identitytoken");
        return new RegistryAuth(username, password, identityToken.isEmpty() ? null : identityToken);
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || !v.isString() ? "" : v.asString();
    }
}
