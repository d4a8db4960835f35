package io.kube4j.apiserver.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceAccountKeyFilesTest {

    @TempDir
    Path dir;

    @Test
    void createsAnEcKeyOnceAndReusesIt() throws Exception {
        KeyPair first = ServiceAccountKeyFiles.loadOrCreate(dir);
        assertThat(first.getPublic()).isInstanceOf(ECPublicKey.class);
        assertThat(Files.readString(dir.resolve("sa.key"))).startsWith("-----BEGIN EC PRIVATE KEY-----");
        assertThat(Files.readString(dir.resolve("sa.pub"))).startsWith("-----BEGIN PUBLIC KEY-----");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("sa.key")))).isEqualTo("rw-------");
        Files.delete(dir.resolve("sa.pub"));
        KeyPair second = ServiceAccountKeyFiles.loadOrCreate(dir);
        assertThat(second.getPublic()).isEqualTo(first.getPublic());
        assertThat(ServiceAccountKeyFiles.readPublicKeys(dir.resolve("sa.pub"))).containsExactly(first.getPublic());
    }

    @Test
    void usesAnRsaKeyPlacedBeforehandAndReadsEveryPublicForm() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair rsa = g.generateKeyPair();
        // PKCS#8, as openssl genpkey writes it.
        Files.writeString(dir.resolve("sa.key"), Pem.privateKey(rsa.getPrivate()));
        assertThat(ServiceAccountKeyFiles.loadOrCreate(dir).getPublic()).isEqualTo(rsa.getPublic());
        assertThat(ServiceAccountKeyFiles.readSigningKey(dir.resolve("sa.key")).getPublic()).isEqualTo(rsa.getPublic());
        Path bundle = dir.resolve("keys.pem");
        KeyPair ec = ServiceAccountKeyFiles.loadOrCreate(dir.resolve("other"));
        String caPem = Pem.certificate(CertificateAuthority.generate("x", java.time.Instant.now(), java.time.Duration.ofDays(1)).certificate());
        Files.writeString(bundle, Pem.publicKey(rsa.getPublic()) + Files.readString(dir.resolve("other/sa.key")) + caPem);
        List<java.security.PublicKey> keys = ServiceAccountKeyFiles.readPublicKeys(bundle);
        assertThat(keys).hasSize(3);
        assertThat(keys.get(0)).isEqualTo(rsa.getPublic());
        assertThat(keys.get(1)).isEqualTo(ec.getPublic());
    }

    @Test
    void garbageIsRefusedNamingTheFile() throws Exception {
        Path bad = dir.resolve("bad.pem");
        Files.writeString(bad, "-----BEGIN PUBLIC KEY-----\n" + Base64.getEncoder().encodeToString(new byte[10]) + "\n-----END PUBLIC KEY-----\n");
        assertThatThrownBy(() -> ServiceAccountKeyFiles.readPublicKeys(bad)).hasMessageContaining("bad.pem");
        Files.writeString(dir.resolve("sa.key"), "nothing here");
        assertThatThrownBy(() -> ServiceAccountKeyFiles.loadOrCreate(dir)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("sa.key");
    }
}
