package io.kube4j.e2e.kubectl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writing through real kubectl binaries: create (files and the imperative generators, which
 * kubectl 1.32+ sends as protobuf), client-side and server-side apply, replace, the three patch
 * types, label/annotate, scale through /scale, and the error paths (422, 409).
 */
class KubectlWriteE2E extends KubectlE2ESupport {

  static List<KubectlBinary> matrix() {
    return KubectlBinary.matrix();
  }

  static List<KubectlBinary> pinned() {
    return KubectlBinary.pinned();
  }

  /**
   * The clients whose {@code create -f}, {@code apply -f} and {@code replace -f} work against kube4j
   * today. kubectl 1.20 validates files client-side against {@code /openapi/v2} in protobuf
   * ({@code application/com.github.proto-openapi.spec.v2@v1.0+protobuf}), which kube4j does not
   * serve yet (it answers JSON, and 1.20 fails with "proto: mismatching end group marker").
   */
  static List<KubectlBinary> fileClients() {
    return KubectlBinary.pinned();
  }

  private static JsonNode get(Kubectl kubectl, String ns, String... what) {
    List<String> args = new java.util.ArrayList<>(List.of("-n", ns, "get"));
    args.addAll(List.of(what));
    args.addAll(List.of("-o", "json"));
    return kubectl.run(args.toArray(String[]::new)).ok().json();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fileClients")
  void createsEveryDocumentOfAMultiDocumentFile(KubectlBinary binary) {
    Kubectl kubectl = kubectl(binary);
    String ns = namespace(kubectl, "create");
    KubectlResult created = kubectl.runWithInput(Fixtures.MIXED, "-n", ns, "create", "-f", "-").ok();
    assertThat(created.lines()).containsExactly("configmap/front created", "configmap/back created",
        "pod/runner created", "deployment.apps/web created");
    JsonNode web = get(kubectl, ns, "deployment", "web");
    assertThat(web.path("spec").path("replicas").asInt()).isEqualTo(2);
    assertThat(web.path("metadata").path("generation").asInt()).isEqualTo(1);
    assertThat(get(kubectl, ns, "configmap", "back").path("data").path("color").asString()).isEqualTo("green");

    KubectlResult again = kubectl.runWithInput(Fixtures.MIXED, "-n", ns, "create", "-f", "-").fails(1);
    assertThat(again.err()).contains("Error from server (AlreadyExists)", "configmaps \"front\" already exists");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("matrix")
  void createsWithTheImperativeGenerators(KubectlBinary binary) {
    Kubectl kubectl = kubectl(binary);
    String ns = namespace(kubectl, "gen");
    assertThat(kubectl.run("get", "namespace", ns, "-o", "json").ok().json().path("status").path("phase").asString())
        .isEqualTo("Active");
    kubectl.run("-n", ns, "create", "configmap", "settings", "--from-literal=mode=fast", "--from-literal=level=3").ok();
    kubectl.run("-n", ns, "create", "secret", "generic", "creds", "--from-literal=password=s3cr3t").ok();
    kubectl.run("-n", ns, "create", "deployment", "api", "--image=nginx:1.27").ok();

    JsonNode settings = get(kubectl, ns, "configmap", "settings").path("data");
    assertThat(settings.path("mode").asString()).isEqualTo("fast");
    assertThat(settings.path("level").asString()).isEqualTo("3");
    JsonNode creds = get(kubectl, ns, "secret", "creds");
    assertThat(creds.path("type").asString()).isEqualTo("Opaque");
    assertThat(new String(Base64.getDecoder().decode(creds.path("data").path("password").asString()),
        StandardCharsets.UTF_8)).isEqualTo("s3cr3t");
    JsonNode api = get(kubectl, ns, "deployment", "api");
    assertThat(api.path("spec").path("replicas").asInt()).isEqualTo(1);
    assertThat(api.path("spec").path("selector").path("matchLabels").path("app").asString()).isEqualTo("api");
    assertThat(api.path("spec").path("template").path("spec").path("containers").path(0).path("image").asString())
        .isEqualTo("nginx:1.27");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fileClients")
  void appliesClientSideTwice(KubectlBinary binary) {
    Kubectl kubectl = kubectl(binary);
    String ns = namespace(kubectl, "csa");
    assertThat(kubectl.runWithInput(Fixtures.configMap("conf", "one"), "-n", ns, "apply", "-f", "-").ok().out())
        .isEqualTo("configmap/conf created\n");
    assertThat(kubectl.runWithInput(Fixtures.configMap("conf", "two"), "-n", ns, "apply", "-f", "-").ok().out())
        .isEqualTo("configmap/conf configured\n");
    assertThat(kubectl.runWithInput(Fixtures.configMap("conf", "two"), "-n", ns, "apply", "-f", "-").ok().out())
        .isEqualTo("configmap/conf unchanged\n");
    JsonNode conf = get(kubectl, ns, "configmap", "conf");
    assertThat(conf.path("data").path("key").asString()).isEqualTo("two");
    String lastApplied = conf.path("metadata").path("annotations")
        .path("kubectl.kubernetes.io/last-applied-configuration").asString();
    assertThat(lastApplied).contains("\"key\":\"two\"");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pinned")
  void appliesServerSideWithConflictsAndForce(KubectlBinary binary) {
    Kubectl kubectl = kubectl(binary);
    String ns = namespace(kubectl, "ssa");
    kubectl.runWithInput(Fixtures.configMap("shared", "one"), "-n", ns, "apply", "-f", "-").ok();
    // Upgrading from client-side apply: kubectl takes over the fields as the "kubectl" manager.
    assertThat(kubectl.runWithInput(Fixtures.configMap("shared", "one"), "-n", ns, "apply", "--server-side", "-f", "-")
        .ok().out()).isEqualTo("configmap/shared serverside-applied\n");

    KubectlResult conflict = kubectl.runWithInput(Fixtures.configMap("shared", "two"), "-n", ns, "apply",
        "--server-side", "--field-manager=other", "-f", "-").fails(1);
    assertThat(conflict.err()).contains("Apply failed with 1 conflict: conflict with \"kubectl\"", ".data.key")
        .contains("--force-conflicts");
    assertThat(get(kubectl, ns, "configmap", "shared").path("data").path("key").asString()).isEqualTo("one");

    kubectl.runWithInput(Fixtures.configMap("shared", "two"), "-n", ns, "apply", "--server-side",
        "--field-manager=other", "--force-conflicts", "-f", "-").ok();
    JsonNode shared = kubectl.run("-n", ns, "get", "configmap", "shared", "-o", "json", "--show-managed-fields").ok()
        .json();
    assertThat(shared.path("data").path("key").asString()).isEqualTo("two");
    List<String> owners = shared.path("metadata").path("managedFields").valueStream()
        .filter(e -> e.path("fieldsV1").path("f:data").has("f:key"))
        .map(e -> e.path("manager").asString() + "/" + e.path("operation").asString()).toList();
    assertThat(owners).containsExactly("other/Apply");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fileClients")
  void replacesAndRefusesAStaleReplace(KubectlBinary binary) {
    Kubectl kubectl = kubectl(binary);
    String ns = namespace(kubectl, "replace");
    kubectl.run("-n", ns, "create", "configmap", "target", "--from-literal=key=one").ok();
    ObjectNode current = (ObjectNode) get(kubectl, ns, "configmap", "target");
    ObjectNode changed = current.deepCopy();
    ((ObjectNode) changed.path("data")).put("key", "two");
    assertThat(kubectl.runWithInput(changed.toString(), "-n", ns, "replace", "-f", "-").ok().out())
        .isEqualTo("configmap/target replaced\n");
    assertThat(get(kubectl, ns, "configmap", "target").path("data").path("key").asString()).isEqualTo("two");

    // The same body again names the old resourceVersion: upstream's optimistic-concurrency conflict.
    KubectlResult stale = kubectl.runWithInput(changed.toString(), "-n", ns, "replace", "-f", "-").fails(1);
    assertThat(stale.err()).contains("Error from server (Conflict)").contains(
        "Operation cannot be fulfilled on configmaps \"target\": the object has been modified; "
            + "please apply your changes to the latest version and try again");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pinned")
  void applyOfAStaleObjectIsAConflict(KubectlBinary binary) {
    Kubectl kubectl = kubectl(binary);
    String ns = namespace(kubectl, "stale");
    kubectl.runWithInput(Fixtures.configMap("aged", "one"), "-n", ns, "apply", "-f", "-").ok();
    ObjectNode old = (ObjectNode) get(kubectl, ns, "configmap", "aged");
    kubectl.run("-n", ns, "label", "configmap", "aged", "moved=on").ok();
    ObjectNode stale = old.deepCopy();
    ((ObjectNode) stale.path("data")).put("key", "two");
    KubectlResult conflict = kubectl.runWithInput(stale.toString(), "-n", ns, "apply", "-f", "-").fails(1);
    assertThat(conflict.err()).contains("Error from server (Conflict)").contains(
        "Operation cannot be fulfilled on configmaps \"aged\": the object has been modified; "
            + "please apply your changes to the latest version and try again");
    assertThat(get(kubectl, ns, "configmap", "aged").path("data").path("key").asString()).isEqualTo("one");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("matrix")
  void patchesWithJsonMergeAndStrategicPatches(KubectlBinary binary) {
    Kubectl kubectl = kubectl(binary);
    String ns = namespace(kubectl, "patch");
    kubectl(KubectlBinary.newest()).runWithInput(Fixtures.MIXED, "-n", ns, "create", "-f", "-").ok();

    kubectl.run("-n", ns, "patch", "configmap", "front", "--type=json",
        "-p", "[{\"op\":\"replace\",\"path\":\"/data/color\",\"value\":\"red\"},"
            + "{\"op\":\"add\",\"path\":\"/data/size\",\"value\":\"xl\"}]").ok();
    kubectl.run("-n", ns, "patch", "configmap", "back", "--type=merge",
        "-p", "{\"data\":{\"color\":null,\"shape\":\"round\"}}").ok();
    // Strategic: the containers list merges by name, so the image changes and nothing is lost.
    kubectl.run("-n", ns, "patch", "deployment", "web", "--type=strategic",
        "-p", "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"sidecar\",\"image\":\"busybox:1.36\"},"
            + "{\"name\":\"nginx\",\"image\":\"nginx:1.28\"}]}}}}").ok();

    JsonNode front = get(kubectl, ns, "configmap", "front").path("data");
    assertThat(front.path("color").asString()).isEqualTo("red");
    assertThat(front.path("size").asString()).isEqualTo("xl");
    JsonNode back = get(kubectl, ns, "configmap", "back").path("data");
    assertThat(back.has("color")).isFalse();
    assertThat(back.path("shape").asString()).isEqualTo("round");
    JsonNode web = get(kubectl, ns, "deployment", "web");
    List<String> containers = web.path("spec").path("template").path("spec").path("containers").valueStream()
        .map(c -> c.path("name").asString() + "=" + c.path("image").asString()).sorted().toList();
    assertThat(containers).containsExactly("nginx=nginx:1.28", "sidecar=busybox:1.36");
    assertThat(web.path("metadata").path("generation").asInt()).isEqualTo(2);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("matrix")
  void labelsAndAnnotates(KubectlBinary binary) {
    Kubectl kubectl = kubectl(binary);
    String ns = namespace(kubectl, "label");
    kubectl.run("-n", ns, "create", "configmap", "tagged").ok();
    assertThat(kubectl.run("-n", ns, "label", "configmap", "tagged", "stage=dev", "team=core").ok().out())
        .isEqualTo("configmap/tagged labeled\n");
    KubectlResult refused = kubectl.run("-n", ns, "label", "configmap", "tagged", "stage=prod").fails(1);
    assertThat(refused.err()).contains("'stage' already has a value (dev), and --overwrite is false");
    kubectl.run("-n", ns, "label", "configmap", "tagged", "stage=prod", "--overwrite").ok();
    kubectl.run("-n", ns, "label", "configmap", "tagged", "team-").ok();
    kubectl.run("-n", ns, "annotate", "configmap", "tagged", "owner=alice", "note=temporary").ok();
    kubectl.run("-n", ns, "annotate", "configmap", "tagged", "owner=bob", "--overwrite").ok();
    kubectl.run("-n", ns, "annotate", "configmap", "tagged", "note-").ok();

    JsonNode meta = get(kubectl, ns, "configmap", "tagged").path("metadata");
    assertThat(meta.path("labels").propertyNames()).containsExactly("stage");
    assertThat(meta.path("labels").path("stage").asString()).isEqualTo("prod");
    assertThat(meta.path("annotations").propertyNames()).containsExactly("owner");
    assertThat(meta.path("annotations").path("owner").asString()).isEqualTo("bob");
    assertThat(kubectl.run("-n", ns, "get", "configmaps", "--selector=stage=prod", "-o", "name").ok().lines())
        .containsExactly("configmap/tagged");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("matrix")
  void scalesDeploymentsAndStatefulSets(KubectlBinary binary) {
    Kubectl kubectl = kubectl(binary);
    String ns = namespace(kubectl, "scale");
    kubectl.run("-n", ns, "create", "deployment", "web", "--image=nginx:1.27").ok();
    kubectl(KubectlBinary.newest()).runWithInput(Fixtures.statefulSet("db"), "-n", ns, "create", "-f", "-").ok();

    assertThat(kubectl.run("-n", ns, "scale", "deployment", "web", "--replicas=4").ok().out())
        .isEqualTo("deployment.apps/web scaled\n");
    assertThat(kubectl.run("-n", ns, "scale", "statefulset", "db", "--replicas=3").ok().out())
        .isEqualTo("statefulset.apps/db scaled\n");
    // --current-replicas is a precondition checked against /scale.
    KubectlResult wrong = kubectl.run("-n", ns, "scale", "deployment", "web", "--current-replicas=2", "--replicas=1")
        .fails(1);
    assertThat(wrong.err()).contains("Expected replicas to be 2, was 4");

    assertThat(get(kubectl, ns, "deployment", "web").path("spec").path("replicas").asInt()).isEqualTo(4);
    assertThat(get(kubectl, ns, "statefulset", "db").path("spec").path("replicas").asInt()).isEqualTo(3);
    JsonNode scale = kubectl.run("-n", ns, "get", "--raw",
        "/apis/apps/v1/namespaces/" + ns + "/statefulsets/db/scale").ok().json();
    assertThat(scale.path("kind").asString()).isEqualTo("Scale");
    assertThat(scale.path("spec").path("replicas").asInt()).isEqualTo(3);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fileClients")
  void invalidObjectsAreRefusedNamingTheField(KubectlBinary binary) {
    Kubectl kubectl = kubectl(binary);
    String ns = namespace(kubectl, "invalid");
    String pod = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: imageless
        spec:
          containers:
          - name: main
        """;
    KubectlResult refused = kubectl.runWithInput(pod, "-n", ns, "create", "-f", "-").fails(1);
    assertThat(refused.err()).contains(
        "The Pod \"imageless\" is invalid: spec.containers[0].image: Required value");

    KubectlResult badName = kubectl.run("-n", ns, "create", "configmap", "Not_A_Name").fails(1);
    assertThat(badName.err()).contains("ConfigMap \"Not_A_Name\" is invalid: metadata.name: Invalid value: "
        + "\"Not_A_Name\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters");
  }
}
