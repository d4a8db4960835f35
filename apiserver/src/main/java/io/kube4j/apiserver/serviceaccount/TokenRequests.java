package io.kube4j.apiserver.serviceaccount;

import io.kube4j.apiserver.errors.ApiException;
import io.kube4j.apiserver.errors.FieldError;
import io.kube4j.apiserver.json.KubeJson;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Upstream's {@code serviceaccounts/token} subresource: turns an {@code authentication.k8s.io/v1}
 * TokenRequest into a signed token. Defaults (audiences = the apiserver's, expirationSeconds =
 * 3600), validates (at least 10 minutes, at most 2^32 s: 422), binds to a Pod (which must run as
 * this service account; its node is recorded too), Secret or Node in the request's
 * {@code boundObjectRef} (404 when absent, 409 when the given uid differs), shortens to
 * {@code --service-account-max-token-expiration}, and extends pod-bound 3607 s tokens to a year
 * with a {@code warnafter} claim as upstream's safe-rollout rule. Nothing is stored. Thread-safe.
 */
public final class TokenRequests {

    /** What the kubelet's projected volume asks for; upstream extends such pod-bound tokens. */
    public static final long WARN_ONLY_EXPIRATION_SECONDS = 3607;
    /** How long an extended token really lives (upstream's ExpirationExtensionSeconds: a year). */
    static final long EXTENDED_EXPIRATION_SECONDS = 365L * 24 * 60 * 60;
    static final long DEFAULT_EXPIRATION_SECONDS = 3600;
    static final long MIN_EXPIRATION_SECONDS = 600;
    static final long MAX_EXPIRATION_SECONDS = 1L << 32;
    private static final String GROUP = "authentication.k8s.io";

    private final ServiceAccountIssuer issuer;
    private final TokenObjects objects;

    /** @param objects read-through lookups (a token must not be issued for an object just deleted) */
    public TokenRequests(ServiceAccountIssuer issuer, TokenObjects objects) {
        this.issuer = issuer;
        this.objects = objects;
    }

    /**
     * Issues the token {@code request} asks for service account {@code namespace/name}.
     *
     * @return the TokenRequest with its status (token and expirationTimestamp), to be sent as 201
     * @throws ApiException 404 (no such service account or bound object), 400 (bound object of an
     *                      unsupported kind or pod of another service account), 409 (uid
     *                      mismatch), 422 (invalid request)
     */
    public ObjectNode create(String namespace, String name, ObjectNode request) {
        ObjectNode out = request.deepCopy();
        out.put("kind", "TokenRequest");
        out.put("apiVersion", GROUP + "/v1");
        ObjectNode meta = object(out, "metadata");
        String givenName = meta.path("name").asString("");
        if (!givenName.isEmpty() && !givenName.equals(name)) {
            throw invalid(name, FieldError.invalid("metadata.name", givenName, "must match the service account name if specified"));
        }
        String givenNs = meta.path("namespace").asString("");
        if (!givenNs.isEmpty() && !givenNs.equals(namespace)) {
            throw invalid(name, FieldError.invalid("metadata.namespace", givenNs,
                    "must match the service account namespace if specified"));
        }
        JsonNode account = objects.serviceAccounts().find(namespace, name)
                .orElseThrow(() -> new ApiException.NotFound("serviceaccounts", "", name));
        String accountUid = account.path("metadata").path("uid").asString("");
        String givenUid = meta.path("uid").asString("");
        if (!givenUid.isEmpty() && !givenUid.equals(accountUid)) {
            throw new ApiException.Conflict("TokenRequest", GROUP, name, "the UID in the token request (" + givenUid
                    + ") does not match the UID of the service account (" + accountUid + ")");
        }
        ObjectNode spec = object(out, "spec");
        List<String> audiences = strings(spec.get("audiences"));
        if (audiences.isEmpty()) {
            audiences = issuer.settings().audiences();
            ArrayNode a = spec.putArray("audiences");
            audiences.forEach(a::add);
        }
        JsonNode expirationNode = spec.get("expirationSeconds");
        long expiration = expirationNode == null || expirationNode.isNull() ? DEFAULT_EXPIRATION_SECONDS
                : expirationNode.asLong();
        spec.put("expirationSeconds", expiration);
        meta.put("name", name);
        meta.put("namespace", namespace);
        meta.put("uid", accountUid);
        Instant now = issuer.clock().instant();
        meta.put("creationTimestamp", format(now));
        out.remove("status");
        if (expiration < MIN_EXPIRATION_SECONDS) {
            throw invalid("", FieldError.invalid("spec.expirationSeconds", expiration, "may not specify a duration less than 10 minutes"));
        }
        if (expiration > MAX_EXPIRATION_SECONDS) {
            throw invalid("", FieldError.invalid("spec.expirationSeconds", expiration, "may not specify a duration larger than 2^32 seconds"));
        }
        Bound bound = bind(namespace, name, spec.get("boundObjectRef"));
        if (issuer.settings().maxExpiration() != null && expiration > issuer.settings().maxExpiration().toSeconds()) {
            expiration = issuer.settings().maxExpiration().toSeconds();
            spec.put("expirationSeconds", expiration);
        }
        long lifetime = expiration;
        Instant warnAfter = null;
        if (issuer.settings().extendExpiration() && bound.pod() != null && expiration == WARN_ONLY_EXPIRATION_SECONDS
                && issuer.settings().audiences().containsAll(audiences)) {
            warnAfter = now.plusSeconds(expiration);
            long max = issuer.settings().maxExpiration() == null ? Long.MAX_VALUE : issuer.settings().maxExpiration().toSeconds();
            lifetime = Math.max(expiration, Math.min(EXTENDED_EXPIRATION_SECONDS, max));
        }
        TokenClaims claims = new TokenClaims(issuer.settings().signingIssuer(), ServiceAccountUsers.userName(namespace, name),
                audiences, now, now, now.plusSeconds(lifetime), UUID.randomUUID().toString(), namespace,
                new TokenClaims.ObjectRef(name, accountUid), bound.pod(), bound.secret(), bound.node(), warnAfter);
        ObjectNode status = out.putObject("status");
        status.put("token", issuer.sign(claims));
        status.put("expirationTimestamp", format(now.plusSeconds(expiration)));
        return out;
    }

    /** What a token is bound to: a pod (with its node when scheduled), a secret, or a node. */
    private record Bound(TokenClaims.ObjectRef pod, TokenClaims.ObjectRef secret, TokenClaims.ObjectRef node) {
    }

    private Bound bind(String namespace, String saName, JsonNode ref) {
        if (ref == null || !ref.isObject()) {
            return new Bound(null, null, null);
        }
        String apiVersion = ref.path("apiVersion").asString("");
        String kind = ref.path("kind").asString("");
        String refName = ref.path("name").asString("");
        String refUid = ref.path("uid").asString("");
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        String version = apiVersion.contains("/") ? apiVersion.substring(apiVersion.indexOf('/') + 1) : apiVersion;
        Bound bound;
        String uid;
        if (group.isEmpty() && kind.equals("Pod")) {
            JsonNode pod = objects.pods().find(namespace, refName)
                    .orElseThrow(() -> new ApiException.NotFound("pods", "", refName));
            if (!saName.equals(pod.path("spec").path("serviceAccountName").asString(""))) {
                throw new ApiException.BadRequest("cannot bind token for serviceaccount \"" + saName
                        + "\" to pod running with different serviceaccount name.");
            }
            uid = uidOf(pod);
            String nodeName = pod.path("spec").path("nodeName").asString("");
            TokenClaims.ObjectRef node = nodeName.isEmpty() ? null : new TokenClaims.ObjectRef(nodeName,
                    objects.nodes().find(null, nodeName).map(TokenRequests::uidOf).orElse(""));
            bound = new Bound(new TokenClaims.ObjectRef(refName, uid), null, node);
        } else if (group.isEmpty() && kind.equals("Node")) {
            JsonNode node = objects.nodes().find(null, refName)
                    .orElseThrow(() -> new ApiException.NotFound("nodes", "", refName));
            uid = uidOf(node);
            bound = new Bound(null, null, new TokenClaims.ObjectRef(refName, uid));
        } else if (group.isEmpty() && kind.equals("Secret")) {
            JsonNode secret = objects.secrets().find(namespace, refName)
                    .orElseThrow(() -> new ApiException.NotFound("secrets", "", refName));
            uid = uidOf(secret);
            bound = new Bound(null, new TokenClaims.ObjectRef(refName, uid), null);
        } else {
            throw new ApiException.BadRequest("cannot bind token to object of type " + group + "/" + version
                    + ", Kind=" + kind);
        }
        if (!refUid.isEmpty() && !refUid.equals(uid)) {
            throw new ApiException.Conflict(kind, group, refName, "the UID in the bound object reference (" + refUid
                    + ") does not match the UID in record. The object might have been deleted and then recreated");
        }
        return bound;
    }

    private static String uidOf(JsonNode object) {
        return object.path("metadata").path("uid").asString("");
    }

    private static ApiException invalid(String name, FieldError error) {
        return new ApiException.Invalid("TokenRequest", GROUP, name, List.of(error));
    }

    private static ObjectNode object(ObjectNode parent, String field) {
        return parent.get(field) instanceof ObjectNode o ? o : parent.putObject(field);
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array != null && array.isArray()) {
            array.forEach(a -> out.add(a.asString("")));
        }
        return out;
    }

    private static String format(Instant t) {
        return DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    }
}
