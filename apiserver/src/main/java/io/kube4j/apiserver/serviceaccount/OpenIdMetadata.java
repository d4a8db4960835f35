package io.kube4j.apiserver.serviceaccount;

import io.kube4j.apiserver.json.KubeJson;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Supplier;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The service-account issuer's OIDC discovery documents, as upstream serves them:
 * {@value #CONFIG_PATH} ({@code issuer}, {@code jwks_uri}, {@code response_types_supported}
 * [id_token], {@code subject_types_supported} [public], {@code id_token_signing_alg_values_supported})
 * and {@value #JWKS_PATH} (the public verification keys as a JWK set). Both are public cacheable
 * for an hour. The JWKS URI is {@code --service-account-jwks-uri}, or the apiserver's external
 * address with {@value #JWKS_PATH} (asked for on first use, once the port is bound). Thread-safe.
 */
public final class OpenIdMetadata {

    public static final String CONFIG_PATH = "/.well-known/openid-configuration";
    public static final String JWKS_PATH = "/openid/v1/jwks";
    /** Upstream's {@code Cache-Control} for both documents. */
    public static final String CACHE_CONTROL = "public, max-age=3600";
    public static final String CONFIG_CONTENT_TYPE = "application/json";
    public static final String JWKS_CONTENT_TYPE = "application/jwk-set+json";

    private final ServiceAccountIssuer issuer;
    private final Supplier<String> externalAddress;

    /** @param externalAddress {@code host:port} clients reach this apiserver at */
    public OpenIdMetadata(ServiceAccountIssuer issuer, Supplier<String> externalAddress) {
        this.issuer = issuer;
        this.externalAddress = externalAddress;
    }

    /** The discovery document. */
    public byte[] configuration() {
        ObjectNode doc = KubeJson.json().createObjectNode();
        doc.put("issuer", issuer.settings().signingIssuer());
        String jwks = issuer.settings().jwksUri();
        doc.put("jwks_uri", jwks != null ? jwks : "https://" + externalAddress.get() + JWKS_PATH);
        doc.putArray("response_types_supported").add("id_token");
        doc.putArray("subject_types_supported").add("public");
        ArrayNode algs = doc.putArray("id_token_signing_alg_values_supported");
        new TreeSet<>(issuer.keys().stream().map(TokenKey::algorithm).toList()).forEach(algs::add);
        return KubeJson.json().writeValueAsBytes(doc);
    }

    /** The JWK set of every verification key. */
    public byte[] keySet() {
        ObjectNode doc = KubeJson.json().createObjectNode();
        ArrayNode keys = doc.putArray("keys");
        List<TokenKey> all = issuer.keys();
        all.forEach(k -> keys.add(k.jwk()));
        return KubeJson.json().writeValueAsBytes(doc);
    }
}
