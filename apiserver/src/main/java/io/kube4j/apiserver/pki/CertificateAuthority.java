package io.kube4j.apiserver.pki;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority that signs the cluster's certificates. New keys are ECDSA P-256: they
 * are made in about a millisecond (RSA-2048 takes a hundred or more, which adds up when every
 * kubelet and every test asks for one), give smaller handshakes and 128-bit strength against
 * RSA-2048's 112, and Go (kubectl, kubelet), OpenSSL (curl), the JDK and fabric8 all accept them.
 * A CA key brought from elsewhere may be RSA; it then signs with SHA256withRSA.
 *
 * <p>Leaves are backdated by an hour to tolerate clock skew and never outlive the CA. Immutable;
 * thread-safe (issuing uses only local state and a shared {@link SecureRandom}).
 */
public final class CertificateAuthority {

    /** How far {@code notBefore} is set back, so a peer whose clock lags still accepts a new cert. */
    static final Duration BACKDATE = Duration.ofHours(1);

    private static final SecureRandom RANDOM = new SecureRandom();

    private final KeyedCertificate ca;

    /**
     * Wraps an existing CA.
     *
     * @throws IllegalArgumentException when the key does not match the certificate or the
     *                                  certificate is not a CA
     */
    public CertificateAuthority(KeyedCertificate ca) {
        this.ca = Objects.requireNonNull(ca, "ca");
        if (ca.certificate().getBasicConstraints() < 0) {
            throw new IllegalArgumentException(ca.certificate().getSubjectX500Principal() + " is not a CA certificate");
        }
        if (!Pem.matches(ca.privateKey(), ca.certificate())) {
            throw new IllegalArgumentException("the CA private key does not match the CA certificate");
        }
    }

    /** A new self-signed CA valid from {@code now} (backdated) for {@code validity}. */
    public static CertificateAuthority generate(String commonName, Instant now, Duration validity) {
        KeyPair keys = newKeyPair();
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial(),
                    Date.from(now.minus(BACKDATE)), Date.from(now.plus(validity)), subject, keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(Extension.keyUsage, true,
                            new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
            X509Certificate certificate = sign(builder, keys.getPrivate());
            return new CertificateAuthority(new KeyedCertificate(certificate, keys.getPrivate()));
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("cannot create the CA certificate", e);
        }
    }

    /** The CA's own certificate and key. */
    public KeyedCertificate keyed() {
        return ca;
    }

    /** The CA certificate. */
    public X509Certificate certificate() {
        return ca.certificate();
    }

    /** A TLS server certificate for {@code names}, with a fresh key. */
    public KeyedCertificate issueServing(String commonName, SubjectNames names, Instant now, Duration validity) {
        return issue(subject(commonName, List.of()), KeyPurposeId.id_kp_serverAuth, names, now, validity);
    }

    /**
     * A TLS client certificate naming a Kubernetes user: CN = the user name, one O per group, as
     * upstream's x509 authenticator reads them. Fresh key.
     */
    public KeyedCertificate issueClient(String commonName, List<String> groups, Instant now, Duration validity) {
        return issue(subject(commonName, groups), KeyPurposeId.id_kp_clientAuth, null, now, validity);
    }

    /** Whether {@code certificate} carries a valid signature of this CA's key. */
    public boolean signed(X509Certificate certificate) {
        if (!certificate.getIssuerX500Principal().equals(ca.certificate().getSubjectX500Principal())) {
            return false;
        }
        try {
            certificate.verify(ca.certificate().getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private KeyedCertificate issue(X500Name subject, KeyPurposeId purpose, SubjectNames names, Instant now,
                                   Duration validity) {
        KeyPair keys = newKeyPair();
        Instant notAfter = now.plus(validity);
        Instant caNotAfter = ca.certificate().getNotAfter().toInstant();
        if (notAfter.isAfter(caNotAfter)) {
            notAfter = caNotAfter;
        }
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded()), serial(),
                    Date.from(now.minus(BACKDATE)), Date.from(notAfter), subject, keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            ext.createAuthorityKeyIdentifier(ca.certificate()));
            if (names != null) {
                builder.addExtension(Extension.subjectAlternativeName, false, names.toGeneralNames());
            }
            return new KeyedCertificate(sign(builder, ca.privateKey()), keys.getPrivate());
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("cannot issue a certificate for " + subject, e);
        }
    }

    private static X500Name subject(String commonName, List<String> groups) {
        if (commonName == null || commonName.isEmpty()) {
            throw new IllegalArgumentException("a certificate needs a common name");
        }
        X500NameBuilder name = new X500NameBuilder(BCStyle.INSTANCE);
        for (String group : groups) {
            name.addRDN(BCStyle.O, group);
        }
        return name.addRDN(BCStyle.CN, commonName).build();
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key)
            throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder(Pem.signatureAlgorithm(key)).build(key)));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no EC P-256 key generator", e);
        }
    }

    /** A positive 127-bit random serial: unique without bookkeeping, within RFC 5280's 20 octets. */
    private static BigInteger serial() {
        return new BigInteger(127, RANDOM).add(BigInteger.ONE);
    }

    @Override
    public String toString() {
        X500Principal subject = ca.certificate().getSubjectX500Principal();
        return "CertificateAuthority[" + subject + "]";
    }
}
