package io.kube4j.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The controller-manager benchmark's pod traffic against {@code kube4j server}'s own components
 * (embedded Raft store, apiserver, scheduler binding the pods): 64 writers create pods and patch
 * their status Running + Ready while other pods are created and deleted; afterwards fabric8
 * informers in this JVM hold exactly what a fresh LIST returns, resourceVersion for resourceVersion.
 *
 * <p>A soak, not in the default suite (a loaded 2-core machine can push one request past fabric8's
 * 10 s timeout): run it on demand with {@code -Dit.test=RaftWatchConsistencySoak}.
 */
class RaftWatchConsistencySoak {

  private static final int WRITERS = 64;
  private static final int PODS = 1000;
  private static final int CHURN = 500;
  private static final String READY = """
      {"status":{"phase":"Running","podIP":"10.0.0.%d","conditions":[
      {"type":"Ready","status":"True"},{"type":"ContainersReady","status":"True"}]}}""";

  @TempDir Path dir;

  @Test
  void informersMatchAFreshListAfterTheBenchmarksPodTraffic() throws Exception {
    ServerDefaults settings = ServerDefaults.of(dir).withStoreUrls(
        URI.create("http://127.0.0.1:" + FreePorts.next()), URI.create("http://127.0.0.1:" + FreePorts.next()));
    ServerSubcommand.Components parts = ServerSubcommand.Components.of(settings, FreePorts.next(), "127.0.0.1");
    try (ReadinessChain chain = new ReadinessChain(parts.all())) {
      chain.start();
      Config config = Config.fromKubeconfig(Files.readString(dir.resolve("kubeconfig.yaml")));
      config.setMaxConcurrentRequests(256);
      config.setMaxConcurrentRequestsPerHost(256);
      try (KubernetesClient writer = new KubernetesClientBuilder().withConfig(config).build();
          KubernetesClient reader = new KubernetesClientBuilder().withConfig(config).build();
          ExecutorService pool = Executors.newFixedThreadPool(WRITERS)) {
        for (int n = 0; n < 8; n++) {
          writer.nodes().resource(new NodeBuilder().withNewMetadata().withName("node-" + n).endMetadata().build()).create();
          writer.nodes().withName("node-" + n).subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE),
              "{\"status\":{\"allocatable\":{\"cpu\":\"1000\",\"memory\":\"1000Gi\",\"pods\":\"1000\"},"
                  + "\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\"}]}}");
        }
        for (int round = 0; round < 2; round++) {
          String ns = "raft-" + round;
          writer.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
          try (SharedIndexInformer<Pod> all = reader.resources(Pod.class).inAnyNamespace().runnableInformer(1000);
              SharedIndexInformer<Pod> inNs = reader.pods().inNamespace(ns).inform()) {
            all.start().toCompletableFuture().get(30, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(50);
            var pods = writer.pods().inNamespace(ns);
            List<Future<?>> work = new ArrayList<>();
            for (int i = 0; i < PODS; i++) {
              int n = i;
              work.add(pool.submit(() -> {
                if (System.nanoTime() < deadline) {
                  pods.resource(pod(ns, "p-" + n, Quantity.parse("1m"))).create();
                  pods.withName("p-" + n).subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE),
                      READY.formatted(n % 250));
                }
              }));
              if (i < CHURN) {
                work.add(pool.submit(() -> {
                  if (System.nanoTime() < deadline) {
                    pods.resource(pod(ns, "old-" + n, Quantity.parse("1m"))).create();
                    pods.withName("old-" + n).withGracePeriod(0).delete();
                  }
                }));
              }
            }
            for (Future<?> f : work) {
              f.get(90, TimeUnit.SECONDS);
            }
            Map<String, String> truth = versions(pods.list().getItems());
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            Map<String, String> dAll;
            Map<String, String> dNs;
            do {
              Thread.sleep(200);
              // the scheduler may still be binding: follow the server until both agree or time is up
              truth = versions(pods.list().getItems());
              dAll = diff(versions(all.getIndexer().byIndex("namespace", ns)), truth);
              dNs = diff(versions(inNs.getStore().list()), truth);
            } while ((!dAll.isEmpty() || !dNs.isEmpty()) && System.nanoTime() < until);
            assertThat(dAll).as("round %d: all-namespaces informer vs LIST", round).isEmpty();
            assertThat(dNs).as("round %d: namespace informer vs LIST", round).isEmpty();
          }
        }
      }
    }
  }

  private static Pod pod(String ns, String name, Quantity cpu) {
    return new PodBuilder().withNewMetadata().withNamespace(ns).withName(name).endMetadata().withNewSpec()
        .addNewContainer().withName("c").withImage("busybox").withNewResources().addToRequests("cpu", cpu)
        .endResources().endContainer().endSpec().build();
  }

  private static Map<String, String> versions(List<? extends HasMetadata> items) {
    return items.stream().collect(Collectors.toMap(o -> o.getMetadata().getName(),
        o -> o.getMetadata().getResourceVersion(), (a, b) -> a, TreeMap::new));
  }

  private static Map<String, String> diff(Map<String, String> informer, Map<String, String> truth) {
    Map<String, String> out = new TreeMap<>();
    truth.forEach((k, v) -> {
      if (!v.equals(informer.get(k))) {
        out.put(k, informer.get(k) + " / " + v);
      }
    });
    informer.forEach((k, v) -> {
      if (!truth.containsKey(k)) {
        out.put(k, v + " / (gone)");
      }
    });
    return out;
  }
}
