package io.kube4j.apiserver.apply;

import static io.kube4j.apiserver.apply.Yaml.deployment;
import static io.kube4j.apiserver.apply.Yaml.entry;
import static io.kube4j.apiserver.apply.Yaml.obj;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.node.ObjectNode;

class ManagedFieldsTest {

    private static final Instant T1 = Instant.parse("2025-01-01T10:00:00.5Z");
    private static final Instant T2 = Instant.parse("2025-01-01T11:00:00Z");

    record Agent(String userAgent, String manager) {
    }

    static Stream<Agent> agents() {
        return Stream.of(new Agent("kubectl-edit/v1.31.0 (linux/amd64) kubernetes/6911225", "kubectl-edit"),
                new Agent("kubectl-client-side-apply/v1.31.0 (linux/amd64) kubernetes/6911225", "kubectl-client-side-apply"),
                new Agent("fabric8-kubernetes-client/7.1.0", "fabric8-kubernetes-client"),
                new Agent("curl", "curl"),
                new Agent("", ""),
                new Agent("x".repeat(200) + "/1", "x".repeat(128)));
    }

    @ParameterizedTest
    @MethodSource("agents")
    void defaultManagerIsTheUserAgentProduct(Agent a) {
        assertThat(ManagedFields.defaultManager(a.userAgent())).isEqualTo(a.manager());
        assertThat(ManagedFields.managerOrUserAgent("explicit", a.userAgent())).isEqualTo("explicit");
    }

    @Test
    void createRecordsAnUpdateEntryWithNewMapsAsMembers() {
        ObjectNode created = ManagedFields.recordUpdate(null, obj(deployment(1, "nginx:1")), Deployment.class,
                "kubectl-create", "apps/v1", T1);
        var e = entry(created, "kubectl-create", "Update");
        assertThat(e.get("time").asString()).isEqualTo("2025-01-01T10:00:00Z");
        assertThat(e.at("/fieldsV1/f:metadata/f:labels")).isEqualTo(obj("{'.':{},'f:app':{}}"));
        assertThat(e.at("/fieldsV1/f:spec/f:replicas")).isEqualTo(obj("{}"));
        assertThat(e.at("/fieldsV1/f:spec").has("f:selector")).isTrue();
    }

    @Test
    void anUpdateTakesTheFieldsItChangesFromOtherManagers() {
        ObjectNode created = ManagedFields.recordUpdate(null, obj(deployment(1, "nginx:1")), Deployment.class,
                "creator", "apps/v1", T1);
        ObjectNode edited = obj(deployment(1, "nginx:2"));
        edited.set("metadata", created.get("metadata").deepCopy());
        ObjectNode after = ManagedFields.recordUpdate(created, edited, Deployment.class, "kubectl-edit", "apps/v1", T2);
        String image = "/fieldsV1/f:spec/f:template/f:spec/f:containers/k:{\"name\":\"app\"}";
        assertThat(entry(after, "creator", "Update").at(image).has("f:image")).isFalse();
        assertThat(entry(after, "creator", "Update").at(image).has("f:name")).isTrue();
        assertThat(entry(after, "kubectl-edit", "Update").at(image)).isEqualTo(obj("{'f:image':{}}"));
        assertThat(entry(after, "creator", "Update").get("time").asString()).isEqualTo("2025-01-01T10:00:00Z");
        assertThat(entry(after, "kubectl-edit", "Update").get("time").asString()).isEqualTo("2025-01-01T11:00:00Z");
    }

    @Test
    void aNoOpUpdateKeepsEverything() {
        ObjectNode created = ManagedFields.recordUpdate(null, obj(deployment(1, "nginx:1")), Deployment.class,
                "creator", "apps/v1", T1);
        ObjectNode same = ManagedFields.recordUpdate(created, created, Deployment.class, "creator", "apps/v1", T2);
        assertThat(same).isEqualTo(created);
        ObjectNode other = ManagedFields.recordUpdate(created, created, Deployment.class, "someone", "apps/v1", T2);
        assertThat(other.at("/metadata/managedFields")).isEqualTo(created.at("/metadata/managedFields"));
    }

    @Test
    void fieldsV1RoundTrips() {
        ObjectNode tree = obj("{'f:metadata':{'f:labels':{'.':{},'f:a':{}}},'f:spec':{'f:containers':{"
                + "'k:{\\'name\\':\\'x\\'}':{'.':{},'f:image':{}}},'f:finalizers':{'v:\\'a\\'':{}}}}".replace("\\'", "\\\""));
        ManagedSet set = ManagedSet.fromFieldsV1(tree);
        assertThat(set.paths()).hasSize(5);
        assertThat(set.toFieldsV1()).isEqualTo(tree);
        assertThat(set.paths().stream().map(FieldPath::toString))
                .contains(".spec.containers[name=\"x\"].image", ".spec.finalizers[=\"a\"]", ".metadata.labels");
    }
}
