package io.kube4j.kubelet.server;

import io.kube4j.apiserver.pki.CertificateAuthority;
import io.kube4j.apiserver.pki.KeyedCertificate;
import io.kube4j.apiserver.pki.Pem;
import io.kube4j.apiserver.pki.SubjectNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kubelet's serving certificate: the files given ({@code --tls-cert-file}), else a self-signed
 * one in {@code DATA_DIR/pki} made at first start and reused until it nears its end, as upstream's
 * kubelet makes one (its own little CA {@code NODE-ca@SECONDS} issuing a leaf for the node's name,
 * {@code localhost} and the loopback addresses). Stateless.
 */
public final class ServingCertificate {

    private static final Logger LOG = LoggerFactory.getLogger(ServingCertificate.class);
    private static final Duration VALIDITY = Duration.ofDays(365);
    private static final Duration RENEW_BEFORE = Duration.ofDays(30);

    private ServingCertificate() {}

    /**
     * The certificate (with its issuer, when self-signed, as the second element of the chain the
     * server presents).
     *
     * @param chain the leaf first; what the TLS server presents
     */
    public record Loaded(KeyedCertificate leaf, List<X509Certificate> chain) {}

    /**
     * Loads or makes the serving certificate.
     *
     * @throws IOException when files cannot be read or written
     * @throws IllegalArgumentException when given files are not PEM
     */
    public static Loaded loadOrCreate(KubeletServerConfig config) throws IOException {
        if (config.tlsCertFile() != null) {
            return read(config.tlsCertFile(), config.tlsPrivateKeyFile());
        }
        Path dir = config.dataDir().resolve("pki");
        Path cert = dir.resolve("kubelet.crt");
        Path key = dir.resolve("kubelet.key");
        if (Files.exists(cert) && Files.exists(key)) {
            try {
                Loaded loaded = read(cert, key);
                if (Instant.now().plus(RENEW_BEFORE).isBefore(loaded.leaf().certificate().getNotAfter().toInstant())) {
                    return loaded;
                }
                LOG.info("renewing the kubelet's self-signed certificate in {}: it ends soon", dir);
            } catch (IllegalArgumentException e) {
                LOG.warn("renewing the kubelet's self-signed certificate in {}: {}", dir, e.getMessage());
            }
        }
        Instant now = Instant.now();
        CertificateAuthority ca = CertificateAuthority.generate(config.nodeName() + "-ca@" + now.getEpochSecond(), now,
                VALIDITY);
        List<String> names = new ArrayList<>(List.of("localhost", "127.0.0.1", "::1"));
        try {
            SubjectNames.of(List.of(config.nodeName()));
            names.add(config.nodeName());
        } catch (IllegalArgumentException e) {
            LOG.debug("node name {} is not a DNS name; the certificate does not name it", config.nodeName());
        }
        KeyedCertificate leaf = ca.issueServing(config.nodeName(), SubjectNames.of(names), now, VALIDITY);
        Files.createDirectories(dir);
        Files.writeString(key, leaf.privateKeyPem());
        try {
            Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // Not a POSIX file system: nothing more to restrict.
        }
        Files.writeString(cert, leaf.certificatePem() + Pem.certificate(ca.certificate()));
        LOG.info("wrote the kubelet's self-signed serving certificate to {}", cert);
        return new Loaded(leaf, List.of(leaf.certificate(), ca.certificate()));
    }

    private static Loaded read(Path certFile, Path keyFile) throws IOException {
        List<X509Certificate> chain = Pem.parseCertificates(Files.readString(certFile));
        if (chain.isEmpty()) {
            throw new IllegalArgumentException(certFile + " holds no certificate");
        }
        KeyedCertificate leaf = new KeyedCertificate(chain.getFirst(), Pem.parsePrivateKey(Files.readString(keyFile)));
        return new Loaded(leaf, List.copyOf(chain));
    }
}
