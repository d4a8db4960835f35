package io.kube4j.apiserver.pki;

import io.kube4j.apiserver.json.KubeJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes kubeconfig files as kubectl, client-go and fabric8 read them: one cluster, one user and
 * one context, all named {@value #NAME}, with the CA and the client credentials embedded as
 * {@code *-data} (base64 PEM) so the file stands alone. Mode 0600, since it holds a private key.
 * Stateless; thread-safe.
 */
public final class Kubeconfig {

    /** The name of the cluster, the user and the context. */
    public static final String NAME = "default";

    private Kubeconfig() {
    }

    /**
     * Writes (replacing) the admin kubeconfig for {@code serverUrl}, e.g.
     * {@code https://127.0.0.1:6443}.
     */
    public static void writeAdmin(Path file, String serverUrl, ClusterPki pki) throws IOException {
        PkiFiles.writeSecret(file, yaml(serverUrl, pki.caPem(), pki.admin()));
    }

    /** The kubeconfig text for a user authenticating with {@code user}'s certificate. */
    public static String yaml(String serverUrl, String caPem, KeyedCertificate user) {
        Map<String, Object> cluster = new LinkedHashMap<>();
        cluster.put("certificate-authority-data", base64(caPem));
        cluster.put("server", serverUrl);
        Map<String, Object> credentials = new LinkedHashMap<>();
        credentials.put("client-certificate-data", base64(user.certificatePem()));
        credentials.put("client-key-data", base64(user.privateKeyPem()));
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("apiVersion", "v1");
        config.put("kind", "Config");
        config.put("clusters", List.of(Map.of("name", NAME, "cluster", cluster)));
        config.put("contexts", List.of(Map.of("name", NAME, "context", Map.of("cluster", NAME, "user", NAME))));
        config.put("current-context", NAME);
        config.put("preferences", Map.of());
        config.put("users", List.of(Map.of("name", NAME, "user", credentials)));
        return KubeJson.yaml().writeValueAsString(config);
    }

    private static String base64(String pem) {
        return Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII));
    }
}
