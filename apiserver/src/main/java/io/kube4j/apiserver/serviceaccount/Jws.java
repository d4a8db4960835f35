package io.kube4j.apiserver.serviceaccount;

import io.kube4j.apiserver.json.KubeJson;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Compact JWS (RFC 7515) for service-account tokens: {@code base64url(header).base64url(claims).
 * base64url(signature)}, unpadded, with the header upstream writes ({@code {"alg":..,"kid":..}}).
 * Only the algorithms of {@link TokenKey} are accepted when verifying, and a token's {@code alg}
 * must be its key's: a token cannot pick a weaker algorithm (or {@code none}). Stateless;
 * thread-safe.
 */
public final class Jws {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private Jws() {
    }

    /** Signs {@code claims} with {@code key}, whose public half is {@code publicKey}. */
    public static String sign(ObjectNode claims, PrivateKey key, TokenKey publicKey) {
        ObjectNode header = KubeJson.json().createObjectNode();
        header.put("alg", publicKey.algorithm());
        header.put("kid", publicKey.keyId());
        String signingInput = encode(header) + "." + encode(claims);
        try {
            Signature signer = Signature.getInstance(publicKey.jcaAlgorithm());
            signer.initSign(key);
            signer.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + ENCODER.encodeToString(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a token with " + publicKey.algorithm() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The claims of a compact JWS, without checking anything: empty when {@code token} is not
     * three base64url parts with a JSON object in the middle. Only for deciding whether a token
     * is ours to verify, as upstream peeks at {@code iss}.
     */
    public static Optional<ObjectNode> peekClaims(String token) {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3 || token.strip().startsWith("{")) {
            return Optional.empty();
        }
        return object(parts[1]);
    }

    /**
     * The claims of {@code token} once its signature verifies with one of the keys
     * {@code keysById} gives for the token's {@code kid} (the argument is "" when the header
     * names none, and the function should then return every key).
     *
     * @throws TokenRejected when the token is malformed or no key verifies it
     */
    public static ObjectNode verify(String token, Function<String, List<TokenKey>> keysById) {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            throw new TokenRejected("token is not a compact JWS");
        }
        ObjectNode header = object(parts[0]).orElseThrow(() -> new TokenRejected("malformed token header"));
        ObjectNode claims = object(parts[1]).orElseThrow(() -> new TokenRejected("malformed token claims"));
        byte[] signature;
        try {
            signature = DECODER.decode(parts[2]);
        } catch (IllegalArgumentException e) {
            throw new TokenRejected("malformed token signature");
        }
        String alg = header.path("alg").asString("");
        List<TokenKey> keys = keysById.apply(header.path("kid").asString(""));
        if (keys.isEmpty()) {
            throw new TokenRejected("invalid signature, no keys found");
        }
        byte[] signingInput = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
        for (TokenKey key : keys) {
            if (key.algorithm().equals(alg) && verifies(key, signingInput, signature)) {
                return claims;
            }
        }
        throw new TokenRejected("square/go-jose: error in cryptographic primitive");
    }

    private static boolean verifies(TokenKey key, byte[] input, byte[] signature) {
        try {
            Signature verifier = Signature.getInstance(key.jcaAlgorithm());
            verifier.initVerify(key.publicKey());
            verifier.update(input);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private static String encode(JsonNode node) {
        return ENCODER.encodeToString(KubeJson.json().writeValueAsBytes(node));
    }

    private static Optional<ObjectNode> object(String part) {
        try {
            JsonNode node = KubeJson.json().readTree(DECODER.decode(part));
            return node instanceof ObjectNode o ? Optional.of(o) : Optional.empty();
        } catch (IllegalArgumentException | JacksonException e) {
            return Optional.empty();
        }
    }
}
