package io.kube4j.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kube4j.controllers.machinery.ControllerOptions;
import io.kube4j.controllers.manager.ControllerSelection;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kube4j server}'s controller manager: it runs in the server's chain, holds the Lease
 * {@code kube-system/kube-controller-manager}, and its controllers act (a Job gets its pod); a
 * second controller manager waits as a standby and takes over when the first gives the lease up; inside
 * the server a lost lease stops the work and the component stands again instead of stopping the process.
 */
class ControllerManagerInServerIT {

  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path dir;

  @Test
  void theServersControllerManagerLeadsAndItsControllersAct() throws Exception {
    ServerSubcommand.Components parts = ServerSubcommand.Components.of(settings(), FreePorts.next(), "127.0.0.1");
    try (ReadinessChain chain = new ReadinessChain(parts.all())) {
      chain.start();
      assertThat(chain.ready()).containsExactly("store", "apiserver", "node-token", "controller-manager", "scheduler");
      try (KubernetesClient client = client()) {
        await().atMost(WAIT).until(() -> holder(client) != null);
        assertThat(holder(client)).isEqualTo(parts.controllerManager().identity());
        await().atMost(WAIT).until(() -> parts.controllerManager().running().contains("job-controller"));
        client.batch().v1().jobs().inNamespace("default").resource(job("first")).create();
        await().atMost(WAIT).until(() -> !client.pods().inNamespace("default").withLabel("job-name", "first").list().getItems().isEmpty());
      }
    }
  }

  @Test
  void aStandbyTakesOverWhenTheLeaderGivesTheLeaseUp() throws Exception {
    ServerSubcommand.Components parts = ServerSubcommand.Components.of(settings(), FreePorts.next(), "127.0.0.1");
    Path kubeconfig = dir.resolve("kubeconfig.yaml");
    LeaderElectionSettings quick = new LeaderElectionSettings(true, Duration.ofSeconds(3), Duration.ofSeconds(2), Duration.ofMillis(500));
    ControllerSelection jobsOnly = ControllerSelection.parse("job-controller");
    try (ReadinessChain chain = new ReadinessChain(List.of(parts.store(), parts.api()));
        ControllerManagerComponent first = new ControllerManagerComponent(() -> kubeconfig, quick, jobsOnly, ControllerOptions.defaults());
        ControllerManagerComponent standby = new ControllerManagerComponent(() -> kubeconfig, quick, jobsOnly, ControllerOptions.defaults())) {
      chain.start();
      first.start();
      try (KubernetesClient client = client()) {
        await().atMost(WAIT).until(() -> first.identity().equals(holder(client)));
        standby.start();
        Thread.sleep(2_000);
        assertThat(holder(client)).isEqualTo(first.identity());
        assertThat(standby.working()).isFalse();
        assertThat(standby.running()).isEmpty();

        first.close();
        await().atMost(Duration.ofSeconds(12)).until(() -> standby.identity().equals(holder(client)) && standby.working());
        client.batch().v1().jobs().inNamespace("default").resource(job("after-failover")).create();
        await().atMost(WAIT).until(() ->
            !client.pods().inNamespace("default").withLabel("job-name", "after-failover").list().getItems().isEmpty());
      }
    }
  }

  @Test
  void insideTheServerALostLeaseStopsTheWorkAndTheComponentStandsAgain() throws Exception {
    ServerSubcommand.Components parts = ServerSubcommand.Components.of(settings(), FreePorts.next(), "127.0.0.1");
    Path kubeconfig = dir.resolve("kubeconfig.yaml");
    LeaderElectionSettings quick = new LeaderElectionSettings(true, Duration.ofSeconds(3), Duration.ofSeconds(2), Duration.ofMillis(500));
    try (ReadinessChain chain = new ReadinessChain(List.of(parts.store(), parts.api()));
        ControllerManagerComponent embedded = new ControllerManagerComponent(() -> kubeconfig, quick,
            ControllerSelection.parse("job-controller"), ControllerOptions.defaults())) {
      chain.start();
      embedded.standAgainAfterLoss();
      embedded.start();
      try (KubernetesClient client = client()) {
        await().atMost(WAIT).until(() -> embedded.identity().equals(holder(client)) && embedded.working());
        // Someone else takes the lease over for a few seconds (as if this instance had been partitioned away).
        await().atMost(Duration.ofSeconds(10)).ignoreExceptionsMatching(
                e -> e instanceof io.fabric8.kubernetes.client.KubernetesClientException k && k.getCode() == 409)
            .until(() -> client.leases().inNamespace("kube-system").withName(ControllerManagerComponent.LEASE_NAME)
                .edit(l -> {
                  l.getSpec().setHolderIdentity("intruder");
                  l.getSpec().setLeaseDurationSeconds(4);
                  l.getSpec().setRenewTime(java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC));
                  return l;
                }) != null);
        await().atMost(Duration.ofSeconds(15)).until(() -> !embedded.working());
        // The intruder never renews: once its lease expires, the component leads and works again, never having stopped.
        await().atMost(Duration.ofSeconds(30)).until(() -> embedded.identity().equals(holder(client)) && embedded.working());
        Thread stopped = Thread.ofVirtual().start(() -> {
          try {
            embedded.awaitTermination();
          } catch (InterruptedException ignored) {
            // interrupted below: still running
          }
        });
        assertThat(stopped.join(Duration.ofMillis(500))).as("the component keeps running").isFalse();
        stopped.interrupt();
        client.batch().v1().jobs().inNamespace("default").resource(job("after-stand-again")).create();
        await().atMost(WAIT).until(() ->
            !client.pods().inNamespace("default").withLabel("job-name", "after-stand-again").list().getItems().isEmpty());
      }
    }
  }

  private ServerDefaults settings() throws IOException {
    return ServerDefaults.of(dir).withStoreUrls(
        URI.create("http://127.0.0.1:" + FreePorts.next()), URI.create("http://127.0.0.1:" + FreePorts.next()));
  }

  private KubernetesClient client() throws IOException {
    return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(dir.resolve("kubeconfig.yaml")))).build();
  }

  private static Job job(String name) {
    return new JobBuilder().withNewMetadata().withName(name).endMetadata()
        .withNewSpec().withNewTemplate().withNewSpec().withRestartPolicy("Never")
        .addNewContainer().withName("c").withImage("busybox").endContainer()
        .endSpec().endTemplate().endSpec().build();
  }

  private static String holder(KubernetesClient client) {
    Lease lease = client.leases().inNamespace("kube-system").withName(ControllerManagerComponent.LEASE_NAME).get();
    return lease == null ? null : lease.getSpec().getHolderIdentity();
  }
}
