package io.kube4j.e2e.kubectl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * Deleting and watching through real kubectl binaries: {@code delete --wait}, the three cascade
 * policies (finished by the garbage collector), a forced pod deletion, an object held by a finalizer, and {@code get -w}.
 */
class KubectlDeleteWatchE2E extends KubectlE2ESupport {

  static List<KubectlBinary> matrix() {
    return KubectlBinary.matrix();
  }

  private static JsonNode metadata(Kubectl kubectl, String ns, String kind, String name) {
    return kubectl.run("-n", ns, "get", kind, name, "-o", "json").ok().json().path("metadata");
  }

  private static List<String> finalizers(JsonNode meta) {
    return meta.path("finalizers").valueStream().map(JsonNode::asString).toList();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("matrix")
  void deletesWaitingAndWithEachCascadePolicy(KubectlBinary binary) {
    Kubectl kubectl = kubectl(binary);
    String ns = namespace(kubectl, "delete");
    for (String name : List.of("plain", "back", "fore", "orphaned")) {
      kubectl.run("-n", ns, "create", "deployment", name, "--image=nginx:1.27").ok();
    }
    assertThat(kubectl.run("-n", ns, "delete", "deployment", "plain", "--wait=true", "--timeout=30s").ok().out())
        .isEqualTo("deployment.apps \"plain\" deleted\n");
    kubectl.run("-n", ns, "delete", "deployment", "back", "--cascade=background", "--wait=true", "--timeout=30s").ok();
    assertThat(kubectl.run("-n", ns, "get", "deployments", "-o", "name").ok().lines())
        .containsExactly("deployment.apps/fore", "deployment.apps/orphaned");

    // Foreground and orphan deletion mark the object with a finalizer the garbage collector
    // finishes: foreground after deleting the ReplicaSet (and its pods), orphan after releasing it.
    kubectl.run("-n", ns, "delete", "deployment", "fore", "--cascade=foreground", "--wait=true", "--timeout=60s").ok();
    kubectl.run("-n", ns, "delete", "deployment", "orphaned", "--cascade=orphan", "--wait=true", "--timeout=60s").ok();
    assertThat(kubectl.run("-n", ns, "get", "deployments", "-o", "name").ok().out()).isEmpty();
    assertThat(kubectl.run("-n", ns, "get", "rs", "-l", "app=fore", "-o", "name").ok().out()).isEmpty();
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      assertThat(kubectl.run("-n", ns, "get", "rs", "-l", "app=orphaned", "-o", "name").ok().lines()).hasSize(1);
      assertThat(kubectl.run("-n", ns, "get", "rs", "-l", "app=orphaned", "-o", "jsonpath={.items[0].metadata.ownerReferences}")
          .ok().out()).isBlank();
    });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("matrix")
  void forceDeletesAPodAtOnce(KubectlBinary binary) {
    Kubectl kubectl = kubectl(binary);
    String ns = namespace(kubectl, "force");
    kubectl.run("-n", ns, "run", "victim", "--image=nginx:1.27", "--restart=Never").ok();
    KubectlResult deleted = kubectl.run("-n", ns, "delete", "pod", "victim", "--grace-period=0", "--force").ok();
    assertThat(deleted.out()).isEqualTo("pod \"victim\" force deleted\n");
    assertThat(deleted.err()).contains("Immediate deletion does not wait for confirmation");
    KubectlResult gone = kubectl.run("-n", ns, "get", "pod", "victim").fails(1);
    assertThat(gone.err().strip()).isEqualTo("Error from server (NotFound): pods \"victim\" not found");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("matrix")
  void anObjectWithAFinalizerStaysUntilTheFinalizerIsRemoved(KubectlBinary binary) {
    Kubectl kubectl = kubectl(binary);
    String ns = namespace(kubectl, "finalizer");
    kubectl.run("-n", ns, "create", "configmap", "held").ok();
    kubectl.run("-n", ns, "patch", "configmap", "held", "--type=merge",
        "-p", "{\"metadata\":{\"finalizers\":[\"example.com/hold\"]}}").ok();
    // --wait would block on the finalizer: upstream's kubectl then times out, as here.
    KubectlResult waited = kubectl.run("-n", ns, "delete", "configmap", "held", "--timeout=2s").fails(1);
    assertThat(waited.out()).isEqualTo("configmap \"held\" deleted\n");
    assertThat(waited.err()).contains("timed out waiting for the condition");

    JsonNode meta = metadata(kubectl, ns, "configmap", "held");
    assertThat(meta.path("deletionTimestamp").asString()).isNotEmpty();
    assertThat(finalizers(meta)).containsExactly("example.com/hold");

    kubectl.run("-n", ns, "patch", "configmap", "held", "--type=merge", "-p", "{\"metadata\":{\"finalizers\":null}}")
        .ok();
    assertThat(kubectl.run("-n", ns, "get", "configmap", "held").fails(1).err())
        .contains("configmaps \"held\" not found");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("matrix")
  void watchSeesCreateUpdateAndDelete(KubectlBinary binary) {
    Kubectl kubectl = kubectl(binary);
    String ns = namespace(kubectl, "watch");
    try (BackgroundKubectl watch = kubectl.start("-n", ns, "get", "configmaps", "-w", "-o", "name",
        "--request-timeout=60s")) {
      // The initial list: the namespace's root CA config map.
      Awaitility.await().atMost(Duration.ofSeconds(20))
          .untilAsserted(() -> assertThat(watch.lines()).contains("configmap/kube-root-ca.crt"));
      kubectl.run("-n", ns, "create", "configmap", "watched").ok();
      Awaitility.await().atMost(Duration.ofSeconds(20))
          .untilAsserted(() -> assertThat(watch.lines()).containsOnlyOnce("configmap/watched"));
      kubectl.run("-n", ns, "label", "configmap", "watched", "seen=yes").ok();
      kubectl.run("-n", ns, "delete", "configmap", "watched").ok();
      // -o name prints one line per event: added, modified, deleted.
      Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
          watch.lines().stream().filter(l -> l.equals("configmap/watched"))).hasSize(3));
      assertThat(watch.isAlive()).as("the watch keeps running: %s", watch).isTrue();
      assertThat(watch.lines()).allMatch(l -> l.startsWith("configmap/"), "only names, no errors");
    }
  }
}
