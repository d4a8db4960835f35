package io.kube4j.apiserver.serviceaccount;

import io.kube4j.apiserver.auth.Authenticator;
import io.kube4j.apiserver.auth.BearerToken;
import io.kube4j.apiserver.auth.UserInfo;
import io.kube4j.apiserver.errors.ApiException;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.jetty.server.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Bearer tokens issued by this apiserver's {@link ServiceAccountIssuer}, checked as upstream's
 * service-account JWT authenticator does: signature, issuer, audience, times (with a minute's
 * leeway), then the objects: the service account must exist with the claimed uid and not have
 * been deleted more than a minute ago; so must a bound secret, pod or (for a token bound to a node
 * alone) node. The bound pod's node is only reported, never checked (upstream likewise).
 *
 * <p>A bearer token that is not a JWT of one of our issuers, or fails a check, is 401 here (the
 * reason is logged at debug); the chain then lets the other authenticators try it. Thread-safe.
 */
public final class ServiceAccountAuthenticator implements Authenticator {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceAccountAuthenticator.class);

    private final ServiceAccountIssuer issuer;
    private final Supplier<TokenObjects> objects;

    /**
     * @param objects where the named objects are found; may answer null until the apiserver's
     *                resources exist (requests are then 401)
     */
    public ServiceAccountAuthenticator(ServiceAccountIssuer issuer, Supplier<TokenObjects> objects) {
        this.issuer = issuer;
        this.objects = objects;
    }

    @Override
    public Optional<UserInfo> authenticate(Request request) {
        Optional<String> token = BearerToken.from(request);
        if (token.isEmpty()) {
            return Optional.empty();
        }
        if (!issuer.isOurs(token.get())) {
            throw new ApiException.Unauthorized();
        }
        try {
            return Optional.of(user(token.get()));
        } catch (TokenRejected e) {
            LOG.debug("service account token refused: {}", e.getMessage());
            throw new ApiException.Unauthorized();
        }
    }

    /**
     * The user a token names.
     *
     * @throws TokenRejected with upstream's reason when the token is not (or no longer) valid
     */
    public UserInfo user(String token) {
        TokenClaims claims = issuer.verify(token);
        TokenObjects lookups = objects.get();
        if (lookups == null) {
            throw new TokenRejected("the apiserver is not ready to look up service accounts");
        }
        Instant deletedBefore = issuer.clock().instant().minus(ServiceAccountIssuer.LEEWAY);
        String namespace = claims.namespace();
        TokenClaims.ObjectRef sa = claims.serviceAccount();
        JsonNode account = lookups.serviceAccounts().find(namespace, sa.name())
                .orElseThrow(() -> new TokenRejected("serviceaccounts \"" + sa.name() + "\" not found"));
        if (!uid(account).equals(sa.uid())) {
            throw new TokenRejected("service account UID (" + uid(account) + ") does not match claim (" + sa.uid() + ")");
        }
        if (deletedBefore(account, deletedBefore)) {
            throw new TokenRejected("service account " + namespace + "/" + sa.name() + " has been deleted");
        }
        if (claims.secret() != null) {
            checkBound(lookups.secrets(), namespace, claims.secret(), "secret", deletedBefore);
        }
        String podName = "";
        String podUid = "";
        if (claims.pod() != null) {
            checkBound(lookups.pods(), namespace, claims.pod(), "pod", deletedBefore);
            podName = claims.pod().name();
            podUid = claims.pod().uid();
        }
        String nodeName = "";
        String nodeUid = "";
        if (claims.node() != null) {
            if (claims.pod() == null) {
                checkBound(lookups.nodes(), null, claims.node(), "node", deletedBefore);
            }
            nodeName = claims.node().name();
            nodeUid = claims.node().uid();
        }
        return ServiceAccountUsers.user(namespace, sa.name(), sa.uid(), podName, podUid, nodeName, nodeUid,
                claims.id() == null ? "" : claims.id());
    }

    private static void checkBound(ObjectLookup lookup, String namespace, TokenClaims.ObjectRef ref, String kind,
            Instant deletedBefore) {
        JsonNode object = lookup.find(namespace, ref.name())
                .orElseThrow(() -> new TokenRejected("service account token has been invalidated"));
        if (!uid(object).equals(ref.uid())) {
            throw new TokenRejected(kind + " UID (" + uid(object) + ") does not match service account " + kind
                    + " ref claim (" + ref.uid() + ")");
        }
        if (deletedBefore(object, deletedBefore)) {
            throw new TokenRejected("service account token has been invalidated");
        }
    }

    private static String uid(JsonNode object) {
        return object.path("metadata").path("uid").asString("");
    }

    private static boolean deletedBefore(JsonNode object, Instant limit) {
        String ts = object.path("metadata").path("deletionTimestamp").asString("");
        return !ts.isEmpty() && Instant.parse(ts).isBefore(limit);
    }
}
