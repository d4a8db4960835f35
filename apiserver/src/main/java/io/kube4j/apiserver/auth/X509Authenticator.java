package io.kube4j.apiserver.auth;

import io.kube4j.apiserver.errors.ApiException;
import io.kube4j.apiserver.pki.CertificateSubject;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertStore;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Client certificates from the request's TLS session, as upstream's x509 authenticator reads
 * them: the chain the client sent (leaf first, intermediates in any order) must lead to the
 * cluster CA, be valid now, and the leaf must allow client authentication (no extended key usage,
 * {@code clientAuth}, or {@code anyExtendedKeyUsage}). The user is the leaf's CN, its groups the
 * O values. A valid certificate without a CN names no one and yields empty, so other
 * authenticators (or anonymous) decide; an invalid one is a 401.
 *
 * <p>Needs Jetty's {@code SecureRequestCustomizer}, which exposes the TLS session to the request
 * ({@code HttpsConnectors} installs it).
 *
 * <p>Building the certificate path costs more than serving a small request, and a client sends the
 * same chain on every request of a connection: chains that verified are remembered (at most
 * {@value #MAX_REMEMBERED}, for at most a minute and never past the leaf's expiry); refusals are not.
 * Thread-safe.
 */
public final class X509Authenticator implements Authenticator {

    private static final Logger LOG = LoggerFactory.getLogger(X509Authenticator.class);
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final String ANY_EXTENDED_KEY_USAGE = "2.5.29.37.0";

    private final X509Certificate ca;
    private final Set<TrustAnchor> anchors;
    private final Clock clock;
    private final Map<List<X509Certificate>, Instant> verified = new ConcurrentHashMap<>();

    static final int MAX_REMEMBERED = 1024;
    private static final Duration REMEMBER_FOR = Duration.ofMinutes(1);

    /** Accepts client certificates issued (directly or through intermediates) by {@code ca}. */
    public X509Authenticator(X509Certificate ca) {
        this(ca, Clock.systemUTC());
    }

    X509Authenticator(X509Certificate ca, Clock clock) {
        this.ca = Objects.requireNonNull(ca, "ca");
        this.anchors = Set.of(new TrustAnchor(ca, null));
        this.clock = clock;
    }

    @Override
    public Optional<UserInfo> authenticate(Request request) {
        if (!(request.getAttribute(EndPoint.SslSessionData.ATTRIBUTE) instanceof EndPoint.SslSessionData tls)) {
            return Optional.empty();
        }
        X509Certificate[] chain = tls.peerCertificates();
        return chain == null || chain.length == 0 ? Optional.empty() : authenticate(List.of(chain));
    }

    /**
     * The user the presented chain (leaf first) names.
     *
     * @throws ApiException.Unauthorized when the chain does not verify against the CA
     */
    public Optional<UserInfo> authenticate(List<X509Certificate> chain) {
        X509Certificate leaf = chain.getFirst();
        String problem = verifyRemembered(leaf, chain);
        if (problem != null) {
            LOG.debug("rejecting client certificate {} (serial {}): {}",
                    leaf.getSubjectX500Principal(), leaf.getSerialNumber().toString(16), problem);
            throw new ApiException.Unauthorized();
        }
        CertificateSubject subject = CertificateSubject.of(leaf);
        if (subject.commonName().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new UserInfo(subject.commonName(), "", subject.organizations(), Map.of()));
    }

    /** {@link #verify}, skipped for a chain that verified less than a minute ago and has not expired. */
    private String verifyRemembered(X509Certificate leaf, List<X509Certificate> chain) {
        Instant now = clock.instant();
        Instant until = verified.get(chain);
        if (until != null && now.isBefore(until)) {
            return null;
        }
        String problem = verify(leaf, chain);
        if (problem == null) {
            if (verified.size() >= MAX_REMEMBERED) {
                verified.clear();
            }
            Instant expiry = leaf.getNotAfter().toInstant();
            Instant remember = now.plus(REMEMBER_FOR);
            verified.put(List.copyOf(chain), remember.isBefore(expiry) ? remember : expiry);
        }
        return problem;
    }

    /** Why the chain is not acceptable, or null when it is. */
    private String verify(X509Certificate leaf, List<X509Certificate> chain) {
        try {
            List<String> usages = leaf.getExtendedKeyUsage();
            if (usages != null && !usages.contains(CLIENT_AUTH) && !usages.contains(ANY_EXTENDED_KEY_USAGE)) {
                return "its extended key usage does not allow client authentication";
            }
            X509CertSelector target = new X509CertSelector();
            target.setCertificate(leaf);
            PKIXBuilderParameters params = new PKIXBuilderParameters(anchors, target);
            params.setRevocationEnabled(false);
            params.setDate(Date.from(clock.instant()));
            // The anchor itself may be in what the client sent; the path must not contain it.
            List<X509Certificate> candidates = chain.stream().filter(c -> !c.equals(ca)).toList();
            params.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(candidates)));
            CertPathBuilder.getInstance("PKIX").build(params);
            return null;
        } catch (GeneralSecurityException e) {
            return e.getMessage();
        } catch (RuntimeException e) {
            return "unreadable certificate: " + e;
        }
    }

    @Override
    public String toString() {
        return "X509Authenticator[" + ca.getSubjectX500Principal() + "]";
    }
}
