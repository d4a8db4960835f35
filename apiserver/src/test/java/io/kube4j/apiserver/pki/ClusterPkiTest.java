package io.kube4j.apiserver.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterPkiTest {

    private static final List<String> FILES =
            List.of("ca.crt", "ca.key", "serving.crt", "serving.key", "admin.crt", "admin.key",
                    "apiserver-kubelet-client.crt", "apiserver-kubelet-client.key");
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

    @TempDir
    Path data;

    @Test
    void firstLoadCreatesCaServingAndAdminCertificates() throws Exception {
        ClusterPki pki = ClusterPki.loadOrCreate(data, List.of("api.example.test", "10.96.0.1"));
        Path tls = data.resolve("tls");
        assertThat(pki.directory()).isEqualTo(tls);
        for (String file : FILES) {
            assertThat(tls.resolve(file)).isRegularFile();
        }
        X509Certificate ca = cert(tls, "ca.crt");
        assertThat(ca.getBasicConstraints()).isGreaterThanOrEqualTo(0);
        assertThat(ca.getSubjectX500Principal()).isEqualTo(ca.getIssuerX500Principal());
        ca.verify(ca.getPublicKey());
        assertThat(ca).isEqualTo(pki.caCertificate());
        assertThat(Pem.parseCertificates(pki.caPem())).containsExactly(ca);
        assertThat(Pem.matches(Pem.parsePrivateKey(Files.readString(tls.resolve("ca.key"))), ca)).isTrue();

        X509Certificate serving = cert(tls, "serving.crt");
        serving.verify(ca.getPublicKey());
        assertThat(serving.getBasicConstraints()).isEqualTo(-1);
        assertThat(serving.getExtendedKeyUsage()).containsExactly(SERVER_AUTH);
        assertThat(Pem.matches(Pem.parsePrivateKey(Files.readString(tls.resolve("serving.key"))), serving)).isTrue();
        SubjectNames sans = SubjectNames.of(serving);
        assertThat(sans.dnsNames()).contains("localhost", "kubernetes", "kubernetes.default",
                "kubernetes.default.svc", "kubernetes.default.svc.cluster.local", "api.example.test");
        assertThat(sans.addresses()).contains("127.0.0.1", "0:0:0:0:0:0:0:1", "10.96.0.1");
        assertThat(sans.covers(SubjectNames.of(ServingNames.hostNamesAndAddresses()))).isTrue();

        X509Certificate admin = cert(tls, "admin.crt");
        admin.verify(ca.getPublicKey());
        assertThat(CertificateSubject.of(admin)).isEqualTo(new CertificateSubject("kube4j-admin", List.of("system:masters")));
        assertThat(admin.getExtendedKeyUsage()).containsExactly(CLIENT_AUTH);
        assertThat(pki.admin().certificate()).isEqualTo(admin);
        assertThat(admin.getPublicKey().getAlgorithm()).isEqualTo("EC");

        X509Certificate kubeletClient = cert(tls, "apiserver-kubelet-client.crt");
        kubeletClient.verify(ca.getPublicKey());
        assertThat(CertificateSubject.of(kubeletClient)).isEqualTo(
                new CertificateSubject("kube-apiserver-kubelet-client", List.of("system:masters")));
        assertThat(kubeletClient.getExtendedKeyUsage()).containsExactly(CLIENT_AUTH);
        assertThat(pki.kubeletClient().certificate()).isEqualTo(kubeletClient);
    }

    @Test
    void keysAreOwnerOnlyAndCertificatesWorldReadable() throws Exception {
        ClusterPki.loadOrCreate(data, List.of());
        Path tls = data.resolve("tls");
        for (String file : FILES) {
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(tls.resolve(file));
            assertThat(mode).as(file).isEqualTo(file.endsWith(".key") ? PkiFiles.OWNER_ONLY : PkiFiles.WORLD_READABLE);
        }
        try (var leftovers = Files.list(tls)) {
            assertThat(leftovers.map(p -> p.getFileName().toString())).containsExactlyInAnyOrderElementsOf(FILES);
        }
    }

    @Test
    void secondLoadReusesEveryFile() throws Exception {
        ClusterPki.loadOrCreate(data, List.of("api.example.test"));
        Map<String, byte[]> before = snapshot();
        ClusterPki again = ClusterPki.loadOrCreate(data, List.of("API.example.test"));
        assertThat(snapshot()).usingRecursiveComparison().isEqualTo(before);
        assertThat(again.caCertificate().getEncoded()).isEqualTo(Pem.parseCertificates(new String(before.get("ca.crt"))).getFirst().getEncoded());
    }

    @Test
    void newSanReissuesOnlyTheServingCertificateFromTheSameCa() throws Exception {
        ClusterPki.loadOrCreate(data, List.of("one.example.test"));
        Map<String, byte[]> before = snapshot();
        ClusterPki pki = ClusterPki.loadOrCreate(data, List.of("one.example.test", "two.example.test", "192.0.2.7"));
        Map<String, byte[]> after = snapshot();
        for (String same : List.of("ca.crt", "ca.key", "admin.crt", "admin.key")) {
            assertThat(after.get(same)).as(same).isEqualTo(before.get(same));
        }
        assertThat(after.get("serving.crt")).isNotEqualTo(before.get("serving.crt"));
        assertThat(after.get("serving.key")).isNotEqualTo(before.get("serving.key"));
        X509Certificate serving = cert(data.resolve("tls"), "serving.crt");
        serving.verify(pki.caCertificate().getPublicKey());
        assertThat(SubjectNames.of(serving).dnsNames()).contains("one.example.test", "two.example.test");
        assertThat(SubjectNames.of(serving).addresses()).contains("192.0.2.7");
    }

    @Test
    void leavesCloseToExpiryAreReissuedButTheCaIsKept() throws Exception {
        Instant start = Instant.parse("2030-01-01T00:00:00Z");
        ClusterPki.loadOrCreate(data, List.of(), Clock.fixed(start, ZoneOffset.UTC));
        Map<String, byte[]> before = snapshot();
        Instant later = start.plus(ClusterPki.LEAF_VALIDITY).minus(ClusterPki.RENEW_BEFORE).plus(Duration.ofDays(1));
        ClusterPki.loadOrCreate(data, List.of(), Clock.fixed(later, ZoneOffset.UTC));
        Map<String, byte[]> after = snapshot();
        assertThat(after.get("ca.crt")).isEqualTo(before.get("ca.crt"));
        assertThat(after.get("serving.crt")).isNotEqualTo(before.get("serving.crt"));
        assertThat(after.get("admin.crt")).isNotEqualTo(before.get("admin.crt"));
        assertThat(cert(data.resolve("tls"), "serving.crt").getNotAfter().toInstant())
                .isEqualTo(later.plus(ClusterPki.LEAF_VALIDITY));
    }

    @Test
    void leavesFromAnotherCaAreReplaced() throws Exception {
        ClusterPki.loadOrCreate(data, List.of());
        CertificateAuthority other = CertificateAuthority.generate("other", Instant.now(), Duration.ofDays(10));
        KeyedCertificate foreign = other.issueClient(ClusterPki.ADMIN_USER, List.of(ClusterPki.ADMIN_GROUP),
                Instant.now(), Duration.ofDays(5));
        Path tls = data.resolve("tls");
        Files.writeString(tls.resolve("admin.crt"), foreign.certificatePem());
        Files.writeString(tls.resolve("admin.key"), foreign.privateKeyPem());
        ClusterPki pki = ClusterPki.loadOrCreate(data, List.of());
        cert(tls, "admin.crt").verify(pki.caCertificate().getPublicKey());
        assertThat(pki.admin().certificate()).isNotEqualTo(foreign.certificate());
    }

    @Test
    void aCaCertificateWithoutItsKeyIsAnError() throws Exception {
        ClusterPki.loadOrCreate(data, List.of());
        Files.delete(data.resolve("tls/ca.key"));
        assertThatThrownBy(() -> ClusterPki.loadOrCreate(data, List.of()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("ca.key");
    }

    @Test
    void anExpiredCaIsAnError() throws Exception {
        Instant start = Instant.parse("2030-01-01T00:00:00Z");
        ClusterPki.loadOrCreate(data, List.of(), Clock.fixed(start, ZoneOffset.UTC));
        Clock afterCa = Clock.fixed(start.plus(ClusterPki.CA_VALIDITY).plusSeconds(1), ZoneOffset.UTC);
        assertThatThrownBy(() -> ClusterPki.loadOrCreate(data, List.of(), afterCa))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("expired");
    }

    @Test
    void aMalformedSanIsRejectedBeforeAnythingIsWritten() {
        assertThatThrownBy(() -> ClusterPki.loadOrCreate(data, List.of("not a name")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a name");
        assertThat(data.resolve("tls")).doesNotExist();
    }

    @Test
    void issuedClientCertificatesNameUserAndGroups() throws Exception {
        ClusterPki pki = ClusterPki.loadOrCreate(data, List.of());
        KeyedCertificate kubelet = pki.issueClientCertificate("system:node:worker-1", List.of("system:nodes", "extra"));
        kubelet.certificate().verify(pki.caCertificate().getPublicKey());
        assertThat(CertificateSubject.of(kubelet.certificate()))
                .isEqualTo(new CertificateSubject("system:node:worker-1", List.of("system:nodes", "extra")));
        assertThat(Pem.matches(kubelet.privateKey(), kubelet.certificate())).isTrue();
        assertThat(data.resolve("tls/system:node:worker-1.crt")).doesNotExist();
    }

    private Map<String, byte[]> snapshot() throws IOException {
        Map<String, byte[]> files = new HashMap<>();
        for (String file : FILES) {
            files.put(file, Files.readAllBytes(data.resolve("tls").resolve(file)));
        }
        return files;
    }

    private static X509Certificate cert(Path tls, String file) throws IOException {
        return Pem.parseCertificates(Files.readString(tls.resolve(file))).getFirst();
    }
}
