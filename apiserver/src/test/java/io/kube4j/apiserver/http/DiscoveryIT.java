package io.kube4j.apiserver.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/** Discovery and /version over raw HTTPS, legacy and aggregated. */
class DiscoveryIT extends RawApiPerClass {

    private static final String AGGREGATED = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";
    private static final List<String> ALL_VERBS = List.of("create", "delete", "deletecollection", "get", "list", "patch",
            "update", "watch");

    @Test
    void apiListsTheCoreVersion() {
        JsonNode versions = api.read("/api");
        assertThat(versions.path("kind").asString()).isEqualTo("APIVersions");
        assertThat(versions.path("versions")).extracting(JsonNode::asString).containsExactly("v1");
    }

    @Test
    void apisListsTheGroupsWithTheirPreferredVersion() {
        JsonNode groups = api.read("/apis");
        assertThat(groups.path("kind").asString()).isEqualTo("APIGroupList");
        JsonNode apps = null;
        List<String> names = new ArrayList<>();
        for (JsonNode g : groups.path("groups")) {
            names.add(g.path("name").asString());
            if (g.path("name").asString().equals("apps")) {
                apps = g;
            }
        }
        assertThat(names).contains("apps", "batch", "coordination.k8s.io", "discovery.k8s.io", "policy");
        assertThat(apps).isNotNull();
        assertThat(apps.path("preferredVersion").path("groupVersion").asString()).isEqualTo("apps/v1");
        assertThat(apps.path("versions").get(0).path("version").asString()).isEqualTo("v1");
        JsonNode group = api.read("/apis/apps");
        assertThat(group.path("kind").asString()).isEqualTo("APIGroup");
        assertThat(group.path("name").asString()).isEqualTo("apps");
    }

    /** One resource as a resource list must show it. */
    record Listed(String groupVersion, String name, String kind, boolean namespaced, List<String> verbs,
            List<String> shortNames, List<String> categories) {
        @Override
        public String toString() {
            return groupVersion + " " + name;
        }
    }

    static Stream<Listed> listed() {
        return Stream.of(
                new Listed("v1", "pods", "Pod", true, ALL_VERBS, List.of("po"), List.of("all")),
                new Listed("v1", "pods/status", "Pod", true, List.of("get", "patch", "update"), List.of(), List.of()),
                new Listed("v1", "configmaps", "ConfigMap", true, ALL_VERBS, List.of("cm"), List.of()),
                new Listed("v1", "namespaces", "Namespace", false,
                        List.of("create", "delete", "get", "list", "patch", "update", "watch"), List.of("ns"), List.of()),
                new Listed("v1", "nodes", "Node", false, ALL_VERBS, List.of("no"), List.of()),
                new Listed("v1", "services", "Service", true, ALL_VERBS, List.of("svc"), List.of("all")),
                new Listed("apps/v1", "deployments", "Deployment", true, ALL_VERBS, List.of("deploy"), List.of("all")),
                new Listed("apps/v1", "deployments/status", "Deployment", true, List.of("get", "patch", "update"),
                        List.of(), List.of()),
                new Listed("apps/v1", "deployments/scale", "Scale", true, List.of("get", "patch", "update"), List.of(),
                        List.of()),
                new Listed("apps/v1", "daemonsets", "DaemonSet", true, ALL_VERBS, List.of("ds"), List.of("all")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("listed")
    void resourceListsShowVerbsShortNamesCategoriesAndSubresources(Listed l) {
        String path = l.groupVersion().equals("v1") ? "/api/v1" : "/apis/" + l.groupVersion();
        JsonNode list = api.read(path);
        assertThat(list.path("kind").asString()).isEqualTo("APIResourceList");
        assertThat(list.path("groupVersion").asString()).isEqualTo(l.groupVersion());
        JsonNode r = null;
        for (JsonNode candidate : list.path("resources")) {
            if (candidate.path("name").asString().equals(l.name())) {
                r = candidate;
            }
        }
        assertThat(r).as(l.name() + " in " + list).isNotNull();
        assertThat(r.path("kind").asString()).isEqualTo(l.kind());
        assertThat(r.path("namespaced").asBoolean()).isEqualTo(l.namespaced());
        assertThat(r.path("verbs")).extracting(JsonNode::asString).containsExactlyInAnyOrderElementsOf(l.verbs());
        assertThat(r.path("shortNames")).extracting(JsonNode::asString).containsExactlyElementsOf(l.shortNames());
        assertThat(r.path("categories")).extracting(JsonNode::asString).containsExactlyElementsOf(l.categories());
        if (l.name().equals("deployments/scale")) {
            assertThat(r.path("group").asString()).isEqualTo("autoscaling");
            assertThat(r.path("version").asString()).isEqualTo("v1");
        }
    }

    @Test
    void aggregatedDiscoveryOnlyWhenAsked() {
        HttpResponse<String> core = api.get("/api", "Accept", AGGREGATED + ",application/json");
        assertThat(core.statusCode()).isEqualTo(200);
        assertThat(core.headers().firstValue("Content-Type")).hasValue(AGGREGATED);
        JsonNode coreList = RawApi.json(core);
        assertThat(coreList.path("kind").asString()).isEqualTo("APIGroupDiscoveryList");
        assertThat(coreList.path("apiVersion").asString()).isEqualTo("apidiscovery.k8s.io/v2");
        JsonNode v1 = coreList.path("items").get(0).path("versions").get(0);
        assertThat(v1.path("version").asString()).isEqualTo("v1");
        JsonNode pods = null;
        for (JsonNode r : v1.path("resources")) {
            if (r.path("resource").asString().equals("pods")) {
                pods = r;
            }
        }
        assertThat(pods).isNotNull();
        assertThat(pods.path("responseKind").path("kind").asString()).isEqualTo("Pod");
        assertThat(pods.path("scope").asString()).isEqualTo("Namespaced");
        assertThat(pods.path("verbs")).extracting(JsonNode::asString).containsExactlyInAnyOrderElementsOf(ALL_VERBS);
        assertThat(pods.path("subresources")).anySatisfy(s -> assertThat(s.path("subresource").asString()).isEqualTo("status"));

        HttpResponse<String> groups = api.get("/apis", "Accept", AGGREGATED);
        JsonNode groupList = RawApi.json(groups);
        assertThat(groupList.path("kind").asString()).isEqualTo("APIGroupDiscoveryList");
        assertThat(groupList.path("items")).anySatisfy(g -> assertThat(g.path("metadata").path("name").asString())
                .isEqualTo("apps"));

        assertThat(RawApi.json(api.get("/api", "Accept", "application/json")).path("kind").asString())
                .isEqualTo("APIVersions");
        assertThat(api.read("/apis").path("kind").asString()).isEqualTo("APIGroupList");
    }

    @Test
    void versionHasMajorAndMinor() {
        JsonNode v = api.read("/version");
        assertThat(v.path("major").asString()).isEqualTo("1");
        assertThat(v.path("minor").asString()).matches("[0-9]+\\+?");
        assertThat(v.path("gitVersion").asString()).startsWith("v1." + v.path("minor").asString().replace("+", ""));
        assertThat(v.path("platform").asString()).contains("/");
    }
}
