package io.kube4j.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kube4j server --kube-scheduler-arg config=FILE --kube-scheduler-arg secure-port=N}: the
 * embedded scheduler runs the file's two profiles, each binds the pods that name it, and the
 * scheduler's /metrics and /readyz answer on its port with counts per profile.
 */
class SchedulerConfigInServerIT {

  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path dir;

  @Test
  void twoProfilesFromTheFileScheduleTheirPodsAndMetricsAreServed() throws Exception {
    Path config = Files.writeString(dir.resolve("sched.yaml"), """
        apiVersion: kubescheduler.config.k8s.io/v1
        kind: KubeSchedulerConfiguration
        leaderElection:
          leaderElect: false
        profiles:
        - schedulerName: default-scheduler
        - schedulerName: bin-packer
          pluginConfig:
          - name: NodeResourcesFit
            args:
              scoringStrategy:
                type: MostAllocated
        """);
    int metricsPort = FreePorts.next();
    ServerDefaults settings = ServerDefaults.of(dir).withStoreUrls(
        URI.create("http://127.0.0.1:" + FreePorts.next()), URI.create("http://127.0.0.1:" + FreePorts.next()));
    ServerSubcommand.Components parts = ServerSubcommand.Components.of(settings, FreePorts.next(), "127.0.0.1",
        List.of("config=" + config, "secure-port=" + metricsPort), List.of());
    assertThat(parts.scheduler().election().enabled()).as("leaderElect from the file").isFalse();
    try (ReadinessChain chain = new ReadinessChain(parts.all())) {
      chain.start();
      assertThat(parts.scheduler().servingPort()).isEqualTo(metricsPort);
      try (KubernetesClient client = new KubernetesClientBuilder()
          .withConfig(Config.fromKubeconfig(Files.readString(dir.resolve("kubeconfig.yaml")))).build()) {
        node(client, "roomy", "8", "16Gi");
        node(client, "snug", "4", "8Gi");
        // Both nodes have 2Gi per cpu, as the pods ask, so BalancedAllocation ties and the fit strategy
        // decides: LeastAllocated (default) picks roomy, bin-packer's MostAllocated picks snug.
        // One after the other: with "spread" already on roomy, roomy and snug would be equally full
        // (1/4) and MostAllocated would tie.
        pod(client, "packed", "bin-packer");
        await().atMost(WAIT).untilAsserted(() -> assertThat(nodeOf(client, "packed")).isEqualTo("snug"));
        pod(client, "spread", "default-scheduler");
        await().atMost(WAIT).untilAsserted(() -> assertThat(nodeOf(client, "spread")).isEqualTo("roomy"));

        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + metricsPort;
        assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/readyz")).build(),
            HttpResponse.BodyHandlers.ofString()).body()).isEqualTo("ok");
        await().atMost(WAIT).untilAsserted(() -> {
          String metrics = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
              HttpResponse.BodyHandlers.ofString()).body();
          assertThat(metrics).contains(
              "scheduler_schedule_attempts_total{profile=\"default-scheduler\",result=\"scheduled\"} 1.0",
              "scheduler_schedule_attempts_total{profile=\"bin-packer\",result=\"scheduled\"} 1.0",
              "scheduler_pending_pods{queue=\"active\"} 0.0");
        });
      }
    }
  }

  private static String nodeOf(KubernetesClient client, String pod) {
    Pod p = client.pods().inNamespace("default").withName(pod).get();
    String node = p == null ? null : p.getSpec().getNodeName();
    return node == null || node.isEmpty() ? null : node;
  }

  private static void pod(KubernetesClient client, String name, String schedulerName) {
    client.pods().inNamespace("default").resource(new PodBuilder()
        .withNewMetadata().withName(name).endMetadata()
        .withNewSpec().withSchedulerName(schedulerName).addNewContainer().withName("app").withImage("nginx")
        .withNewResources().withRequests(Map.of("cpu", new Quantity("1"), "memory", new Quantity("2Gi"))).endResources()
        .endContainer().endSpec()
        .build()).create();
  }

  private static void node(KubernetesClient client, String name, String cpu, String memory) {
    client.nodes().resource(new NodeBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
    Node current = client.nodes().withName(name).get();
    Map<String, Quantity> resources = Map.of("cpu", new Quantity(cpu), "memory", new Quantity(memory), "pods", new Quantity("110"));
    current.setStatus(new NodeStatusBuilder().withCapacity(resources).withAllocatable(resources).build());
    client.nodes().resource(current).updateStatus();
  }
}
