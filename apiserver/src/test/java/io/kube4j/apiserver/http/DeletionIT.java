package io.kube4j.apiserver.http;

import static io.kube4j.apiserver.http.RawApi.assertStatus;
import static io.kube4j.apiserver.http.RawApi.configMap;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Deletion over raw HTTPS: preconditions, propagation finalizers, user finalizers, pod graceful
 * deletion, deletecollection with a selector.
 */
@RawApiPerClass.Namespaces(DeletionIT.NS)
class DeletionIT extends RawApiPerClass {

    static final String NS = "deletion";
    private static final String CMS = "/api/v1/namespaces/" + NS + "/configmaps";
    private static final String PODS = "/api/v1/namespaces/" + NS + "/pods";
    private static final String DEPLOYS = "/apis/apps/v1/namespaces/" + NS + "/deployments";

    @Test
    void preconditionsMustMatch() {
        JsonNode cm = api.create(CMS, configMap("pre", ""));
        String uid = cm.path("metadata").path("uid").asString();
        String rv = cm.path("metadata").path("resourceVersion").asString();
        JsonNode s = assertStatus(api.delete(CMS + "/pre", deleteOptions("\"preconditions\":{\"uid\":\"other\"}")), 409,
                "Conflict", "Operation cannot be fulfilled on configmaps \"pre\": Precondition failed: UID in "
                        + "precondition: other, UID in object meta: " + uid);
        assertThat(s.path("details").path("name").asString()).isEqualTo("pre");
        assertStatus(api.delete(CMS + "/pre", deleteOptions("\"preconditions\":{\"resourceVersion\":\"1\"}")), 409,
                "Conflict", "Operation cannot be fulfilled on configmaps \"pre\": Precondition failed: "
                        + "ResourceVersion in precondition: 1, ResourceVersion in object meta: " + rv);
        assertThat(api.read(CMS + "/pre").path("metadata").path("uid").asString()).isEqualTo(uid);
        HttpResponse<String> ok = api.delete(CMS + "/pre",
                deleteOptions("\"preconditions\":{\"uid\":\"" + uid + "\",\"resourceVersion\":\"" + rv + "\"}"));
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        JsonNode status = RawApi.json(ok);
        assertThat(status.path("kind").asString()).isEqualTo("Status");
        assertThat(status.path("status").asString()).isEqualTo("Success");
        assertThat(status.path("details").path("name").asString()).isEqualTo("pre");
        assertThat(status.path("details").path("kind").asString()).isEqualTo("configmaps");
        assertThat(status.path("details").path("uid").asString()).isEqualTo(uid);
        assertStatus(api.get(CMS + "/pre"), 404, "NotFound", "configmaps \"pre\" not found");
    }

    record Propagation(String policy, String finalizer) {
        @Override
        public String toString() {
            return policy;
        }
    }

    static Stream<Propagation> propagations() {
        return Stream.of(new Propagation("Foreground", "foregroundDeletion"), new Propagation("Orphan", "orphan"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("propagations")
    void propagationPolicyAddsItsFinalizer(Propagation p) {
        String name = "prop-" + p.policy().toLowerCase();
        api.create(DEPLOYS, RawApi.deployment(name, 1));
        HttpResponse<String> r = api.delete(DEPLOYS + "/" + name, deleteOptions("\"propagationPolicy\":\"" + p.policy() + "\""));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode d = api.read(DEPLOYS + "/" + name);
        assertThat(d.path("metadata").path("deletionTimestamp").asString()).isNotEmpty();
        assertThat(d.path("metadata").path("finalizers")).extracting(JsonNode::asString).containsExactly(p.finalizer());
        // Removing the finalizer (as the garbage collector would) completes the deletion.
        ObjectNode cleared = (ObjectNode) d.deepCopy();
        ((ObjectNode) cleared.path("metadata")).putArray("finalizers");
        HttpResponse<String> put = api.put(DEPLOYS + "/" + name, cleared.toString());
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        assertStatus(api.get(DEPLOYS + "/" + name), 404, "NotFound", "deployments.apps \"" + name + "\" not found");
    }

    @Test
    void propagationPolicyInTheQueryWorksToo() {
        api.create(DEPLOYS, RawApi.deployment("query-orphan", 1));
        assertThat(api.delete(DEPLOYS + "/query-orphan?propagationPolicy=Orphan").statusCode()).isEqualTo(200);
        assertThat(api.read(DEPLOYS + "/query-orphan").path("metadata").path("finalizers"))
                .extracting(JsonNode::asString).containsExactly("orphan");
        assertStatus(api.delete(DEPLOYS + "/query-orphan?propagationPolicy=Sometimes"), 400, "BadRequest", null);
    }

    @Test
    void finalizersKeepTheObjectUntilRemoved() {
        api.create(CMS, configMap("kept", "\"finalizers\":[\"example.com/keep\"]"));
        HttpResponse<String> r = api.delete(CMS + "/kept");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode answered = RawApi.json(r);
        assertThat(answered.path("kind").asString()).isEqualTo("ConfigMap");
        assertThat(answered.path("metadata").path("deletionTimestamp").asString()).isNotEmpty();
        JsonNode kept = api.read(CMS + "/kept");
        assertThat(kept.path("metadata").path("deletionTimestamp").asString()).isNotEmpty();
        assertThat(kept.path("metadata").path("deletionGracePeriodSeconds").asLong()).isZero();
        // A second delete changes nothing; a new finalizer cannot be added while deleting.
        assertThat(api.delete(CMS + "/kept").statusCode()).isEqualTo(200);
        ObjectNode more = (ObjectNode) kept.deepCopy();
        ((ObjectNode) more.path("metadata")).putArray("finalizers").add("example.com/keep").add("example.com/more");
        assertStatus(api.put(CMS + "/kept", more.toString()), 422, "Invalid", null);
        ObjectNode cleared = (ObjectNode) kept.deepCopy();
        ((ObjectNode) cleared.path("metadata")).remove("finalizers");
        assertThat(api.put(CMS + "/kept", cleared.toString()).statusCode()).isEqualTo(200);
        assertStatus(api.get(CMS + "/kept"), 404, "NotFound", "configmaps \"kept\" not found");
    }

    @Test
    void boundPodsAreDeletedGracefully() {
        api.create(PODS, RawApi.pod("bound", "", "node-a"));
        HttpResponse<String> r = api.delete(PODS + "/bound");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode pod = RawApi.json(r);
        assertThat(pod.path("kind").asString()).isEqualTo("Pod");
        assertThat(pod.path("metadata").path("deletionGracePeriodSeconds").asLong()).isEqualTo(30);
        assertThat(pod.path("metadata").path("deletionTimestamp").asString()).isNotEmpty();
        assertThat(api.read(PODS + "/bound").path("metadata").path("deletionGracePeriodSeconds").asLong()).isEqualTo(30);
        // A shorter grace period shortens it; zero deletes at once (the kubelet's final delete).
        JsonNode shorter = RawApi.json(api.delete(PODS + "/bound", deleteOptions("\"gracePeriodSeconds\":5")));
        assertThat(shorter.path("metadata").path("deletionGracePeriodSeconds").asLong()).isEqualTo(5);
        HttpResponse<String> now = api.delete(PODS + "/bound?gracePeriodSeconds=0");
        assertThat(now.statusCode()).as(now.body()).isEqualTo(200);
        assertStatus(api.get(PODS + "/bound"), 404, "NotFound", "pods \"bound\" not found");

        api.create(PODS, RawApi.pod("unbound", "", null));
        HttpResponse<String> unbound = api.delete(PODS + "/unbound");
        assertThat(unbound.statusCode()).isEqualTo(200);
        assertThat(RawApi.json(unbound).path("kind").asString()).isEqualTo("Pod");
        assertStatus(api.get(PODS + "/unbound"), 404, "NotFound", "pods \"unbound\" not found");
    }

    @Test
    void deleteCollectionWithALabelSelector() {
        for (String n : List.of("dc-1", "dc-2", "dc-3")) {
            api.create(CMS, configMap(n, "\"labels\":{\"sweep\":\"yes\"}"));
        }
        api.create(CMS, configMap("dc-keep", "\"labels\":{\"sweep\":\"no\"}"));
        HttpResponse<String> r = api.send("DELETE", CMS + "?labelSelector=sweep%3Dyes", null, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode list = RawApi.json(r);
        assertThat(list.path("kind").asString()).isEqualTo("ConfigMapList");
        List<String> deleted = new ArrayList<>();
        list.path("items").forEach(i -> deleted.add(i.path("metadata").path("name").asString()));
        assertThat(deleted).containsExactlyInAnyOrder("dc-1", "dc-2", "dc-3");
        assertThat(api.names(CMS + "?labelSelector=sweep")).containsExactly("dc-keep");
    }

    private static String deleteOptions(String fields) {
        return "{\"kind\":\"DeleteOptions\",\"apiVersion\":\"v1\"," + fields + "}";
    }
}
