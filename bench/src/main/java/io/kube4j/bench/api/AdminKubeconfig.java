package io.kube4j.bench.api;

import io.kube4j.apiserver.json.KubeJson;
import io.kube4j.apiserver.pki.KeyedCertificate;
import io.kube4j.apiserver.pki.Pem;
import io.kube4j.apiserver.pki.TlsContexts;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import javax.net.ssl.SSLContext;
import tools.jackson.databind.JsonNode;

/**
 * The admin kubeconfig {@code kube4j server} writes to {@code DATA_DIR/kubeconfig.yaml}: the server
 * URL, the cluster CA and the admin's client certificate and key (base64 PEM, {@code *-data}).
 * Immutable; thread-safe. Holds a private key: never log it.
 *
 * @param server the API server's base URL, e.g. {@code https://127.0.0.1:6443}
 * @param tls a client context presenting the admin certificate and trusting only the cluster CA
 */
record AdminKubeconfig(URI server, SSLContext tls) {

  /**
   * Reads the current context's cluster and user of {@code file}.
   *
   * @throws IOException when the file cannot be read
   * @throws IllegalArgumentException when it lacks a server, CA, certificate or key
   */
  static AdminKubeconfig read(Path file) throws IOException {
    JsonNode root = KubeJson.yaml().readTree(Files.readString(file));
    String context = text(root, "current-context");
    JsonNode contextNode = named(root.path("contexts"), context).path("context");
    JsonNode cluster = named(root.path("clusters"), text(contextNode, "cluster")).path("cluster");
    JsonNode user = named(root.path("users"), text(contextNode, "user")).path("user");
    var ca = Pem.parseCertificates(decode(cluster, "certificate-authority-data")).getFirst();
    var certificate = Pem.parseCertificates(decode(user, "client-certificate-data")).getFirst();
    var key = Pem.parsePrivateKey(decode(user, "client-key-data"));
    return new AdminKubeconfig(URI.create(text(cluster, "server")),
        TlsContexts.client(new KeyedCertificate(certificate, key), ca));
  }

  private static JsonNode named(JsonNode list, String name) {
    for (JsonNode entry : list) {
      if (name.equals(entry.path("name").asString(""))) {
        return entry;
      }
    }
    throw new IllegalArgumentException("kubeconfig has no entry named " + name);
  }

  private static String text(JsonNode node, String field) {
    String value = node.path(field).asString("");
    if (value.isEmpty()) {
      throw new IllegalArgumentException("kubeconfig lacks " + field);
    }
    return value;
  }

  private static String decode(JsonNode node, String field) {
    return new String(Base64.getDecoder().decode(text(node, field)), StandardCharsets.US_ASCII);
  }
}
