package io.kube4j.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kube4j.apiserver.testing.TestApiServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code kube4j hollow-nodes --count 5 --capacity cpu=4,memory=32Gi} against a real apiserver (no
 * scheduler, no controller manager): the five Nodes register Ready with the pod CIDRs the command
 * gives them, that capacity and their own names as hostname labels, a pod bound to
 * one of them is reported Running with an IP from that node's range, and stopping the command
 * returns 0.
 */
class HollowNodesSubcommandIT {

  @TempDir Path dir;

  @Test
  void fiveHollowNodesBecomeReadyAndRunAPodBoundToOne() throws Exception {
    try (TestApiServer api = TestApiServer.start(); KubernetesClient client = api.fabric8()) {
      HollowNodesSubcommand command = new HollowNodesSubcommand();
      new CommandLine(command).parseArgs("--kubeconfig", api.kubeconfig().toString(), "--count", "5",
          "--name-prefix", "hn", "--data-dir", dir.toString(), "--parallelism", "2", "--capacity", "cpu=4,memory=32Gi");
      CountDownLatch stop = new CountDownLatch(1);
      CountDownLatch registered = new CountDownLatch(1);
      AtomicReference<Object> outcome = new AtomicReference<>();
      Thread runner = Thread.ofVirtual().start(() -> {
        try {
          outcome.set(command.runUntil(stop, registered));
        } catch (Exception e) {
          outcome.set(e);
        }
      });
      try {
        assertThat(registered.await(60, TimeUnit.SECONDS)).as("all registered; outcome %s", outcome.get()).isTrue();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
          List<Node> nodes = client.nodes().list().getItems();
          assertThat(nodes).extracting(n -> n.getMetadata().getName())
              .containsExactlyInAnyOrder("hn-0", "hn-1", "hn-2", "hn-3", "hn-4");
          assertThat(nodes).allSatisfy(n -> assertThat(n.getStatus().getConditions())
              .anySatisfy(c -> assertThat(c.getType() + "=" + c.getStatus()).isEqualTo("Ready=True")));
        });
        Node hn3 = client.nodes().withName("hn-3").get();
        assertThat(hn3.getSpec().getPodCIDR()).isEqualTo("10.128.3.0/24");
        // --capacity replaces the host's figures; each node is its own hostname (one topology domain each).
        assertThat(hn3.getStatus().getCapacity().get("cpu").toString()).isEqualTo("4");
        assertThat(hn3.getStatus().getCapacity().get("memory").toString()).isEqualTo("32Gi");
        assertThat(hn3.getStatus().getAllocatable().get("cpu").toString()).isEqualTo("4");
        assertThat(hn3.getStatus().getCapacity().get("pods").toString()).isEqualTo("110");
        assertThat(hn3.getMetadata().getLabels()).containsEntry("kubernetes.io/hostname", "hn-3");

        client.pods().inNamespace("default").resource(new PodBuilder()
            .withNewMetadata().withName("p").endMetadata()
            .withNewSpec().withNodeName("hn-3")
            .addNewContainer().withName("app").withImage("registry.k8s.io/pause:3.10").endContainer()
            .endSpec().build()).create();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
          Pod pod = client.pods().inNamespace("default").withName("p").get();
          assertThat(pod.getStatus().getPhase()).isEqualTo("Running");
          assertThat(pod.getStatus().getPodIP()).startsWith("10.128.3.");
        });
      } finally {
        stop.countDown();
        runner.join(Duration.ofSeconds(30));
      }
      assertThat(outcome.get()).isEqualTo(0);
    }
  }
}
