package io.kube4j.apiserver.serviceaccount;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How the apiserver issues and accepts service-account tokens, named after kube-apiserver's flags.
 *
 * @param issuers          {@code --service-account-issuer} (repeatable): the first signs new
 *                         tokens, all are accepted; default {@value #DEFAULT_ISSUER}
 * @param keyFiles         {@code --service-account-key-file} (repeatable): PEM files of extra keys
 *                         that verify tokens (public keys, certificates or private keys)
 * @param signingKeyFile   {@code --service-account-signing-key-file}: the PEM private key that
 *                         signs tokens, or null for {@code sa.key} in the PKI directory (made at
 *                         first start)
 * @param apiAudiences     {@code --api-audiences}: what a token's {@code aud} must name one of to
 *                         be accepted here; empty = the issuers
 * @param maxExpiration    {@code --service-account-max-token-expiration}: longer requests are
 *                         shortened to this; null = no limit
 * @param extendExpiration {@code --service-account-extend-token-expiration}: pod-bound tokens asked
 *                         for 3607 s (the kubelet's projected volume) stay valid a year, with a
 *                         {@code warnafter} claim at the asked expiry, as upstream
 * @param jwksUri          {@code --service-account-jwks-uri}: the {@code jwks_uri} of the OIDC
 *                         discovery document, or null for {@code https://ADVERTISE:PORT/openid/v1/jwks}
 */
public record ServiceAccountSettings(List<String> issuers, List<Path> keyFiles, Path signingKeyFile,
        List<String> apiAudiences, Duration maxExpiration, boolean extendExpiration, String jwksUri) {

    /** Upstream's (kubeadm's) issuer, which is also the default audience. */
    public static final String DEFAULT_ISSUER = "https://kubernetes.default.svc.cluster.local";

    public ServiceAccountSettings {
        issuers = issuers == null || issuers.isEmpty() ? List.of(DEFAULT_ISSUER) : List.copyOf(issuers);
        keyFiles = keyFiles == null ? List.of() : List.copyOf(keyFiles);
        apiAudiences = apiAudiences == null ? List.of() : List.copyOf(apiAudiences);
        if (maxExpiration != null && (maxExpiration.isNegative() || maxExpiration.isZero())) {
            maxExpiration = null;
        }
        for (String issuer : issuers) {
            if (issuer.isBlank()) {
                throw new IllegalArgumentException("service-account-issuer must not be empty");
            }
            if (issuer.contains(":") && !isUrl(issuer)) {
                // Upstream's rule: an issuer with a colon must be a URL.
                throw new IllegalArgumentException("service-account-issuer " + issuer
                        + " contained a ':' but was not a valid URL");
            }
        }
    }

    private static boolean isUrl(String value) {
        try {
            java.net.URI uri = new java.net.URI(value);
            return uri.getScheme() != null && uri.getHost() != null;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    /** Upstream's defaults: the default issuer, a generated key, tokens extended for pods. */
    public static ServiceAccountSettings defaults() {
        return new ServiceAccountSettings(List.of(), List.of(), null, List.of(), null, true, null);
    }

    /** The issuer that signs new tokens. */
    public String signingIssuer() {
        return issuers.getFirst();
    }

    /** The audiences accepted here: {@link #apiAudiences}, or the issuers when none are given. */
    public List<String> audiences() {
        return apiAudiences.isEmpty() ? issuers : apiAudiences;
    }

    public ServiceAccountSettings withIssuers(List<String> values) {
        return new ServiceAccountSettings(values, keyFiles, signingKeyFile, apiAudiences, maxExpiration,
                extendExpiration, jwksUri);
    }

    public ServiceAccountSettings withKeys(List<Path> verifying, Path signing) {
        return new ServiceAccountSettings(issuers, verifying, signing, apiAudiences, maxExpiration,
                extendExpiration, jwksUri);
    }

    public ServiceAccountSettings withApiAudiences(List<String> values) {
        return new ServiceAccountSettings(issuers, keyFiles, signingKeyFile, values, maxExpiration,
                extendExpiration, jwksUri);
    }

    public ServiceAccountSettings withExpiration(Duration max, boolean extend) {
        return new ServiceAccountSettings(issuers, keyFiles, signingKeyFile, apiAudiences, max, extend, jwksUri);
    }

    public ServiceAccountSettings withJwksUri(String uri) {
        return new ServiceAccountSettings(issuers, keyFiles, signingKeyFile, apiAudiences, maxExpiration,
                extendExpiration, uri);
    }
}
