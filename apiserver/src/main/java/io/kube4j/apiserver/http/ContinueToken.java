package io.kube4j.apiserver.http;

import io.kube4j.apiserver.errors.ApiException;
import io.kube4j.apiserver.json.KubeJson;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code continue} token of a paged list, shaped as upstream's: base64 of
 * {@code {"v":"meta.k8s.io/v1","rv":REV,"start":KEY}}, where KEY is the next key relative to the
 * resource's prefix. The revision pins every page to one consistent snapshot of the store.
 */
record ContinueToken(long revision, String start) {

    String encode() {
        ObjectNode n = KubeJson.json().createObjectNode();
        n.put("v", "meta.k8s.io/v1");
        n.put("rv", revision);
        n.put("start", start);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(KubeJson.json().writeValueAsBytes(n));
    }

    static ContinueToken decode(String token) {
        try {
            JsonNode n = KubeJson.json().readTree(Base64.getUrlDecoder().decode(token.getBytes(StandardCharsets.US_ASCII)));
            if (!"meta.k8s.io/v1".equals(n.path("v").asString("")) || n.path("rv").asLong(0) <= 0
                    || !n.path("start").isString()) {
                throw new IllegalArgumentException("unknown token version or shape");
            }
            String start = n.path("start").asString();
            if (start.contains("..") || start.startsWith("/")) {
                throw new IllegalArgumentException("invalid start key");
            }
            return new ContinueToken(n.path("rv").asLong(), start);
        } catch (RuntimeException e) {
            throw new ApiException.BadRequest("continue key is not valid: " + e.getMessage());
        }
    }
}
