package io.kube4j.e2e.kubectl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kube4j.controllers.testing.HollowNodes;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
* The controllers of {@code kube4j server} seen through the newest pinned kubectl, on three hollow
* nodes (simulated kubelets in this JVM, so pods run, become ready and end): a Deployment rolls out,
* updates, shows its history and rolls back; a Service gets Endpoints; a Job completes; a DaemonSet
* runs on every node; a StatefulSet comes up in order; deletes cascade through the garbage
* collector; a deleted namespace is emptied and goes.
*/
class KubectlControllersE2E extends KubectlE2ESupport {

  private static final Duration WAIT = Duration.ofSeconds(90);
  private static KubernetesClient client;
  private static HollowNodes nodes;

  @BeforeAll
  static void startNodes() throws Exception {
    client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(server.kubeconfig()))).build();
    nodes = HollowNodes.start(client, 3, "e2e-node");
  }

  @AfterAll
  static void stopNodes() {
    if (nodes != null) {
      nodes.close();
    }
    if (client != null) {
      client.close();
    }
  }

  private static Kubectl kubectl() {
    return kubectl(KubectlBinary.newest());
  }

  @Test
  void aDeploymentRollsOutUpdatesAndRollsBack() {
    Kubectl k = kubectl();
    String ns = namespace(k, "deploy");
    k.run("-n", ns, "create", "deployment", "web", "--image=nginx:1.27", "--replicas=3").ok();
    assertThat(k.run("-n", ns, "rollout", "status", "deployment/web", "--timeout=90s").ok().out())
        .contains("deployment \"web\" successfully rolled out");
    assertThat(k.run("-n", ns, "get", "pods", "-l", "app=web", "-o", "name").ok().lines()).hasSize(3);

    k.run("-n", ns, "set", "image", "deployment/web", "nginx=nginx:1.28").ok();
    assertThat(k.run("-n", ns, "rollout", "status", "deployment/web", "--timeout=90s").ok().out())
        .contains("successfully rolled out");
    List<String> history = k.run("-n", ns, "rollout", "history", "deployment/web").ok().lines();
    assertThat(history).anySatisfy(l -> assertThat(l).matches("1\\s+.*"))
        .anySatisfy(l -> assertThat(l).matches("2\\s+.*"));

    k.run("-n", ns, "rollout", "undo", "deployment/web").ok();
    k.run("-n", ns, "rollout", "status", "deployment/web", "--timeout=90s").ok();
    assertThat(k.run("-n", ns, "get", "deployment", "web", "-o", "jsonpath={.spec.template.spec.containers[0].image}").ok().out())
        .isEqualTo("nginx:1.27");
    await().atMost(WAIT).until(() -> k.run("-n", ns, "get", "pods", "-l", "app=web", "-o",
        "jsonpath={.items[*].spec.containers[0].image}").ok().out().strip().equals("nginx:1.27 nginx:1.27 nginx:1.27"));

    k.run("-n", ns, "expose", "deployment", "web", "--port=80").ok();
    await().atMost(WAIT).until(() -> k.run("-n", ns, "get", "endpoints", "web", "-o",
        "jsonpath={.subsets[*].addresses[*].ip}").exitCode() == 0
        && k.run("-n", ns, "get", "endpoints", "web", "-o", "jsonpath={.subsets[*].addresses[*].ip}").out().strip().split(" ").length == 3);

    k.run("-n", ns, "delete", "deployment", "web", "--cascade=foreground", "--wait=true", "--timeout=90s").ok();
    await().atMost(WAIT).until(() -> k.run("-n", ns, "get", "rs,pods", "-o", "name").ok().out().isBlank());
  }

  @Test
  void aJobCompletesADaemonSetCoversEveryNodeAndAStatefulSetComesUp() {
    Kubectl k = kubectl();
    String ns = namespace(k, "workloads");
    k.runWithInput("""
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: once
        spec:
          completions: 2
          parallelism: 1
          template:
            metadata:
              annotations:
                hollow.kube4j.io/exit-code: "0"
            spec:
              restartPolicy: Never
              containers:
              - name: c
                image: busybox
        ---
        apiVersion: apps/v1
        kind: DaemonSet
        metadata:
          name: agent
        spec:
          selector:
            matchLabels: {app: agent}
          template:
            metadata:
              labels: {app: agent}
            spec:
              containers:
              - name: c
                image: busybox
        ---
        apiVersion: apps/v1
        kind: StatefulSet
        metadata:
          name: db
        spec:
          serviceName: db
          replicas: 2
          selector:
            matchLabels: {app: db}
          template:
            metadata:
              labels: {app: db}
            spec:
              containers:
              - name: c
                image: busybox
        """, "-n", ns, "apply", "-f", "-").ok();
    k.run("-n", ns, "wait", "--for=condition=complete", "job/once", "--timeout=90s").ok();
    assertThat(k.run("-n", ns, "get", "job", "once", "-o", "jsonpath={.status.succeeded}").ok().out()).isEqualTo("2");
    assertThat(k.run("-n", ns, "rollout", "status", "daemonset/agent", "--timeout=90s").ok().out())
        .contains("daemon set \"agent\" successfully rolled out");
    assertThat(k.run("-n", ns, "get", "pods", "-l", "app=agent", "-o", "jsonpath={.items[*].spec.nodeName}").ok().out().split(" "))
        .containsExactlyInAnyOrder("e2e-node-0", "e2e-node-1", "e2e-node-2");
    k.run("-n", ns, "rollout", "status", "statefulset/db", "--timeout=90s").ok();
    assertThat(k.run("-n", ns, "get", "pods", "-l", "app=db", "-o", "name").ok().lines())
        .containsExactlyInAnyOrder("pod/db-0", "pod/db-1");
  }

  @Test
  void aDeletedNamespaceIsEmptiedAndGoes() {
    Kubectl k = kubectl();
    String ns = namespace(k, "doomed");
    k.run("-n", ns, "create", "deployment", "web", "--image=nginx", "--replicas=2").ok();
    k.run("-n", ns, "create", "configmap", "settings", "--from-literal=a=b").ok();
    k.run("-n", ns, "rollout", "status", "deployment/web", "--timeout=90s").ok();
    k.run("delete", "namespace", ns, "--timeout=120s").ok();
    assertThat(k.run("get", "namespace", ns).exitCode()).isNotZero();
    assertThat(client.pods().inNamespace(ns).list().getItems()).isEmpty();
  }
}
