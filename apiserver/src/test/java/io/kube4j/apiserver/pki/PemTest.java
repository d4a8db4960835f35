package io.kube4j.apiserver.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringWriter;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x9.X962Parameters;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.util.io.pem.PemObject;
import org.junit.jupiter.api.Test;

class PemTest {

    private final CertificateAuthority ca = CertificateAuthority.generate("pem-test", Instant.now(), Duration.ofDays(1));

    @Test
    void certificateAndSec1KeyRoundTrip() throws Exception {
        KeyedCertificate leaf = ca.issueClient("u", List.of(), Instant.now(), Duration.ofHours(1));
        assertThat(leaf.certificatePem()).startsWith("-----BEGIN CERTIFICATE-----\n").endsWith("-----END CERTIFICATE-----\n");
        assertThat(leaf.privateKeyPem()).startsWith("-----BEGIN EC PRIVATE KEY-----\n");
        // SEC1 with the curve and the public point, as openssl writes it.
        var sec1 = org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(
                new org.bouncycastle.util.io.pem.PemReader(new java.io.StringReader(leaf.privateKeyPem())).readPemObject().getContent());
        assertThat(sec1.getParametersObject()).isEqualTo(SECObjectIdentifiers.secp256r1);
        assertThat(sec1.getPublicKey()).isNotNull();
        java.security.interfaces.ECPublicKey pub = (java.security.interfaces.ECPublicKey) leaf.certificate().getPublicKey();
        byte[] point = sec1.getPublicKey().getOctets();
        assertThat(new java.math.BigInteger(1, java.util.Arrays.copyOfRange(point, 1, 33))).isEqualTo(pub.getW().getAffineX());
        assertThat(leaf.certificatePem().lines()).allMatch(l -> l.length() <= 64);
        assertThat(Pem.parseCertificates(leaf.certificatePem() + ca.keyed().certificatePem()))
                .containsExactly(leaf.certificate(), ca.certificate());
        ECPrivateKey read = (ECPrivateKey) Pem.parsePrivateKey(leaf.privateKeyPem());
        assertThat(read.getS()).isEqualTo(((ECPrivateKey) leaf.privateKey()).getS());
        assertThat(Pem.matches(read, leaf.certificate())).isTrue();
    }

    @Test
    void traditionalRsaKeyIsRead() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(pair); // PKCS#1 "RSA PRIVATE KEY"
        }
        assertThat(text.toString()).contains("BEGIN RSA PRIVATE KEY");
        assertThat(Pem.parsePrivateKey(text.toString()).getEncoded()).isEqualTo(pair.getPrivate().getEncoded());
    }

    @Test
    void traditionalEcKeyIsRead() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = generator.generateKeyPair();
        // SEC1 "EC PRIVATE KEY" with the named curve, as openssl ecparam -genkey writes it.
        byte[] sec1 = new org.bouncycastle.asn1.sec.ECPrivateKey(256, ((ECPrivateKey) pair.getPrivate()).getS(),
                new X962Parameters(SECObjectIdentifiers.secp256r1)).getEncoded();
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(new PemObject("EC PRIVATE KEY", sec1));
        }
        ECPrivateKey read = (ECPrivateKey) Pem.parsePrivateKey(text.toString());
        assertThat(read.getS()).isEqualTo(((ECPrivateKey) pair.getPrivate()).getS());
    }

    @Test
    void keyMatchingDetectsAForeignKey() {
        KeyedCertificate a = ca.issueClient("a", List.of(), Instant.now(), Duration.ofHours(1));
        KeyedCertificate b = ca.issueClient("b", List.of(), Instant.now(), Duration.ofHours(1));
        assertThat(Pem.matches(a.privateKey(), a.certificate())).isTrue();
        assertThat(Pem.matches(b.privateKey(), a.certificate())).isFalse();
    }

    @Test
    void garbageIsRejected() {
        assertThatThrownBy(() -> Pem.parseCertificates("no pem here")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Pem.parsePrivateKey(ca.keyed().certificatePem()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no unencrypted PEM private key");
    }
}
