package io.kube4j.e2e.kubectl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * Reading through real kubectl binaries: get in its output formats and selectors, describe,
 * api-resources, explain, version, auth whoami, and the NotFound error path.
 *
 * <p>The suite reads a fixed set of objects, so its server runs without the controller manager (which
 * would give the Deployment a ReplicaSet and pods); {@link KubectlControllersE2E} covers the controllers.
 */
@KubectlE2ESupport.ServerFlags("--disable-controller-manager")
class KubectlReadE2E extends KubectlE2ESupport {

  static List<KubectlBinary> matrix() {
    return KubectlBinary.matrix();
  }

  static List<KubectlBinary> pinned() {
    return KubectlBinary.pinned();
  }

  /** A namespace holding {@link Fixtures#MIXED}, created with the newest kubectl. */
  private static String mixedNamespace(Kubectl kubectl) {
    String ns = namespace(kubectl, "get");
    kubectl(KubectlBinary.newest()).runWithInput(Fixtures.MIXED, "-n", ns, "create", "-f", "-").ok();
    return ns;
  }

  private static List<String> names(JsonNode list) {
    return StreamSupport.stream(list.path("items").spliterator(), false)
        .map(i -> i.path("metadata").path("name").asString()).sorted().toList();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("matrix")
  void getPrintsJsonYamlWideAndNames(KubectlBinary binary) {
    Kubectl kubectl = kubectl(binary);
    String ns = mixedNamespace(kubectl);

    JsonNode list = kubectl.run("-n", ns, "get", "configmaps", "-o", "json").ok().json();
    assertThat(list.path("kind").asString()).isEqualTo("List");
    assertThat(names(list)).containsExactly("back", "front", "kube-root-ca.crt");

    String yaml = kubectl.run("-n", ns, "get", "configmap", "front", "-o", "yaml").ok().out();
    assertThat(yaml).contains("kind: ConfigMap", "name: front", "namespace: " + ns, "color: blue", "app: web");

    List<List<String>> wide = kubectl.run("-n", ns, "get", "pods", "-o", "wide").ok().table();
    assertThat(String.join(" ", wide.getFirst()))
        .startsWith("NAME READY STATUS RESTARTS AGE IP NODE NOMINATED NODE READINESS GATES");
    assertThat(wide.get(1).subList(0, 4)).containsExactly("runner", "0/1", "Pending", "0");

    assertThat(kubectl.run("-n", ns, "get", "deployments,configmaps", "-o", "name").ok().lines())
        .containsExactly("deployment.apps/web", "configmap/back", "configmap/front", "configmap/kube-root-ca.crt");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("matrix")
  void getFiltersByLabelAndFieldSelectors(KubectlBinary binary) {
    Kubectl kubectl = kubectl(binary);
    String ns = mixedNamespace(kubectl);
    Map<String, List<String>> cases = Map.of(
        "--selector=app=web", List.of("configmap/front"),
        // != and notin also match objects without the label, as upstream's selectors do.
        "--selector=app!=web", List.of("configmap/back", "configmap/kube-root-ca.crt"),
        "--selector=tier in (back,middle)", List.of("configmap/back"),
        "--selector=tier notin (back)", List.of("configmap/front", "configmap/kube-root-ca.crt"),
        "--selector=!tier", List.of("configmap/kube-root-ca.crt"),
        "--selector=app,tier=front", List.of("configmap/front"),
        "--field-selector=metadata.name=back", List.of("configmap/back"),
        "--field-selector=metadata.name!=back", List.of("configmap/front", "configmap/kube-root-ca.crt"));
    cases.forEach((selector, expected) -> assertThat(
        kubectl.run("-n", ns, "get", "configmaps", selector, "-o", "name").ok().lines()).as(selector)
        .containsExactlyElementsOf(expected));

    assertThat(kubectl.run("-n", ns, "get", "pods", "--field-selector=status.phase=Pending", "-o", "name").ok().lines())
        .containsExactly("pod/runner");
    assertThat(kubectl.run("-n", ns, "get", "pods", "--field-selector=status.phase=Running", "-o", "name").ok().out())
        .isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("matrix")
  void getAllNamespacesShowsTheNamespaceColumn(KubectlBinary binary) {
    Kubectl kubectl = kubectl(binary);
    String ns = mixedNamespace(kubectl);
    List<List<String>> table = kubectl.run("get", "configmaps", "-A", "-l", "app").ok().table();
    assertThat(table.getFirst()).containsExactly("NAMESPACE", "NAME", "DATA", "AGE");
    List<String> ours = table.stream().skip(1).filter(row -> row.getFirst().equals(ns))
        .map(row -> row.get(1) + "=" + row.get(2)).toList();
    assertThat(ours).containsExactly("back=1", "front=1");
    List<String> namespaces = kubectl.run("get", "namespaces", "-o", "name").ok().lines();
    assertThat(namespaces).contains("namespace/default", "namespace/kube-system", "namespace/" + ns);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("matrix")
  void describesPodDeploymentAndNamespace(KubectlBinary binary) {
    Kubectl kubectl = kubectl(binary);
    String ns = mixedNamespace(kubectl);

    assertThat(kubectl.run("-n", ns, "describe", "pod", "runner").ok().lines()).anySatisfy(
        l -> assertThat(l).matches("Name:\\s+runner")).anySatisfy(l -> assertThat(l).matches("Namespace:\\s+" + ns))
        .anySatisfy(l -> assertThat(l).matches("Status:\\s+Pending"))
        .anySatisfy(l -> assertThat(l).matches("\\s+Image:\\s+nginx:1.27"));
    assertThat(kubectl.run("-n", ns, "describe", "deployment", "web").ok().lines())
        .anySatisfy(l -> assertThat(l).matches("Name:\\s+web"))
        .anySatisfy(l -> assertThat(l).matches("Selector:\\s+app=web"))
        .anySatisfy(l -> assertThat(l).matches("Replicas:\\s+2 desired \\| 0 updated \\| 0 total \\| 0 available \\| 0 unavailable"))
        .anySatisfy(l -> assertThat(l).matches("StrategyType:\\s+RollingUpdate"));
    assertThat(kubectl.run("describe", "namespace", ns).ok().lines())
        .anySatisfy(l -> assertThat(l).matches("Name:\\s+" + ns))
        .anySatisfy(l -> assertThat(l).matches("Labels:\\s+kubernetes.io/metadata.name=" + ns))
        .anySatisfy(l -> assertThat(l).matches("Status:\\s+Active"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("matrix")
  void getOfAMissingObjectIsUpstreamsNotFound(KubectlBinary binary) {
    Kubectl kubectl = kubectl(binary);
    String ns = namespace(kubectl, "notfound");
    KubectlResult missing = kubectl.run("-n", ns, "get", "pods", "nope").fails(1);
    assertThat(missing.err().strip()).isEqualTo("Error from server (NotFound): pods \"nope\" not found");
  }

  /** Name, short names, group/version and scope of each served resource, as upstream declares them. */
  private static final List<String> RESOURCES = List.of(
      "configmaps cm v1 true", "endpoints ep v1 true", "events ev v1 true", "limitranges limits v1 true",
      "namespaces ns v1 false", "nodes no v1 false", "persistentvolumeclaims pvc v1 true",
      "persistentvolumes pv v1 false", "pods po v1 true", "podtemplates - v1 true",
      "replicationcontrollers rc v1 true", "resourcequotas quota v1 true", "secrets - v1 true",
      "serviceaccounts sa v1 true", "services svc v1 true",
      "controllerrevisions - apps/v1 true", "daemonsets ds apps/v1 true", "deployments deploy apps/v1 true",
      "replicasets rs apps/v1 true", "statefulsets sts apps/v1 true",
      "cronjobs cj batch/v1 true", "jobs - batch/v1 true",
      "leases - coordination.k8s.io/v1 true", "endpointslices - discovery.k8s.io/v1 true",
      "events ev events.k8s.io/v1 true", "poddisruptionbudgets pdb policy/v1 true",
      "priorityclasses pc scheduling.k8s.io/v1 false", "storageclasses sc storage.k8s.io/v1 false");

  @ParameterizedTest(name = "{0}")
  @MethodSource("matrix")
  void apiResourcesListsEveryResourceWithItsShortNames(KubectlBinary binary) {
    Kubectl kubectl = kubectl(binary);
    List<String> lines = kubectl.run("api-resources", "--no-headers").ok().lines();
    // Columns: NAME [SHORTNAMES] APIVERSION NAMESPACED KIND; an absent short name is blank.
    List<String> rows = lines.stream().map(l -> l.trim().split("\\s+")).map(cells -> cells.length == 5
        ? String.join(" ", cells[0], cells[1], cells[2], cells[3])
        : String.join(" ", cells[0], "-", cells[1], cells[2])).toList();
    assertThat(rows).containsAll(RESOURCES);
    // Short names resolve: `get deploy` is `get deployments`.
    String ns = mixedNamespace(kubectl);
    assertThat(kubectl.run("-n", ns, "get", "cm,deploy,po,pdb", "-o", "name").ok().lines())
        .containsExactly("configmap/back", "configmap/front", "configmap/kube-root-ca.crt", "deployment.apps/web",
            "pod/runner");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pinned")
  void explainPrintsTheField(KubectlBinary binary) {
    KubectlResult explain = kubectl(binary).run("explain", "deployment.spec.replicas").ok();
    assertThat(explain.lines()).anySatisfy(l -> assertThat(l).matches("KIND:\\s+Deployment"))
        .anySatisfy(l -> assertThat(l).matches("FIELD:\\s+replicas <integer>"));
    KubectlResult containers = kubectl(binary).run("explain", "pods.spec.containers").ok();
    assertThat(containers.out()).contains("FIELDS:").contains("image\t<string>").contains("name\t<string>");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("matrix")
  void versionReportsBothSides(KubectlBinary binary) {
    JsonNode version = kubectl(binary).run("version", "-o", "json").ok().json();
    assertThat(version.path("clientVersion").path("major").asString() + "."
        + version.path("clientVersion").path("minor").asString()).isEqualTo(binary.version());
    JsonNode server = version.path("serverVersion");
    assertThat(server.path("major").asString()).isEqualTo("1");
    assertThat(server.path("gitVersion").asString()).startsWith("v1." + server.path("minor").asString() + ".");
    assertThat(server.path("platform").asString()).isEqualTo("linux/amd64");
  }

  @Test
  void authWhoamiWhenTheServerServesSelfSubjectReviews() {
    Kubectl kubectl = kubectl(KubectlBinary.newest());
    List<String> groups = kubectl.run("api-resources", "--api-group=authentication.k8s.io", "-o", "name").ok().lines();
    org.junit.jupiter.api.Assumptions.assumeTrue(groups.contains("selfsubjectreviews.authentication.k8s.io"),
        "the server does not serve authentication.k8s.io selfsubjectreviews (api-resources: " + groups + ")");
    KubectlResult whoami = kubectl.run("auth", "whoami", "-o", "json").ok();
    assertThat(whoami.json().path("status").path("userInfo").path("username").asString()).isNotEmpty();
  }
}
