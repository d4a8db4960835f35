package io.kube4j.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kube4j.runtime.testing.NodeLeftovers;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A node joins {@code kube4j server} the k3s way: {@code kube4j kubelet --server URL --token
 * K10…} (the token the server wrote, pinning its CA) registers a Node that becomes Ready and runs
 * the pods bound to it (a hollow one here: the simulated runtime); a token that pins another CA is
 * refused before any credential is sent.
 */
class KubeletJoinIT {

  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path dir;

  @Test
  void aKubeletJoinsWithTheServersNodeTokenAndRunsPods() throws Exception {
    int apiPort = FreePorts.next();
    ServerSubcommand.Components parts = ServerSubcommand.Components.of(ServerDefaults.of(dir.resolve("server")).withStoreUrls(
        URI.create("http://127.0.0.1:" + FreePorts.next()), URI.create("http://127.0.0.1:" + FreePorts.next())), apiPort, "127.0.0.1");
    try (ReadinessChain chain = new ReadinessChain(parts.all())) {
      chain.start();
      String token = Files.readString(NodeTokenComponent.tokenFile(dir.resolve("server"))).strip();
      assertThat(token).startsWith("K10");

      KubeletSubcommand join = parse("kubelet", "--server", "https://127.0.0.1:" + apiPort, "--token", token,
          "--container-runtime", "simulated", "--pod-cidr", "10.99.0.0/24", "--data-dir", dir.resolve("agent").toString(),
          "--hostname-override", "joined", "--port", Integer.toString(FreePorts.next()), "--address", "127.0.0.1");
      try (KubeletComponent kubelet = new KubeletComponent(join.clientConfig(), join.settings(dir.resolve("unused")));
          KubernetesClient admin = new KubernetesClientBuilder()
              .withConfig(Config.fromKubeconfig(Files.readString(dir.resolve("server/kubeconfig.yaml")))).build()) {
        kubelet.start();
        await().atMost(WAIT).until(() -> ready(admin.nodes().withName("joined").get()));
        admin.pods().inNamespace("default").resource(new PodBuilder().withNewMetadata().withName("on-joined").endMetadata()
            .withNewSpec().withNodeName("joined").addNewContainer().withName("app").withImage("busybox").endContainer().endSpec()
            .build()).create();
        await().atMost(WAIT).until(() -> {
          Pod pod = admin.pods().inNamespace("default").withName("on-joined").get();
          return pod.getStatus() != null && "Running".equals(pod.getStatus().getPhase())
              && pod.getStatus().getPodIP() != null && pod.getStatus().getPodIP().startsWith("10.99.0.");
        });
        // Deleted through the API, the pod is stopped and its volumes (a tmpfs as root) torn down by the kubelet.
        admin.pods().inNamespace("default").withName("on-joined").delete();
        await().atMost(WAIT).until(() -> admin.pods().inNamespace("default").withName("on-joined").get() == null);
      } finally {
        new NodeLeftovers(dir.resolve("no-runc"), dir.resolve("agent"), null, null, null).remove();
      }

      String otherCa = "K10" + "0".repeat(64) + "::node:" + token.substring(token.lastIndexOf(':') + 1);
      KubeletSubcommand wrong = parse("kubelet", "--server", "https://127.0.0.1:" + apiPort, "--token", otherCa,
          "--container-runtime", "simulated", "--pod-cidr", "10.99.1.0/24");
      assertThatThrownBy(() -> wrong.clientConfig().get()).hasMessageContaining("is not the one the token names");
    }
  }

  private static boolean ready(Node node) {
    return node != null && node.getStatus() != null && node.getStatus().getConditions() != null
        && node.getStatus().getConditions().stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static KubeletSubcommand parse(String... args) {
    CommandLine.ParseResult result = Kube4j.commandLine().parseArgs(args);
    return (KubeletSubcommand) result.subcommand().commandSpec().userObject();
  }
}
