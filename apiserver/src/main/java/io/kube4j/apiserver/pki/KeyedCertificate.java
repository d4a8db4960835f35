package io.kube4j.apiserver.pki;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Objects;

/**
 * A certificate with its private key: an identity that can be presented in a TLS handshake.
 * Immutable; thread-safe. The private key is secret: never log it.
 *
 * @param certificate the leaf certificate
 * @param privateKey  the key matching the certificate's public key
 */
public record KeyedCertificate(X509Certificate certificate, PrivateKey privateKey) {

    public KeyedCertificate {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(privateKey, "privateKey");
    }

    /** The certificate as PEM. */
    public String certificatePem() {
        return Pem.certificate(certificate);
    }

    /** The private key as PEM ({@link Pem#privateKey}). */
    public String privateKeyPem() {
        return Pem.privateKey(privateKey);
    }

    @Override
    public String toString() {
        return "KeyedCertificate[" + certificate.getSubjectX500Principal() + "]";
    }
}
