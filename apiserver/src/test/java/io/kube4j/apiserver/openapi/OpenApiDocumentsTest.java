package io.kube4j.apiserver.openapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kube4j.apiserver.json.KubeJson;
import io.kube4j.apiserver.registry.BuiltinResources;
import io.kube4j.apiserver.registry.ResourceType;
import io.kube4j.apiserver.schema.TypeModel;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

class OpenApiDocumentsTest {

    private static final List<ResourceType> RESOURCES = BuiltinResources.all();
    private static final OpenApiDocuments DOCS = OpenApiDocuments.build(TypeModel.of(RESOURCES), RESOURCES);
    private static final JsonNode V2 = KubeJson.json().readTree(DOCS.v2());
    private static final String CORE = "#/components/schemas/";

    private static JsonNode v3(String gv) {
        return KubeJson.json().readTree(DOCS.v3(gv).orElseThrow());
    }

    @Test
    void indexNamesEveryGroupVersionWithItsHash() throws Exception {
        JsonNode index = KubeJson.json().readTree(DOCS.v3Index());
        List<String> names = new ArrayList<>();
        index.get("paths").propertyNames().forEach(names::add);
        assertThat(names).contains("api/v1", "apis/apps/v1", "apis/batch/v1", "apis/coordination.k8s.io/v1")
                .hasSize((int) RESOURCES.stream().map(ResourceType::pathPrefix).distinct().count());
        String hash = HexFormat.of().withUpperCase()
                .formatHex(MessageDigest.getInstance("SHA-512").digest(DOCS.v3("api/v1").orElseThrow()));
        assertThat(DOCS.v3Hash("api/v1")).isEqualTo(hash).isEqualTo(DOCS.v3Hash("/api/v1"));
        assertThat(index.at("/paths/api~1v1/serverRelativeURL").asString()).isEqualTo("/openapi/v3/api/v1?hash=" + hash);
    }

    @Test
    void unknownGroupVersionHasNoDocument() {
        assertThat(DOCS.v3("apis/nope/v1")).isEmpty();
        assertThatThrownBy(() -> DOCS.v3Hash("apis/nope/v1")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void patchOfAPodOffersFieldValidationAndNamesItsKind() {
        JsonNode patch = v3("api/v1").at("/paths/~1api~1v1~1namespaces~1{namespace}~1pods~1{name}/patch");
        assertThat(patch.get("operationId").asString()).isEqualTo("patchCoreV1NamespacedPod");
        assertThat(patch.get("x-kubernetes-action").asString()).isEqualTo("patch");
        assertThat(patch.at("/x-kubernetes-group-version-kind/kind").asString()).isEqualTo("Pod");
        assertThat(patch.at("/x-kubernetes-group-version-kind/version").asString()).isEqualTo("v1");
        assertThat(patch.at("/x-kubernetes-group-version-kind/group").asString()).isEmpty();
        List<String> params = new ArrayList<>();
        patch.get("parameters").forEach(p -> params.add(p.get("name").asString()));
        assertThat(params).contains("fieldValidation", "dryRun", "fieldManager", "force");
        assertThat(patch.at("/requestBody/content").has("application/apply-patch+yaml")).isTrue();
    }

    @Test
    void podSchemaHasKindReferencesAndListExtensions() {
        JsonNode doc = v3("api/v1");
        JsonNode pod = doc.at("/components/schemas/io.k8s.api.core.v1.Pod");
        assertThat(pod.at("/x-kubernetes-group-version-kind/0/kind").asString()).isEqualTo("Pod");
        assertThat(pod.at("/properties/metadata/allOf/0/$ref").asString())
                .isEqualTo(CORE + "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta");
        JsonNode containers = doc.at("/components/schemas/io.k8s.api.core.v1.PodSpec/properties/containers");
        assertThat(containers.at("/items/$ref").asString()).isEqualTo(CORE + "io.k8s.api.core.v1.Container");
        assertThat(containers.get("x-kubernetes-list-type").asString()).isEqualTo("map");
        assertThat(containers.get("x-kubernetes-patch-merge-key").asString()).isEqualTo("name");
        assertThat(containers.get("x-kubernetes-patch-strategy").asString()).isEqualTo("merge");
        assertThat(doc.at("/components/schemas/io.k8s.api.core.v1.Container/required/0").asString()).isEqualTo("name");
    }

    @Test
    void scalarsHaveUpstreamShapes() {
        JsonNode schemas = v3("apis/apps/v1").get("components").get("schemas");
        JsonNode intOrString = schemas.get("io.k8s.apimachinery.pkg.util.intstr.IntOrString");
        assertThat(intOrString.get("format").asString()).isEqualTo("int-or-string");
        assertThat(intOrString.get("x-kubernetes-int-or-string").asBoolean()).isTrue();
        assertThat(intOrString.at("/oneOf/0/type").asString()).isEqualTo("integer");
        JsonNode quantity = schemas.get("io.k8s.apimachinery.pkg.api.resource.Quantity");
        assertThat(quantity.at("/oneOf/0/type").asString()).isEqualTo("string");
        JsonNode time = schemas.get("io.k8s.apimachinery.pkg.apis.meta.v1.Time");
        assertThat(time.get("type").asString()).isEqualTo("string");
        assertThat(time.get("format").asString()).isEqualTo("date-time");
        JsonNode v2Defs = V2.get("definitions");
        assertThat(v2Defs.at("/io.k8s.apimachinery.pkg.api.resource.Quantity/type").asString()).isEqualTo("string");
        assertThat(v2Defs.at("/io.k8s.apimachinery.pkg.util.intstr.IntOrString/type").asString()).isEqualTo("string");
        assertThat(v2Defs.at("/io.k8s.apimachinery.pkg.runtime.RawExtension/type").asString()).isEqualTo("object");
    }

    @Test
    void groupVersionDocumentsHoldOnlyWhatTheyReach() {
        JsonNode apps = v3("apis/apps/v1").get("components").get("schemas");
        assertThat(apps.has("io.k8s.api.apps.v1.Deployment")).isTrue();
        assertThat(apps.has("io.k8s.api.core.v1.PodSpec")).isTrue();
        assertThat(apps.has("io.k8s.api.autoscaling.v1.Scale")).isTrue();
        assertThat(apps.has("io.k8s.api.batch.v1.Job")).isFalse();
        assertThat(apps.has("io.k8s.api.core.v1.Service")).isFalse();
    }

    static Stream<ResourceType> resources() {
        return RESOURCES.stream();
    }

    @ParameterizedTest
    @MethodSource("resources")
    void v2HasEveryVerbOfEveryResource(ResourceType r) {
        String collection = r.namespaced() ? r.pathPrefix() + "/namespaces/{namespace}/" + r.plural()
                : r.pathPrefix() + "/" + r.plural();
        JsonNode paths = V2.get("paths");
        assertThat(V2.get("swagger").asString()).isEqualTo("2.0");
        assertThat(paths.get(collection).propertyNames()).contains("get", "post", "delete");
        assertThat(paths.get(collection + "/{name}").propertyNames()).contains("get", "put", "patch", "delete");
        String watch = r.namespaced() ? r.pathPrefix() + "/watch/namespaces/{namespace}/" + r.plural()
                : r.pathPrefix() + "/watch/" + r.plural();
        assertThat(paths.has(watch)).isTrue();
        JsonNode create = paths.get(collection).get("post");
        assertThat(create.get("x-kubernetes-group-version-kind").get("kind").asString()).isEqualTo(r.kind());
        List<String> params = new ArrayList<>();
        create.get("parameters").forEach(p -> params.add(p.get("name").asString()));
        assertThat(params).contains("body", "dryRun", "fieldManager", "fieldValidation");
        String bodyRef = create.at("/parameters/0/schema/$ref").asString();
        assertThat(V2.get("definitions").has(bodyRef.substring("#/definitions/".length()))).isTrue();
        for (String sub : r.subresources()) {
            if (!sub.equals("log") || r.kind().equals("Pod")) {
                assertThat(paths.has(collection + "/{name}/" + sub)).as(sub).isTrue();
            }
        }
    }

    @Test
    void documentsAreStableAcrossBuilds() {
        OpenApiDocuments again = OpenApiDocuments.build(TypeModel.of(RESOURCES), RESOURCES);
        assertThat(again.v3Hash("apis/apps/v1")).isEqualTo(DOCS.v3Hash("apis/apps/v1"));
        assertThat(again.v2()).isEqualTo(DOCS.v2());
    }
}
