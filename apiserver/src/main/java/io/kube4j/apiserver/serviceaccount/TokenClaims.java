package io.kube4j.apiserver.serviceaccount;

import io.kube4j.apiserver.json.KubeJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The claims of a bound service-account token, as upstream writes them: the registered claims
 * {@code aud}, {@code exp}, {@code iat}, {@code iss}, {@code jti}, {@code nbf}, {@code sub} and the
 * private {@code kubernetes.io} claim ({@code namespace}, {@code serviceaccount}, and the bound
 * {@code pod} (with its {@code node}), {@code secret} or {@code node}, and {@code warnafter}).
 * Members appear in Go's order (sorted), times are whole seconds since the epoch. Immutable.
 *
 * @param audiences never empty in tokens issued here; read as empty from a token without {@code aud}
 * @param pod       the bound pod, or null (likewise {@code secret}, {@code node})
 * @param warnAfter when an extended token should have expired, or null
 */
public record TokenClaims(String issuer, String subject, List<String> audiences, Instant issuedAt,
        Instant notBefore, Instant expiry, String id, String namespace, ObjectRef serviceAccount, ObjectRef pod,
        ObjectRef secret, ObjectRef node, Instant warnAfter) {

    /** A name and uid in the {@code kubernetes.io} claim. */
    public record ObjectRef(String name, String uid) {
        ObjectNode json() {
            ObjectNode ref = KubeJson.json().createObjectNode();
            if (!name.isEmpty()) {
                ref.put("name", name);
            }
            if (!uid.isEmpty()) {
                ref.put("uid", uid);
            }
            return ref;
        }

        static ObjectRef from(JsonNode node) {
            if (node == null || !node.isObject()) {
                return null;
            }
            return new ObjectRef(node.path("name").asString(""), node.path("uid").asString(""));
        }
    }

    public TokenClaims {
        audiences = List.copyOf(audiences);
    }

    /** The JSON claims set. */
    public ObjectNode toJson() {
        ObjectNode c = KubeJson.json().createObjectNode();
        audiences.forEach(c.putArray("aud")::add);
        seconds(c, "exp", expiry);
        seconds(c, "iat", issuedAt);
        c.put("iss", issuer);
        if (id != null && !id.isEmpty()) {
            c.put("jti", id);
        }
        ObjectNode k = c.putObject("kubernetes.io");
        k.put("namespace", namespace);
        if (node != null) {
            k.set("node", node.json());
        }
        if (pod != null) {
            k.set("pod", pod.json());
        }
        if (secret != null) {
            k.set("secret", secret.json());
        }
        k.set("serviceaccount", serviceAccount.json());
        seconds(k, "warnafter", warnAfter);
        seconds(c, "nbf", notBefore);
        c.put("sub", subject);
        return c;
    }

    /**
     * Reads the claims of a (verified) token.
     *
     * @throws TokenRejected when a registered claim has the wrong type or the
     *                       {@code kubernetes.io} claim is missing
     */
    public static TokenClaims fromJson(ObjectNode c) {
        JsonNode k = c.path("kubernetes.io");
        if (!k.isObject() || !k.path("serviceaccount").isObject()) {
            throw new TokenRejected("service account token is missing its kubernetes.io claims");
        }
        return new TokenClaims(c.path("iss").asString(""), c.path("sub").asString(""), audiences(c.get("aud")),
                time(c, "iat"), time(c, "nbf"), time(c, "exp"), c.path("jti").asString(""),
                k.path("namespace").asString(""), ObjectRef.from(k.get("serviceaccount")), ObjectRef.from(k.get("pod")),
                ObjectRef.from(k.get("secret")), ObjectRef.from(k.get("node")), time(k, "warnafter"));
    }

    /** {@code aud} may be one string or an array of them (RFC 7519). */
    private static List<String> audiences(JsonNode aud) {
        List<String> out = new ArrayList<>();
        if (aud == null || aud.isNull()) {
            return out;
        }
        if (aud.isString()) {
            out.add(aud.asString());
            return out;
        }
        if (!aud.isArray()) {
            throw new TokenRejected("square/go-jose/jwt: expected string or array value to unmarshal to Audience");
        }
        for (JsonNode a : aud) {
            if (!a.isString()) {
                throw new TokenRejected("square/go-jose/jwt: expected string or array value to unmarshal to Audience");
            }
            out.add(a.asString());
        }
        return out;
    }

    private static Instant time(JsonNode node, String name) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isNumber()) {
            throw new TokenRejected("claim " + name + " is not a number");
        }
        return Instant.ofEpochSecond(v.asLong());
    }

    private static void seconds(ObjectNode node, String name, Instant value) {
        if (value != null) {
            node.put(name, value.getEpochSecond());
        }
    }
}
