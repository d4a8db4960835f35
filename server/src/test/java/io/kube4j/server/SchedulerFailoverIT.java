package io.kube4j.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kube4j.scheduler.core.Profile;
import io.kube4j.scheduler.metrics.SchedulerMetrics;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One placement scenario through the server's store and apiserver, run by one scheduler without
 * election and by three replicas under leader election: only the leader schedules; closing it
 * hands the lease to a standby, which finishes the scenario (places the rest, reports the pod that
 * fits nowhere with upstream's message).
 */
class SchedulerFailoverIT {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final LeaderElectionSettings QUICK =
      new LeaderElectionSettings(true, Duration.ofSeconds(3), Duration.ofSeconds(2), Duration.ofMillis(500));

  @TempDir Path dir;

  @ParameterizedTest(name = "{0} scheduler(s)")
  @ValueSource(ints = {1, 3})
  void theScenarioFinishesWhateverSchedulerLeads(int replicas) throws Exception {
    ServerDefaults settings = ServerDefaults.of(dir).withStoreUrls(
        URI.create("http://127.0.0.1:" + FreePorts.next()), URI.create("http://127.0.0.1:" + FreePorts.next()));
    ServerSubcommand.Components parts = ServerSubcommand.Components.of(settings, FreePorts.next(), "127.0.0.1");
    Path kubeconfig = dir.resolve("kubeconfig.yaml");
    LeaderElectionSettings election = replicas == 1
        ? new LeaderElectionSettings(false, QUICK.leaseDuration(), QUICK.renewDeadline(), QUICK.retryPeriod())
        : QUICK;
    List<SchedulerComponent> schedulers = new ArrayList<>();
    try (ReadinessChain chain = new ReadinessChain(List.of(parts.store(), parts.api()))) {
      chain.start();
      try (KubernetesClient client = new KubernetesClientBuilder()
          .withConfig(Config.fromKubeconfig(Files.readString(kubeconfig))).build()) {
        node(client, "n1", "2");
        node(client, "n2", "4");
        for (int i = 0; i < replicas; i++) {
          SchedulerComponent s = new SchedulerComponent(() -> kubeconfig, election, List.of(Profile::defaults),
              new SchedulerMetrics(), null);
          schedulers.add(s);
          s.start();
        }
        await().atMost(WAIT).until(() -> schedulers.stream().filter(SchedulerComponent::scheduling).count() == 1);
        SchedulerComponent leader = schedulers.stream().filter(SchedulerComponent::scheduling).findFirst().orElseThrow();
        if (replicas > 1) {
          assertThat(holder(client)).isEqualTo(leader.identity());
        }

        // n2 has more free cpu, so LeastAllocated puts the first pod there.
        pod(client, "a", "1");
        await().atMost(WAIT).untilAsserted(() -> assertThat(nodeOf(client, "a")).isEqualTo("n2"));
        // Standbys never schedule.
        assertThat(schedulers.stream().filter(SchedulerComponent::scheduling)).containsExactly(leader);

        SchedulerComponent finisher = leader;
        if (replicas > 1) {
          leader.close();
          await().atMost(Duration.ofSeconds(15)).until(() -> schedulers.stream().filter(SchedulerComponent::scheduling).count() == 1);
          finisher = schedulers.stream().filter(SchedulerComponent::scheduling).findFirst().orElseThrow();
          assertThat(finisher).isNotSameAs(leader);
          SchedulerComponent next = finisher;
          await().atMost(WAIT).until(() -> next.identity().equals(holder(client)));
        }
        pod(client, "b", "2");
        pod(client, "c", "1");
        await().atMost(WAIT).untilAsserted(() -> {
          assertThat(nodeOf(client, "b")).isNotNull();
          assertThat(nodeOf(client, "c")).isNotNull();
        });
        // 2+1 cpu of the 5 free after a: both fit, together with a, in 6 cpu.
        pod(client, "huge", "3");
        await().atMost(WAIT).untilAsserted(() -> {
          Pod huge = client.pods().inNamespace("default").withName("huge").get();
          List<PodCondition> conditions = huge.getStatus() == null ? null : huge.getStatus().getConditions();
          assertThat(conditions).as("conditions of huge").isNotNull();
          PodCondition c = conditions.stream().filter(x -> "PodScheduled".equals(x.getType())).findFirst().orElse(null);
          assertThat(c).as("PodScheduled of huge").isNotNull();
          assertThat(c.getStatus()).isEqualTo("False");
          assertThat(c.getReason()).isEqualTo("Unschedulable");
          assertThat(c.getMessage()).startsWith("0/2 nodes are available: 2 Insufficient cpu.");
        });
        assertThat(nodeOf(client, "huge")).isNull();
        // The finisher's own counters saw its work.
        assertThat(new String(finisher.metrics().scrape(), java.nio.charset.StandardCharsets.UTF_8))
            .contains("scheduler_schedule_attempts_total{profile=\"default-scheduler\",result=\"unschedulable\"}");
      } finally {
        for (SchedulerComponent s : schedulers) {
          s.close();
        }
      }
    }
  }

  private static String holder(KubernetesClient client) {
    Lease lease = client.leases().inNamespace(SchedulerComponent.LEASE_NAMESPACE).withName(SchedulerComponent.LEASE_NAME).get();
    return lease == null ? null : lease.getSpec().getHolderIdentity();
  }

  private static String nodeOf(KubernetesClient client, String pod) {
    Pod p = client.pods().inNamespace("default").withName(pod).get();
    String node = p == null ? null : p.getSpec().getNodeName();
    return node == null || node.isEmpty() ? null : node;
  }

  private static void pod(KubernetesClient client, String name, String cpu) {
    client.pods().inNamespace("default").resource(new PodBuilder()
        .withNewMetadata().withName(name).endMetadata()
        .withNewSpec().addNewContainer().withName("app").withImage("nginx")
        .withNewResources().withRequests(Map.of("cpu", new Quantity(cpu), "memory", new Quantity("100Mi"))).endResources()
        .endContainer().endSpec()
        .build()).create();
  }

  private static void node(KubernetesClient client, String name, String cpu) {
    client.nodes().resource(new NodeBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
    Node current = client.nodes().withName(name).get();
    Map<String, Quantity> resources = Map.of("cpu", new Quantity(cpu), "memory", new Quantity("8Gi"), "pods", new Quantity("110"));
    current.setStatus(new NodeStatusBuilder().withCapacity(resources).withAllocatable(resources).build());
    client.nodes().resource(current).updateStatus();
  }
}
