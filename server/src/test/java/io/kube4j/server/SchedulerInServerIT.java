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
import io.kube4j.scheduler.core.Profile;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
        URI.create("http://127.0.0.1:" + FreePorts.next()), URI.create("http://127.0.0.1:" + FreePorts.next()));
    ServerSubcommand.Components parts = ServerSubcommand.Components.of(settings, FreePorts.next(), "127.0.0.1");
    try (ReadinessChain chain = new ReadinessChain(parts.all())) {
      chain.start();
      assertThat(chain.ready()).containsExactly("store", "apiserver", "node-token", "controller-manager", "scheduler");
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

  @Test
  void onlyTheLeaderSchedulesAStandbyTakesOverAReleasedLeaseAndALostLeaseStopsTheScheduler() throws Exception {
    ServerDefaults settings = ServerDefaults.of(dir).withStoreUrls(
        URI.create("http://127.0.0.1:" + FreePorts.next()), URI.create("http://127.0.0.1:" + FreePorts.next()));
    ServerSubcommand.Components parts = ServerSubcommand.Components.of(settings, FreePorts.next(), "127.0.0.1");
    Path kubeconfig = dir.resolve("kubeconfig.yaml");
    LeaderElectionSettings quick = new LeaderElectionSettings(true, Duration.ofSeconds(3), Duration.ofSeconds(2), Duration.ofMillis(500));
    // The schedulers run outside the chain: closing one by hand must not stop the apiserver.
    try (ReadinessChain chain = new ReadinessChain(List.of(parts.store(), parts.api()));
        SchedulerComponent first = parts.scheduler();
        SchedulerComponent standby = new SchedulerComponent(() -> kubeconfig, quick, Profile.defaults())) {
      chain.start();
      first.start();
      Config config = Config.fromKubeconfig(Files.readString(kubeconfig));
      try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
        await().atMost(WAIT).until(() -> holder(client) != null);
        assertThat(holder(client)).isEqualTo(first.identity());
        standby.start();
        createNodeWithAllocatable(client, "n1", "4", "8Gi");

        // The standby waits while the server's scheduler holds the lease.
        Thread.sleep(2_000);
        assertThat(holder(client)).isEqualTo(first.identity());
        // The leader schedules once its informers have synced (seconds on a loaded machine).
        await().atMost(WAIT).until(first::scheduling);
        assertThat(holder(client)).isEqualTo(first.identity());
        assertThat(standby.scheduling()).isFalse();

        // Closing gives the lease up: the standby takes over well before the 15 s lease would expire.
        first.close();
        await().atMost(Duration.ofSeconds(12)).untilAsserted(() -> {
          assertThat(holder(client)).isEqualTo(standby.identity());
          assertThat(standby.scheduling()).isTrue();
        });
        client.pods().inNamespace("default").resource(pod("after-failover")).create();
        await().atMost(WAIT).untilAsserted(() ->
            assertThat(client.pods().inNamespace("default").withName("after-failover").get().getSpec().getNodeName()).isEqualTo("n1"));

        // Someone else takes the lease over (as if the standby had been partitioned away): it stops on its own.
        // The standby renews every 500 ms, so the read-modify-write may lose a race (409): retry it.
        await().atMost(Duration.ofSeconds(10)).ignoreExceptionsMatching(
                e -> e instanceof io.fabric8.kubernetes.client.KubernetesClientException k && k.getCode() == 409)
            .until(() -> client.leases().inNamespace(SchedulerComponent.LEASE_NAMESPACE).withName(SchedulerComponent.LEASE_NAME)
                .edit(l -> {
                  l.getSpec().setHolderIdentity("intruder");
                  l.getSpec().setLeaseDurationSeconds(3600);
                  l.getSpec().setRenewTime(java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC));
                  return l;
                }) != null);
        Thread stopped = Thread.ofVirtual().start(() -> {
          try {
            standby.awaitTermination();
          } catch (InterruptedException ignored) {
            // the join below fails the test
          }
        });
        assertThat(stopped.join(Duration.ofSeconds(20))).as("standby stopped after losing the lease").isTrue();
        assertThat(standby.scheduling()).isFalse();
      }
    }
  }

  private static String holder(KubernetesClient client) {
    Lease lease = client.leases().inNamespace(SchedulerComponent.LEASE_NAMESPACE).withName(SchedulerComponent.LEASE_NAME).get();
    return lease == null ? null : lease.getSpec().getHolderIdentity();
  }

  private static Pod pod(String name) {
    return new PodBuilder()
        .withNewMetadata().withName(name).endMetadata()
        .withNewSpec().addNewContainer().withName("app").withImage("nginx").endContainer().endSpec()
        .build();
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
}
