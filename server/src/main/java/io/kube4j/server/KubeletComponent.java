package io.kube4j.server;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kube4j.apiserver.pki.Pem;
import io.kube4j.kubelet.Kubelet;
import io.kube4j.kubelet.KubeletServing;
import io.kube4j.kubelet.KubeletSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;

/**
 * A node agent as a component: its client from the {@link Config} the supplier gives at start
 * (the admin kubeconfig inside {@code kube4j server}; a kubeconfig or a join token alone), then a
 * {@link Kubelet} over it, serving client certificates of the cluster CA (or of {@code
 * --client-ca-file}). Not thread-safe for start/close (the chain calls them from one thread).
 */
final class KubeletComponent implements ServerComponent {

  private final Supplier<Config> clientConfig;
  private final KubeletSettings settings;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private KubernetesClient client;
  private volatile Kubelet kubelet;

  KubeletComponent(Supplier<Config> clientConfig, KubeletSettings settings) {
    this.clientConfig = clientConfig;
    this.settings = settings;
  }

  @Override
  public String name() {
    return "kubelet";
  }

  @Override
  public void start() throws Exception {
    Config config = clientConfig.get();
    // A node's pod informer and status writes must not queue behind fabric8's 5-per-host default.
    config.setMaxConcurrentRequests(64);
    config.setMaxConcurrentRequestsPerHost(64);
    client = new KubernetesClientBuilder().withConfig(config).build();
    X509Certificate ca = settings.clientCaFile() != null ? firstCertificate(Files.readString(settings.clientCaFile())) : clusterCa(config);
    kubelet = Kubelet.start(client, settings, new KubeletServing(ca));
  }

  /** The node's name. */
  String nodeName() {
    return settings.nodeName();
  }

  /** The running kubelet, or null before start. */
  Kubelet kubelet() {
    return kubelet;
  }

  /** The CA the client trusts the apiserver by: the cluster CA that also signs the apiserver's kubelet client certificate. */
  static X509Certificate clusterCa(Config config) throws IOException {
    if (config.getCaCertData() != null && !config.getCaCertData().isBlank()) {
      return firstCertificate(new String(Base64.getDecoder().decode(config.getCaCertData().strip()), StandardCharsets.UTF_8));
    }
    if (config.getCaCertFile() != null) {
      return firstCertificate(Files.readString(Path.of(config.getCaCertFile())));
    }
    throw new IOException("the kubeconfig names no certificate authority; give the kubelet --client-ca-file");
  }

  private static X509Certificate firstCertificate(String pem) throws IOException {
    List<X509Certificate> certificates = Pem.parseCertificates(pem);
    if (certificates.isEmpty()) {
      throw new IOException("no certificate in the CA PEM");
    }
    return certificates.getFirst();
  }

  @Override
  public void awaitTermination() throws InterruptedException {
    stopped.await();
  }

  @Override
  public void close() {
    try {
      if (kubelet != null) {
        kubelet.close();
      }
      if (client != null) {
        client.close();
      }
    } finally {
      stopped.countDown();
    }
  }
}
