package io.kube4j.apiserver.pki;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.Config;
import io.kube4j.apiserver.json.KubeJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class KubeconfigTest {

    @TempDir
    Path data;

    @Test
    void adminKubeconfigEmbedsTheCaAndAdminCredentials() throws Exception {
        ClusterPki pki = ClusterPki.loadOrCreate(data, List.of());
        Path file = data.resolve("kubeconfig.yaml");
        Kubeconfig.writeAdmin(file, "https://127.0.0.1:6443", pki);

        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PkiFiles.OWNER_ONLY);
        JsonNode config = KubeJson.yaml().readTree(Files.readString(file));
        assertThat(config.path("apiVersion").asString()).isEqualTo("v1");
        assertThat(config.path("kind").asString()).isEqualTo("Config");
        assertThat(config.path("current-context").asString()).isEqualTo("default");
        JsonNode cluster = config.path("clusters").get(0);
        assertThat(cluster.path("name").asString()).isEqualTo("default");
        assertThat(cluster.path("cluster").path("server").asString()).isEqualTo("https://127.0.0.1:6443");
        JsonNode context = config.path("contexts").get(0);
        assertThat(context.path("name").asString()).isEqualTo("default");
        assertThat(context.path("context").path("cluster").asString()).isEqualTo("default");
        assertThat(context.path("context").path("user").asString()).isEqualTo("default");
        JsonNode user = config.path("users").get(0);
        assertThat(user.path("name").asString()).isEqualTo("default");

        Path tls = data.resolve("tls");
        assertThat(decode(cluster.path("cluster").path("certificate-authority-data"))).isEqualTo(Files.readString(tls.resolve("ca.crt")));
        assertThat(decode(user.path("user").path("client-certificate-data"))).isEqualTo(Files.readString(tls.resolve("admin.crt")));
        assertThat(decode(user.path("user").path("client-key-data"))).isEqualTo(Files.readString(tls.resolve("admin.key")));
    }

    @Test
    void fabric8ReadsTheKubeconfig() throws Exception {
        ClusterPki pki = ClusterPki.loadOrCreate(data, List.of());
        String yaml = Kubeconfig.yaml("https://127.0.0.1:7443", pki.caPem(), pki.admin());
        Config config = Config.fromKubeconfig(yaml);
        assertThat(config.getMasterUrl()).startsWith("https://127.0.0.1:7443");
        assertThat(config.getCurrentContext().getName()).isEqualTo("default");
        assertThat(decode(config.getCaCertData())).isEqualTo(pki.caPem());
        assertThat(decode(config.getClientKeyData())).isEqualTo(pki.admin().privateKeyPem());
    }

    private static String decode(JsonNode node) {
        return decode(node.asString());
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), java.nio.charset.StandardCharsets.US_ASCII);
    }
}
