package io.kube4j.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kube4j server}'s own components (store, apiserver, scheduler) in one chain on loopback:
 * a Node given allocatable resources through the status subresource and a Pod created by a
 * fabric8 client end with the pod bound to that node, and the Lease {@code
 * kube-system/kube-scheduler} names this scheduler as its holder.
 */
class SchedulerInServerIT {

  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path dir;

  @Test
  void theServersSchedulerBindsAPodToTheOnlyNodeThatFitsAndHoldsTheLease() throws Exception {
    ServerDefaults settings = ServerDefaults.of(dir).withStoreUrls(
        URI.create("http://127.0.0.1:" + freePort()), URI.create("http://127.0.0.1:" + freePort()));
    ServerSubcommand.Components parts = ServerSubcommand.Components.of(settings, freePort(), "127.0.0.1");
    try (ReadinessChain chain = new ReadinessChain(parts.all())) {
      chain.start();
      assertThat(chain.ready()).containsExactly("store", "apiserver", "scheduler");
      Config config = Config.fromKubeconfig(Files.readString(dir.resolve("kubeconfig.yaml")));
      try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
        // "small" has too little cpu for the pod, so binding it to "big" is the scheduler's choice.
        createNodeWithAllocatable(client, "small", "1", "2Gi");
        createNodeWithAllocatable(client, "big", "4", "8Gi");
        client.pods().inNamespace("default").resource(new PodBuilder()
                .withNewMetadata().withName("web").endMetadata()
                .withNewSpec()
                .addNewContainer().withName("app").withImage("nginx")
                .withNewResources().withRequests(Map.of("cpu", new Quantity("2"), "memory", new Quantity("1Gi"))).endResources()
                .endContainer()
                .endSpec()
                .build())
            .create();

        await().atMost(WAIT).untilAsserted(() -> {
          Pod pod = client.pods().inNamespace("default").withName("web").get();
          assertThat(pod.getSpec().getNodeName()).isEqualTo("big");
        });
        Lease lease = client.leases().inNamespace(SchedulerComponent.LEASE_NAMESPACE).withName(SchedulerComponent.LEASE_NAME).get();
        assertThat(lease).as("Lease kube-system/kube-scheduler").isNotNull();
        assertThat(lease.getSpec().getHolderIdentity()).isEqualTo(parts.scheduler().identity())
            .matches(".+_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(lease.getSpec().getLeaseDurationSeconds()).isEqualTo(15);
      }
    }
  }

  private static void createNodeWithAllocatable(KubernetesClient client, String name, String cpu, String memory) {
    client.nodes().resource(new NodeBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
    Node current = client.nodes().withName(name).get();
    Map<String, Quantity> resources = Map.of("cpu", new Quantity(cpu), "memory", new Quantity(memory), "pods", new Quantity("110"));
    current.setStatus(new io.fabric8.kubernetes.api.model.NodeStatusBuilder()
        .withCapacity(resources).withAllocatable(resources).build());
    Node updated = client.nodes().resource(current).updateStatus();
    assertThat(updated.getStatus().getAllocatable()).containsEntry("cpu", new Quantity(cpu));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
