package io.kube4j.e2e.kubectl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The scheduler of {@code kube4j server} seen through real kubectl binaries: nodes (fake Node
 * objects given allocatable resources through {@code patch --subresource=status}) and pods created
 * with {@code kubectl create}, {@code get pods -o wide} naming the node, and a pod that fits
 * nowhere showing upstream's FailedScheduling message in {@code describe pod} and {@code get events}.
 * The nodes have no kubelet, so the node lifecycle controller (which would taint them unreachable
 * a minute in) is off for this class.
 */
@KubectlE2ESupport.ServerFlags({"--kube-controller-manager-arg", "controllers=*,-node-lifecycle-controller"})
class KubectlSchedulingE2E extends KubectlE2ESupport {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String UNSCHEDULABLE = "0/2 nodes are available: 2 Insufficient cpu.";

  /** {@code patch --subresource} needs kubectl 1.24+, so not Debian's 1.20. */
  static List<KubectlBinary> pinned() {
    return KubectlBinary.pinned();
  }

  private static final String NODES = """
      apiVersion: v1
      kind: Node
      metadata:
        name: worker-a
        labels:
          kubernetes.io/hostname: worker-a
      ---
      apiVersion: v1
      kind: Node
      metadata:
        name: worker-b
        labels:
          kubernetes.io/hostname: worker-b
      """;

  private static final String STATUS =
      "{\"status\":{\"capacity\":{\"cpu\":\"2\",\"memory\":\"4Gi\",\"pods\":\"110\"},"
          + "\"allocatable\":{\"cpu\":\"2\",\"memory\":\"4Gi\",\"pods\":\"110\"}}}";

  private static String pod(String name, String cpu) {
    return """
        apiVersion: v1
        kind: Pod
        metadata:
          name: %s
        spec:
          containers:
          - name: app
            image: nginx:1.27
            resources:
              requests:
                cpu: "%s"
                memory: 64Mi
        """.formatted(name, cpu);
  }

  /** The two nodes, once per server (nodes are cluster-wide; the second kubectl finds them). */
  private static synchronized void ensureNodes(Kubectl kubectl) {
    if (kubectl.run("get", "node", "worker-a", "-o", "name").exitCode() == 0) {
      return;
    }
    assertThat(kubectl.runWithInput(NODES, "create", "-f", "-").ok().lines())
        .containsExactly("node/worker-a created", "node/worker-b created");
    for (String node : List.of("worker-a", "worker-b")) {
      kubectl.run("patch", "node", node, "--subresource=status", "--type=merge", "-p", STATUS).ok();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pinned")
  void podsAreBoundToNodesAndAnUnschedulablePodExplainsWhy(KubectlBinary binary) {
    Kubectl kubectl = kubectl(binary);
    ensureNodes(kubectl);
    String ns = namespace(kubectl, "sched");

    assertThat(kubectl.runWithInput(pod("small", "100m"), "-n", ns, "create", "-f", "-").ok().lines())
        .containsExactly("pod/small created");
    String node = await().atMost(WAIT).until(
        () -> kubectl.run("-n", ns, "get", "pod", "small", "-o", "jsonpath={.spec.nodeName}").ok().out().strip(),
        n -> !n.isEmpty());
    assertThat(node).isIn("worker-a", "worker-b");
    List<List<String>> wide = kubectl.run("-n", ns, "get", "pods", "-o", "wide").ok().table();
    assertThat(String.join(" ", wide.getFirst())).contains("NODE");
    assertThat(wide.get(1).getFirst()).isEqualTo("small");
    assertThat(wide.get(1)).contains(node);

    kubectl.runWithInput(pod("huge", "64"), "-n", ns, "create", "-f", "-").ok();
    List<String> described = await().atMost(WAIT).until(
        () -> kubectl.run("-n", ns, "describe", "pod", "huge").ok().lines(),
        lines -> lines.stream().anyMatch(l -> l.contains("FailedScheduling")));
    assertThat(described)
        .anySatisfy(l -> assertThat(l).matches("Status:\\s+Pending"))
        .anySatisfy(l -> assertThat(l).matches("Node:\\s+<none>"))
        .anySatisfy(l -> assertThat(l).matches("\\s+PodScheduled\\s+False\\s*"))
        .anySatisfy(l -> assertThat(l).matches(
            "\\s+Warning\\s+FailedScheduling\\s+\\S+\\s+default-scheduler\\s+" + Pattern.quote(UNSCHEDULABLE) + ".*"));
    assertThat(kubectl.run("-n", ns, "get", "pod", "huge", "-o",
        "jsonpath={.status.conditions[?(@.type==\"PodScheduled\")].message}").ok().out()).startsWith(UNSCHEDULABLE);

    List<String> events = kubectl.run("-n", ns, "get", "events").ok().lines();
    assertThat(events.getFirst()).matches("LAST SEEN\\s+TYPE\\s+REASON\\s+OBJECT\\s+MESSAGE");
    assertThat(events)
        .anySatisfy(l -> assertThat(l).matches(".*\\s+Warning\\s+FailedScheduling\\s+pod/huge\\s+"
            + Pattern.quote(UNSCHEDULABLE) + ".*"))
        .anySatisfy(l -> assertThat(l).matches(".*\\s+Normal\\s+Scheduled\\s+pod/small\\s+Successfully assigned "
            + ns + "/small to " + node));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pinned")
  void aGatedPodShowsSchedulingGatedUntilItsGateIsRemoved(KubectlBinary binary) {
    Kubectl kubectl = kubectl(binary);
    ensureNodes(kubectl);
    String ns = namespace(kubectl, "gates");
    String gated = pod("gated", "100m") + """
          schedulingGates:
          - name: example.com/quota
        """;
    kubectl.runWithInput(gated, "-n", ns, "create", "-f", "-").ok();
    List<List<String>> table = kubectl.run("-n", ns, "get", "pod", "gated").ok().table();
    assertThat(table.get(1).get(2)).isEqualTo("SchedulingGated");

    kubectl.run("-n", ns, "patch", "pod", "gated", "--type=json",
        "-p", "[{\"op\":\"remove\",\"path\":\"/spec/schedulingGates\"}]").ok();
    String node = await().atMost(WAIT).until(
        () -> kubectl.run("-n", ns, "get", "pod", "gated", "-o", "jsonpath={.spec.nodeName}").ok().out().strip(),
        n -> !n.isEmpty());
    assertThat(node).isIn("worker-a", "worker-b");
  }
}
