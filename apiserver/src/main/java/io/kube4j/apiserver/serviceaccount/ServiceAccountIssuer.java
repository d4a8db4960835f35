package io.kube4j.apiserver.serviceaccount;

import io.kube4j.apiserver.pki.ServiceAccountKeyFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.node.ObjectNode;

/**
 * The service-account token issuer of one apiserver: signs tokens with the signing key for the
 * first issuer, and verifies them against every verification key (the signing key's public half
 * first, then those of {@code --service-account-key-file}, deduplicated by key id) for any of the
 * issuers, checking the registered claims' times with upstream's one-minute leeway. Remembers the tokens
 * whose signature verified (bounded), so that a token used again costs a map lookup. Thread-safe.
 */
public final class ServiceAccountIssuer {

    /** go-jose's {@code DefaultLeeway}, which upstream's validator uses for exp, nbf and iat. */
    public static final Duration LEEWAY = Duration.ofMinutes(1);

    private final ServiceAccountSettings settings;
    private final PrivateKey signingKey;
    private final TokenKey signingPublic;
    private final List<TokenKey> keys;
    private final Map<String, List<TokenKey>> keysById;
    private final Clock clock;
    /**
     * Tokens whose signature, issuer and audience already checked out (an ES256 verification
     * costs a few hundred microseconds; a pod presents the same token for an hour). Times and the
     * named objects are still checked on every use. Cleared when full rather than evicted in order:
     * a refill costs one verification per token in use.
     */
    private final Map<String, TokenClaims> verified = new ConcurrentHashMap<>();
    private static final int VERIFIED_CACHE_SIZE = 4096;

    /**
     * @param signing    the key pair that signs tokens
     * @param verifying  further public keys that verify tokens (e.g. a previous signing key)
     * @throws IllegalArgumentException when a key is neither RSA nor EC P-256/384/521
     */
    public ServiceAccountIssuer(ServiceAccountSettings settings, KeyPair signing, List<PublicKey> verifying, Clock clock) {
        this.settings = settings;
        this.signingKey = signing.getPrivate();
        this.signingPublic = TokenKey.of(signing.getPublic());
        this.clock = clock;
        Map<String, TokenKey> unique = new LinkedHashMap<>();
        unique.put(signingPublic.keyId(), signingPublic);
        for (PublicKey key : verifying) {
            TokenKey k = TokenKey.of(key);
            unique.putIfAbsent(k.keyId(), k);
        }
        this.keys = List.copyOf(unique.values());
        Map<String, List<TokenKey>> byId = new LinkedHashMap<>();
        keys.forEach(k -> byId.put(k.keyId(), List.of(k)));
        this.keysById = Map.copyOf(byId);
    }

    /**
     * The issuer of {@code settings}: the signing key from its file, or {@code sa.key} in
     * {@code pkiDirectory} (created at first start); the verification keys from its key files.
     *
     * @throws IllegalArgumentException when a key file is malformed
     * @throws IOException              when a key file cannot be read, or sa.key not written
     */
    public static ServiceAccountIssuer load(ServiceAccountSettings settings, Path pkiDirectory) throws IOException {
        KeyPair signing = settings.signingKeyFile() != null
                ? ServiceAccountKeyFiles.readSigningKey(settings.signingKeyFile())
                : ServiceAccountKeyFiles.loadOrCreate(pkiDirectory);
        List<PublicKey> verifying = new ArrayList<>();
        for (Path file : settings.keyFiles()) {
            verifying.addAll(ServiceAccountKeyFiles.readPublicKeys(file));
        }
        return new ServiceAccountIssuer(settings, signing, verifying, Clock.systemUTC());
    }

    public ServiceAccountSettings settings() {
        return settings;
    }

    /** The clock tokens are issued and checked by. */
    public Clock clock() {
        return clock;
    }

    /** Every verification key, the signing key's first (what the JWKS document publishes). */
    public List<TokenKey> keys() {
        return keys;
    }

    /** Signs {@code claims} (whose {@code iss} is {@link ServiceAccountSettings#signingIssuer}). */
    public String sign(TokenClaims claims) {
        return sign(claims.toJson());
    }

    /** Signs a raw claims set (tests forge odd tokens with it). */
    String sign(ObjectNode claims) {
        return Jws.sign(claims, signingKey, signingPublic);
    }

    /** Whether {@code token} looks like a JWT from one of this server's issuers (signature unchecked). */
    public boolean isOurs(String token) {
        return Jws.peekClaims(token).map(c -> settings.issuers().contains(c.path("iss").asString(""))).orElse(false);
    }

    /**
     * The claims of a token this server issued, once its signature, issuer, audience and times
     * check out (upstream's order and wording). The objects it names are the caller's to check.
     *
     * @throws TokenRejected when any check fails
     */
    public TokenClaims verify(String token) {
        TokenClaims claims = verified.get(token);
        if (claims == null) {
            claims = verifySignedClaims(token);
            if (verified.size() >= VERIFIED_CACHE_SIZE) {
                verified.clear();
            }
            verified.put(token, claims);
        }
        Instant now = clock.instant();
        if (claims.expiry() != null && now.isAfter(claims.expiry().plus(LEEWAY))) {
            throw new TokenRejected("service account token has expired");
        }
        if (claims.notBefore() != null && now.plus(LEEWAY).isBefore(claims.notBefore())) {
            throw new TokenRejected("service account token is not valid yet");
        }
        if (claims.issuedAt() != null && now.plus(LEEWAY).isBefore(claims.issuedAt())) {
            throw new TokenRejected("service account token is issued in the future");
        }
        return claims;
    }

    /** Signature, issuer and audience: what never changes for a given token string. */
    private TokenClaims verifySignedClaims(String token) {
        ObjectNode json = Jws.verify(token, kid -> kid.isEmpty() ? keys : keysById.getOrDefault(kid, List.of()));
        String iss = json.path("iss").asString("");
        if (!settings.issuers().contains(iss)) {
            throw new TokenRejected("token issuer \"" + iss + "\" is invalid");
        }
        TokenClaims claims = TokenClaims.fromJson(json);
        List<String> audiences = claims.audiences().isEmpty() ? settings.audiences() : claims.audiences();
        if (audiences.stream().noneMatch(settings.audiences()::contains)) {
            throw new TokenRejected("token audiences " + audiences + " is invalid for the target audiences "
                    + settings.audiences());
        }
        return claims;
    }
}
