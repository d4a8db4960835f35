package io.kube4j.apiserver.http;

import static io.kube4j.apiserver.http.RawApi.assertStatus;
import static io.kube4j.apiserver.http.RawApi.configMap;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes over raw HTTPS: server-owned metadata, generation, the status and scale subresources,
 * dry runs, no-op updates and namespace lifecycle on create.
 */
@RawApiPerClass.Namespaces(WritesIT.NS)
class WritesIT extends RawApiPerClass {

    static final String NS = "writes";
    private static final String CMS = "/api/v1/namespaces/" + NS + "/configmaps";
    private static final String DEPLOYS = "/apis/apps/v1/namespaces/" + NS + "/deployments";

    @Test
    void generateNameMakesAUniqueName() {
        String body = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"generateName\":\"gen-\"}}";
        String first = api.create(CMS, body).path("metadata").path("name").asString();
        String second = api.create(CMS, body).path("metadata").path("name").asString();
        assertThat(first).matches("gen-[a-z0-9]{5}");
        assertThat(second).matches("gen-[a-z0-9]{5}").isNotEqualTo(first);
        assertThat(api.read(CMS + "/" + first).path("metadata").path("generateName").asString()).isEqualTo("gen-");
    }

    @Test
    void serverOwnedMetadataIgnoresTheClient() {
        JsonNode created = api.create(CMS, configMap("owned", "\"uid\":\"client-uid\","
                + "\"creationTimestamp\":\"2000-01-01T00:00:00Z\",\"generation\":7"));
        JsonNode meta = created.path("metadata");
        assertThat(meta.path("uid").asString()).isNotEqualTo("client-uid").matches("[0-9a-f-]{36}");
        assertThat(meta.path("creationTimestamp").asString()).isNotEqualTo("2000-01-01T00:00:00Z").endsWith("Z");
        assertThat(meta.path("resourceVersion").asString()).matches("[0-9]+");
        assertThat(meta.has("generation")).isFalse();
        // An update cannot change them either.
        ObjectNode changed = (ObjectNode) created.deepCopy();
        ((ObjectNode) changed.path("metadata")).put("creationTimestamp", "2001-01-01T00:00:00Z");
        JsonNode updated = RawApi.json(api.put(CMS + "/owned", changed.toString()));
        assertThat(updated.path("metadata").path("creationTimestamp").asString())
                .isEqualTo(meta.path("creationTimestamp").asString());
        assertThat(updated.path("metadata").path("uid").asString()).isEqualTo(meta.path("uid").asString());
    }

    @Test
    void generationBumpsOnSpecChangesOnly() {
        JsonNode d = api.create(DEPLOYS, RawApi.deployment("gen", 1));
        assertThat(d.path("metadata").path("generation").asLong()).isEqualTo(1);
        ObjectNode spec = (ObjectNode) d.deepCopy();
        ((ObjectNode) spec.path("spec")).put("replicas", 3);
        JsonNode afterSpec = RawApi.json(api.put(DEPLOYS + "/gen", spec.toString()));
        assertThat(afterSpec.path("metadata").path("generation").asLong()).isEqualTo(2);
        ObjectNode labels = (ObjectNode) afterSpec.deepCopy();
        ((ObjectNode) labels.path("metadata")).putObject("labels").put("touched", "yes");
        JsonNode afterLabels = RawApi.json(api.put(DEPLOYS + "/gen", labels.toString()));
        assertThat(afterLabels.path("metadata").path("labels").path("touched").asString()).isEqualTo("yes");
        assertThat(afterLabels.path("metadata").path("generation").asLong()).isEqualTo(2);
        ObjectNode status = (ObjectNode) afterLabels.deepCopy();
        status.putObject("status").put("replicas", 3).put("observedGeneration", 2);
        HttpResponse<String> r = api.put(DEPLOYS + "/gen/status", status.toString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(RawApi.json(r).path("metadata").path("generation").asLong()).isEqualTo(2);
    }

    @Test
    void statusAndScaleSubresourcesKeepSpecAndStatusApart() {
        JsonNode d = api.create(DEPLOYS, RawApi.deployment("split", 1));
        // Through /status: the status changes, a spec change is ignored.
        ObjectNode viaStatus = (ObjectNode) d.deepCopy();
        ((ObjectNode) viaStatus.path("spec")).put("replicas", 9);
        viaStatus.putObject("status").put("replicas", 4);
        JsonNode afterStatus = RawApi.json(api.put(DEPLOYS + "/split/status", viaStatus.toString()));
        assertThat(afterStatus.path("spec").path("replicas").asInt()).isEqualTo(1);
        assertThat(afterStatus.path("status").path("replicas").asInt()).isEqualTo(4);
        // Through the main resource: the spec changes, a status change is ignored.
        ObjectNode viaMain = (ObjectNode) afterStatus.deepCopy();
        ((ObjectNode) viaMain.path("spec")).put("replicas", 2);
        ((ObjectNode) viaMain.path("status")).put("replicas", 8);
        JsonNode afterMain = RawApi.json(api.put(DEPLOYS + "/split", viaMain.toString()));
        assertThat(afterMain.path("spec").path("replicas").asInt()).isEqualTo(2);
        assertThat(afterMain.path("status").path("replicas").asInt()).isEqualTo(4);
        // Through /scale: spec.replicas only.
        JsonNode scale = api.read(DEPLOYS + "/split/scale");
        assertThat(scale.path("kind").asString()).isEqualTo("Scale");
        assertThat(scale.path("apiVersion").asString()).isEqualTo("autoscaling/v1");
        assertThat(scale.path("spec").path("replicas").asInt()).isEqualTo(2);
        assertThat(scale.path("status").path("replicas").asInt()).isEqualTo(4);
        ObjectNode newScale = (ObjectNode) scale.deepCopy();
        ((ObjectNode) newScale.path("spec")).put("replicas", 5);
        HttpResponse<String> r = api.put(DEPLOYS + "/split/scale", newScale.toString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(RawApi.json(r).path("spec").path("replicas").asInt()).isEqualTo(5);
        JsonNode scaled = api.read(DEPLOYS + "/split");
        assertThat(scaled.path("spec").path("replicas").asInt()).isEqualTo(5);
        assertThat(scaled.path("status").path("replicas").asInt()).isEqualTo(4);
        assertThat(scaled.path("metadata").path("generation").asLong())
                .isEqualTo(afterMain.path("metadata").path("generation").asLong() + 1);
    }

    @Test
    void dryRunChangesNothing() {
        HttpResponse<String> created = api.post(CMS + "?dryRun=All", configMap("dry", ""));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(RawApi.json(created).path("metadata").path("uid").asString()).isNotEmpty();
        assertStatus(api.get(CMS + "/dry"), 404, "NotFound", "configmaps \"dry\" not found");

        JsonNode real = api.create(CMS, configMap("dry", ""));
        String rv = real.path("metadata").path("resourceVersion").asString();
        HttpResponse<String> updated = api.put(CMS + "/dry?dryRun=All", configMap("dry", "").replace("\"v\"", "\"dry\""));
        assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
        assertThat(RawApi.json(updated).path("data").path("k").asString()).isEqualTo("dry");
        HttpResponse<String> patched = api.patch(CMS + "/dry?dryRun=All", "application/merge-patch+json",
                "{\"data\":{\"k\":\"patched\"}}");
        assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
        HttpResponse<String> deleted = api.send("DELETE", CMS + "/dry?dryRun=All", null, null);
        assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);
        JsonNode after = api.read(CMS + "/dry");
        assertThat(after.path("metadata").path("resourceVersion").asString()).isEqualTo(rv);
        assertThat(after.path("data").path("k").asString()).isEqualTo("v");
        assertThat(after.path("metadata").has("deletionTimestamp")).isFalse();
    }

    @Test
    void noOpUpdateKeepsTheResourceVersion() {
        JsonNode created = api.create(CMS, configMap("noop", ""));
        HttpResponse<String> same = api.put(CMS + "/noop", created.toString());
        assertThat(same.statusCode()).as(same.body()).isEqualTo(200);
        assertThat(RawApi.json(same).path("metadata").path("resourceVersion").asString())
                .isEqualTo(created.path("metadata").path("resourceVersion").asString());
        JsonNode deployment = api.create(DEPLOYS, RawApi.deployment("noop", 1));
        JsonNode again = RawApi.json(api.put(DEPLOYS + "/noop", deployment.toString()));
        assertThat(again.path("metadata").path("resourceVersion").asString())
                .isEqualTo(deployment.path("metadata").path("resourceVersion").asString());
        assertThat(again.path("metadata").path("generation").asLong()).isEqualTo(1);
        HttpResponse<String> emptyPatch = api.patch(CMS + "/noop", "application/merge-patch+json", "{}");
        assertThat(RawApi.json(emptyPatch).path("metadata").path("resourceVersion").asString())
                .isEqualTo(created.path("metadata").path("resourceVersion").asString());
    }

    @Test
    void terminatingNamespaceRefusesCreates() {
        api.create("/api/v1/namespaces", RawApi.namespace("ending"));
        api.create("/api/v1/namespaces/ending/configmaps", configMap("before", ""));
        HttpResponse<String> deleted = api.delete("/api/v1/namespaces/ending");
        assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);
        JsonNode ns = RawApi.json(deleted);
        assertThat(ns.path("kind").asString()).isEqualTo("Namespace");
        assertThat(ns.path("status").path("phase").asString()).isEqualTo("Terminating");
        assertThat(ns.path("metadata").path("deletionTimestamp").asString()).isNotEmpty();
        assertThat(api.read("/api/v1/namespaces/ending").path("status").path("phase").asString()).isEqualTo("Terminating");
        JsonNode s = assertStatus(api.post("/api/v1/namespaces/ending/configmaps", configMap("after", "")), 403,
                "Forbidden", "configmaps \"after\" is forbidden: unable to create new content in namespace ending "
                        + "because it is being terminated");
        assertThat(s.path("details").path("name").asString()).isEqualTo("after");
        assertThat(s.path("details").path("kind").asString()).isEqualTo("configmaps");
        JsonNode cause = s.path("details").path("causes").get(0);
        assertThat(cause.path("reason").asString()).isEqualTo("NamespaceTerminating");
        assertThat(cause.path("field").asString()).isEqualTo("metadata.namespace");
        assertThat(cause.path("message").asString()).isEqualTo("namespace ending is being terminated");
        // Updates of what is already there still work.
        HttpResponse<String> update = api.put("/api/v1/namespaces/ending/configmaps/before",
                configMap("before", "").replace("\"v\"", "\"v2\""));
        assertThat(update.statusCode()).as(update.body()).isEqualTo(200);
    }
}
