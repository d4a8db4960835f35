package io.kube4j.apiserver.pki;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * PEM text for certificates and private keys. EC keys are written as SEC1 {@code EC PRIVATE KEY}
 * with the named curve and the public point (what kubeadm and openssl write): fabric8 reads EC
 * keys only in that form, and Go (kubectl), OpenSSL (curl) and the JDK read it too. Other keys are
 * written as PKCS#8 {@code PRIVATE KEY}. Reading accepts PKCS#8, SEC1 and PKCS#1
 * {@code RSA PRIVATE KEY}, so that a CA brought from elsewhere can be dropped in. Stateless;
 * thread-safe.
 */
public final class Pem {

    private static final Base64.Encoder BASE64_LINES =
            Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));

    private Pem() {
    }

    /** One certificate as a {@code CERTIFICATE} block. */
    public static String certificate(X509Certificate certificate) {
        try {
            return block("CERTIFICATE", certificate.getEncoded());
        } catch (CertificateException e) {
            throw new IllegalStateException("cannot encode certificate " + certificate.getSubjectX500Principal(), e);
        }
    }

    /** A private key as PEM: SEC1 {@code EC PRIVATE KEY} for EC keys, PKCS#8 otherwise. */
    public static String privateKey(PrivateKey key) {
        if (key instanceof ECPrivateKey ec) {
            return block("EC PRIVATE KEY", sec1(ec));
        }
        return block("PRIVATE KEY", key.getEncoded());
    }

    private static byte[] sec1(ECPrivateKey key) {
        try {
            ASN1Encodable curve = PrivateKeyInfo.getInstance(key.getEncoded()).getPrivateKeyAlgorithm().getParameters();
            X9ECParameters params = ECNamedCurveTable.getByOID(ASN1ObjectIdentifier.getInstance(curve));
            if (params == null) {
                throw new IllegalArgumentException("EC key on an unnamed curve: " + curve);
            }
            byte[] publicPoint = params.getG().multiply(key.getS()).normalize().getEncoded(false);
            return new org.bouncycastle.asn1.sec.ECPrivateKey(params.getN().bitLength(), key.getS(),
                    new DERBitString(publicPoint), curve).getEncoded();
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode an EC private key", e);
        }
    }

    /**
     * Every certificate in {@code pem}, in order.
     *
     * @throws IllegalArgumentException when the text holds no certificate or a malformed one
     */
    public static List<X509Certificate> parseCertificates(String pem) {
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            List<X509Certificate> certificates = factory
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))
                    .stream().map(X509Certificate.class::cast).toList();
            if (certificates.isEmpty()) {
                throw new IllegalArgumentException("no PEM certificate found");
            }
            return certificates;
        } catch (CertificateException e) {
            throw new IllegalArgumentException("malformed PEM certificate: " + e.getMessage(), e);
        }
    }

    /**
     * The first private key in {@code pem} (PKCS#8, SEC1 EC or PKCS#1 RSA).
     *
     * @throws IllegalArgumentException when the text holds no unencrypted private key
     */
    public static PrivateKey parsePrivateKey(String pem) {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            for (Object item = parser.readObject(); item != null; item = parser.readObject()) {
                if (item instanceof PrivateKeyInfo info) {
                    return converter.getPrivateKey(info);
                }
                if (item instanceof PEMKeyPair pair) {
                    return converter.getPrivateKey(pair.getPrivateKeyInfo());
                }
            }
            throw new IllegalArgumentException("no unencrypted PEM private key found");
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed PEM private key: " + e.getMessage(), e);
        }
    }

    /** A public key as a PKIX {@code PUBLIC KEY} block (what kubeadm writes as {@code sa.pub}). */
    public static String publicKey(PublicKey key) {
        return block("PUBLIC KEY", key.getEncoded());
    }

    /**
     * Every public key {@code pem} holds, in order, as upstream reads {@code --service-account-key-file}:
     * {@code PUBLIC KEY} and {@code RSA PUBLIC KEY} blocks, the keys of {@code CERTIFICATE}s, and
     * the public halves of private keys.
     *
     * @throws IllegalArgumentException when the text holds no key or a malformed one
     */
    public static List<PublicKey> parsePublicKeys(String pem) {
        List<PublicKey> keys = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            for (Object item = parser.readObject(); item != null; item = parser.readObject()) {
                switch (item) {
                    case SubjectPublicKeyInfo info -> keys.add(converter.getPublicKey(info));
                    case X509CertificateHolder cert -> keys.add(converter.getPublicKey(cert.getSubjectPublicKeyInfo()));
                    case PEMKeyPair pair -> keys.add(publicKeyOf(converter.getPrivateKey(pair.getPrivateKeyInfo())));
                    case PrivateKeyInfo info -> keys.add(publicKeyOf(converter.getPrivateKey(info)));
                    default -> { }
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed PEM key: " + e.getMessage(), e);
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("no PEM public key, certificate or private key found");
        }
        return keys;
    }

    /**
     * The public half of an RSA (CRT form, as every PEM format stores it) or EC private key.
     *
     * @throws IllegalArgumentException for other keys
     */
    public static PublicKey publicKeyOf(PrivateKey key) {
        try {
            if (key instanceof RSAPrivateCrtKey rsa) {
                return KeyFactory.getInstance("RSA").generatePublic(
                        new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
            }
            if (key instanceof ECPrivateKey ec) {
                ASN1Encodable curve = PrivateKeyInfo.getInstance(ec.getEncoded()).getPrivateKeyAlgorithm().getParameters();
                X9ECParameters params = ECNamedCurveTable.getByOID(ASN1ObjectIdentifier.getInstance(curve));
                if (params == null) {
                    throw new IllegalArgumentException("EC key on an unnamed curve: " + curve);
                }
                org.bouncycastle.math.ec.ECPoint q = params.getG().multiply(ec.getS()).normalize();
                ECPoint point = new ECPoint(q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger());
                return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, ec.getParams()));
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot derive the public key: " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("unsupported private key algorithm " + key.getAlgorithm());
    }

    /** The JCA signature algorithm a CA with this key signs with. */
    static String signatureAlgorithm(PrivateKey key) {
        return switch (key.getAlgorithm()) {
            case "EC", "ECDSA" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            default -> throw new IllegalArgumentException("unsupported key algorithm " + key.getAlgorithm());
        };
    }

    /** Whether {@code key} is the private half of {@code certificate}'s public key (sign, then verify). */
    static boolean matches(PrivateKey key, X509Certificate certificate) {
        try {
            byte[] challenge = "kube4j key check".getBytes(StandardCharsets.US_ASCII);
            String algorithm = signatureAlgorithm(key);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private static String block(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + BASE64_LINES.encodeToString(der) + "\n-----END " + type + "-----\n";
    }
}
