package io.kube4j.apiserver.pki;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import javax.net.ssl.SSLContext;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster's certificates, kept under {@code DATA_DIR/tls/}: the CA ({@code ca.crt},
 * {@code ca.key}), the apiserver's serving certificate ({@code serving.crt}, {@code serving.key})
 * and the admin client certificate ({@code admin.crt}, {@code admin.key}; CN
 * {@value #ADMIN_USER}, O {@value #ADMIN_GROUP}) and the client certificate the apiserver presents to
 * kubelets ({@code apiserver-kubelet-client.crt}, {@code .key}; CN {@value #KUBELET_CLIENT_USER}, O
 * {@value #ADMIN_GROUP}). PEM; keys mode 0600.
 *
 * <p>{@link #loadOrCreate} makes what is missing and reuses what is there. A leaf is issued anew
 * (from the same CA, leaving the others alone) when it is unreadable, not signed by the CA, does
 * not match its key, expires within {@link #RENEW_BEFORE}, or — for the serving certificate —
 * does not cover every name now required (a new {@code --tls-san}, a new host address). A CA
 * placed in the directory before the first start is used as is.
 *
 * <p>Immutable after loading; thread-safe.
 */
public final class ClusterPki {

    /** The admin user's name (its certificate's CN). */
    public static final String ADMIN_USER = "kube4j-admin";
    /** The admin user's group: upstream's superuser group, which RBAC always allows. */
    public static final String ADMIN_GROUP = "system:masters";
    /** The user of the apiserver's kubelet client certificate (kubeadm's CN for it). */
    public static final String KUBELET_CLIENT_USER = "kube-apiserver-kubelet-client";
    static final String KUBELET_CLIENT_FILE = "apiserver-kubelet-client";
    static final String CA_NAME = "kube4j-ca";
    static final String SERVING_NAME = "kube-apiserver";
    static final Duration CA_VALIDITY = Duration.ofDays(3650);
    static final Duration LEAF_VALIDITY = Duration.ofDays(365);
    /** A leaf closer than this to its end is re-issued at load. */
    static final Duration RENEW_BEFORE = Duration.ofDays(30);

    private static final Logger LOG = LoggerFactory.getLogger(ClusterPki.class);

    private final Path directory;
    private final Clock clock;
    private final CertificateAuthority ca;
    private final KeyedCertificate serving;
    private final KeyedCertificate admin;
    private final KeyedCertificate kubeletClient;

    private ClusterPki(Path directory, Clock clock, CertificateAuthority ca, KeyedCertificate serving,
                       KeyedCertificate admin, KeyedCertificate kubeletClient) {
        this.directory = directory;
        this.clock = clock;
        this.ca = ca;
        this.serving = serving;
        this.admin = admin;
        this.kubeletClient = kubeletClient;
    }

    /**
     * Loads the PKI under {@code dataDir/tls}, creating or re-issuing what is missing or unfit.
     *
     * @param extraSans names and IP addresses ({@code --tls-san}) the serving certificate must
     *                  cover on top of {@link ServingNames#required}
     * @throws IllegalArgumentException when an extra SAN is malformed
     * @throws IllegalStateException    when the CA is unusable (a certificate without its key,
     *                                  a key that does not match, an expired CA)
     * @throws IOException              when the files cannot be read or written
     */
    public static ClusterPki loadOrCreate(Path dataDir, List<String> extraSans) throws IOException {
        return loadOrCreate(dataDir, extraSans, Clock.systemUTC());
    }

    static ClusterPki loadOrCreate(Path dataDir, List<String> extraSans, Clock clock) throws IOException {
        SubjectNames required = ServingNames.required(extraSans);
        Path dir = dataDir.resolve("tls");
        PkiFiles.ensureDirectory(dir);
        Instant now = clock.instant();
        CertificateAuthority ca = loadOrCreateCa(dir, now);
        KeyedCertificate serving = loadLeaf(dir, "serving", ca, now,
                cert -> SubjectNames.of(cert).covers(required))
                .orElseGet(() -> store(dir, "serving", ca.issueServing(SERVING_NAME, required, now, LEAF_VALIDITY)));
        KeyedCertificate admin = loadLeaf(dir, "admin", ca, now,
                cert -> CertificateSubject.of(cert).equals(new CertificateSubject(ADMIN_USER, List.of(ADMIN_GROUP))))
                .orElseGet(() -> store(dir, "admin", ca.issueClient(ADMIN_USER, List.of(ADMIN_GROUP), now, LEAF_VALIDITY)));
        KeyedCertificate kubeletClient = loadLeaf(dir, KUBELET_CLIENT_FILE, ca, now,
                cert -> CertificateSubject.of(cert).equals(new CertificateSubject(KUBELET_CLIENT_USER, List.of(ADMIN_GROUP))))
                .orElseGet(() -> store(dir, KUBELET_CLIENT_FILE,
                        ca.issueClient(KUBELET_CLIENT_USER, List.of(ADMIN_GROUP), now, LEAF_VALIDITY)));
        return new ClusterPki(dir, clock, ca, serving, admin, kubeletClient);
    }

    /** The directory holding the files ({@code DATA_DIR/tls}). */
    public Path directory() {
        return directory;
    }

    /** The cluster CA certificate. */
    public X509Certificate caCertificate() {
        return ca.certificate();
    }

    /** The CA certificate as PEM (what kubeconfigs and service-account volumes carry). */
    public String caPem() {
        return Pem.certificate(ca.certificate());
    }

    /** The apiserver's serving certificate and key. */
    public KeyedCertificate serving() {
        return serving;
    }

    /** The admin client certificate and key. */
    public KeyedCertificate admin() {
        return admin;
    }

    /**
     * The certificate the apiserver presents to kubelets (upstream's
     * {@code --kubelet-client-certificate}; kubeadm's {@code apiserver-kubelet-client.crt}).
     */
    public KeyedCertificate kubeletClient() {
        return kubeletClient;
    }

    /**
     * A new, unstarted Jetty server TLS factory: presents the serving certificate, asks for (does
     * not require) a client certificate naming the CA as issuer. The connector that receives it
     * owns its lifecycle. Client chains are verified per request by {@code X509Authenticator}.
     */
    public SslContextFactory.Server sslContextFactory() {
        SslContextFactory.Server factory = new SslContextFactory.Server();
        factory.setSslContext(TlsContexts.server(serving, ca.certificate()));
        factory.setWantClientAuth(true);
        factory.setNeedClientAuth(false);
        return factory;
    }

    /** A client TLS context presenting the admin certificate and trusting only the CA. */
    public SSLContext adminSslContext() {
        return TlsContexts.client(admin, ca.certificate());
    }

    /**
     * A fresh client certificate for user {@code commonName} in {@code groups}, signed by the CA,
     * valid for {@link #LEAF_VALIDITY}. Not stored: the caller keeps it.
     */
    public KeyedCertificate issueClientCertificate(String commonName, List<String> groups) {
        return ca.issueClient(commonName, groups, clock.instant(), LEAF_VALIDITY);
    }

    private static CertificateAuthority loadOrCreateCa(Path dir, Instant now) throws IOException {
        Optional<String> certPem = PkiFiles.read(dir.resolve("ca.crt"));
        Optional<String> keyPem = PkiFiles.read(dir.resolve("ca.key"));
        if (certPem.isPresent() && keyPem.isEmpty()) {
            throw new IllegalStateException(dir.resolve("ca.crt") + " exists but " + dir.resolve("ca.key")
                    + " does not: cannot issue certificates without the CA key");
        }
        if (certPem.isEmpty()) {
            // A key without a certificate is a creation cut short: nothing can trust it yet.
            CertificateAuthority created = CertificateAuthority.generate(CA_NAME, now, CA_VALIDITY);
            PkiFiles.writeSecret(dir.resolve("ca.key"), created.keyed().privateKeyPem());
            PkiFiles.writePublic(dir.resolve("ca.crt"), created.keyed().certificatePem());
            LOG.info("created cluster CA {} in {}", created.certificate().getSubjectX500Principal(), dir);
            return created;
        }
        CertificateAuthority loaded;
        try {
            loaded = new CertificateAuthority(new KeyedCertificate(
                    Pem.parseCertificates(certPem.get()).getFirst(), Pem.parsePrivateKey(keyPem.get())));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("unusable cluster CA in " + dir + ": " + e.getMessage(), e);
        }
        Instant notAfter = loaded.certificate().getNotAfter().toInstant();
        if (!now.isBefore(notAfter)) {
            throw new IllegalStateException("the cluster CA in " + dir + " expired at " + notAfter
                    + "; replace ca.crt and ca.key (or remove the directory to start a new CA)");
        }
        if (now.plus(RENEW_BEFORE).isAfter(notAfter)) {
            LOG.warn("the cluster CA in {} expires at {}", dir, notAfter);
        }
        return loaded;
    }

    private static Optional<KeyedCertificate> loadLeaf(Path dir, String name, CertificateAuthority ca, Instant now,
                                                       Predicate<X509Certificate> fits) throws IOException {
        Optional<String> certPem = PkiFiles.read(dir.resolve(name + ".crt"));
        Optional<String> keyPem = PkiFiles.read(dir.resolve(name + ".key"));
        if (certPem.isEmpty() || keyPem.isEmpty()) {
            LOG.info("issuing the {} certificate: none yet in {}", name, dir);
            return Optional.empty();
        }
        KeyedCertificate leaf;
        try {
            leaf = new KeyedCertificate(Pem.parseCertificates(certPem.get()).getFirst(), Pem.parsePrivateKey(keyPem.get()));
        } catch (IllegalArgumentException e) {
            LOG.warn("re-issuing the {} certificate: {}", name, e.getMessage());
            return Optional.empty();
        }
        String unfit = unfitness(leaf, ca, now, fits);
        if (unfit != null) {
            LOG.info("re-issuing the {} certificate: {}", name, unfit);
            return Optional.empty();
        }
        return Optional.of(leaf);
    }

    /** Why a stored leaf cannot be reused, or null when it can. */
    private static String unfitness(KeyedCertificate leaf, CertificateAuthority ca, Instant now,
                                    Predicate<X509Certificate> fits) {
        X509Certificate cert = leaf.certificate();
        if (!ca.signed(cert)) {
            return "not signed by the current CA";
        }
        if (!Pem.matches(leaf.privateKey(), cert)) {
            return "its key does not match";
        }
        if (now.isBefore(cert.getNotBefore().toInstant())) {
            return "not valid before " + cert.getNotBefore().toInstant();
        }
        if (now.plus(RENEW_BEFORE).isAfter(cert.getNotAfter().toInstant())) {
            return "expires at " + cert.getNotAfter().toInstant();
        }
        if (!fits.test(cert)) {
            return "it does not cover what is now required";
        }
        return null;
    }

    private static KeyedCertificate store(Path dir, String name, KeyedCertificate leaf) {
        try {
            // Key first: a crash between the two leaves a stale pair that the next load re-issues.
            PkiFiles.writeSecret(dir.resolve(name + ".key"), leaf.privateKeyPem());
            PkiFiles.writePublic(dir.resolve(name + ".crt"), leaf.certificatePem());
            return leaf;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the " + name + " certificate to " + dir, e);
        }
    }
}
