package io.kube4j.apiserver.apply;

import static io.kube4j.apiserver.apply.Yaml.deployment;
import static io.kube4j.apiserver.apply.Yaml.entry;
import static io.kube4j.apiserver.apply.Yaml.obj;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.kube4j.apiserver.errors.ApiException;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class ServerSideApplyTest {

    private static final Instant T1 = Instant.parse("2025-01-01T10:00:00.750Z");
    private static final Instant T2 = Instant.parse("2025-01-01T11:00:00Z");
    private static final Instant T3 = Instant.parse("2025-01-01T12:00:00Z");

    private static ObjectNode apply(ObjectNode live, String config, String manager, boolean force, Instant now) {
        return ServerSideApply.apply(live, obj(config), Deployment.class, manager, force, "apps/v1", now);
    }

    @Test
    void createRecordsTheAppliedFieldsAsUpstreamSerialisesThem() {
        ObjectNode created = apply(null, deployment(3, "nginx:1"), "kubectl", false, T1);

        assertThat(created.at("/spec/replicas").asInt()).isEqualTo(3);
        JsonNode e = entry(created, "kubectl", "Apply");
        assertThat(e.get("apiVersion").asString()).isEqualTo("apps/v1");
        assertThat(e.get("time").asString()).isEqualTo("2025-01-01T10:00:00Z");
        assertThat(e.get("fieldsType").asString()).isEqualTo("FieldsV1");
        assertThat(e.get("fieldsV1")).isEqualTo(obj("{'f:metadata':{'f:labels':{'f:app':{}}},'f:spec':{'f:replicas':{},"
                + "'f:selector':{},'f:template':{'f:metadata':{'f:labels':{'f:app':{}}},'f:spec':{'f:containers':{"
                + "'k:{\\'name\\':\\'app\\'}':{'.':{},'f:image':{},'f:name':{},'f:ports':{"
                + "'k:{\\'containerPort\\':80,\\'protocol\\':\\'TCP\\'}':{'.':{},'f:containerPort':{}}}}}}}}}"
                .replace("\\'", "\\\"")));
        assertThat(created.toString()).contains("\"k:{\\\"name\\\":\\\"app\\\"}\"");
    }

    @Test
    void reapplyingTheSameConfigurationChangesNothing() {
        ObjectNode created = apply(null, deployment(3, "nginx:1"), "kubectl", false, T1);
        ObjectNode again = apply(created, deployment(3, "nginx:1"), "kubectl", false, T2);
        assertThat(again).isEqualTo(created);
    }

    @Test
    void twoManagersApplyingTheSameValueShareTheField() {
        ObjectNode a = apply(null, deployment(3, "nginx:1"), "a", false, T1);
        ObjectNode b = apply(a, "{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'web'},'spec':{'replicas':3}}",
                "b", false, T2);
        assertThat(entry(b, "a", "Apply").at("/fieldsV1/f:spec/f:replicas")).isNotNull();
        assertThat(entry(b, "a", "Apply").at("/fieldsV1/f:spec").has("f:replicas")).isTrue();
        assertThat(entry(b, "b", "Apply").get("fieldsV1")).isEqualTo(obj("{'f:spec':{'f:replicas':{}}}"));
        // a gives up replicas; b still owns it, so the value stays.
        ObjectNode c = apply(b, deployment(3, "nginx:1").replace("'replicas':3,", ""), "a", false, T3);
        assertThat(c.at("/spec/replicas").asInt()).isEqualTo(3);
        assertThat(entry(c, "a", "Apply").at("/fieldsV1/f:spec").has("f:replicas")).isFalse();
    }

    @Test
    void changingAnotherManagersFieldConflictsWithUpstreamsMessage() {
        ObjectNode a = apply(null, deployment(3, "nginx:1"), "a", false, T1);
        assertThatThrownBy(() -> apply(a, "{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'web'},"
                + "'spec':{'replicas':5}}", "b", false, T2))
                .isInstanceOfSatisfying(ApiException.Conflict.class, e -> {
                    assertThat(e.code()).isEqualTo(409);
                    assertThat(e.getMessage()).isEqualTo("Apply failed with 1 conflict: conflict with \"a\": .spec.replicas");
                    StatusCause cause = e.toStatus().getDetails().getCauses().getFirst();
                    assertThat(cause.getReason()).isEqualTo("FieldManagerConflict");
                    assertThat(cause.getField()).isEqualTo(".spec.replicas");
                    assertThat(cause.getMessage()).isEqualTo("conflict with \"a\"");
                });
    }

    @Test
    void severalConflictsAreGroupedByManager() {
        ObjectNode a = apply(null, deployment(3, "nginx:1"), "a", false, T1);
        assertThatThrownBy(() -> apply(a, deployment(5, "nginx:2"), "b", false, T2))
                .hasMessage("Apply failed with 2 conflicts: conflicts with \"a\":\n- .spec.replicas\n"
                        + "- .spec.template.spec.containers[name=\"app\"].image");
    }

    @Test
    void forceTakesOwnership() {
        ObjectNode a = apply(null, deployment(3, "nginx:1"), "a", false, T1);
        ObjectNode b = apply(a, "{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'web'},'spec':{'replicas':5}}",
                "b", true, T2);
        assertThat(b.at("/spec/replicas").asInt()).isEqualTo(5);
        assertThat(entry(b, "a", "Apply").at("/fieldsV1/f:spec").has("f:replicas")).isFalse();
        assertThat(entry(b, "a", "Apply").at("/fieldsV1/f:spec").has("f:template")).isTrue();
        assertThat(entry(b, "b", "Apply").get("fieldsV1")).isEqualTo(obj("{'f:spec':{'f:replicas':{}}}"));
    }

    @Test
    void fieldsTheApplierStopsSendingAreRemoved() {
        String two = "{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'c','labels':{'x':'1','y':'2'}},'data':{'k':'v','gone':'g'}}";
        String one = "{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'c','labels':{'x':'1'}}}";
        ObjectNode first = ServerSideApply.apply(null, obj(two), ConfigMap.class, "a", false, "v1", T1);
        ObjectNode second = ServerSideApply.apply(first, obj(one), ConfigMap.class, "a", false, "v1", T2);
        assertThat(second.at("/metadata/labels")).isEqualTo(obj("{'x':'1'}"));
        assertThat(second.has("data")).as("emptied map pruned").isFalse();
        assertThat(entry(second, "a", "Apply").get("time").asString()).isEqualTo("2025-01-01T11:00:00Z");
    }

    @Test
    void aRemovedFieldAnotherManagerAlsoOwnsStays() {
        String two = "{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'c','labels':{'x':'1','y':'2'}}}";
        ObjectNode first = ServerSideApply.apply(null, obj(two), ConfigMap.class, "a", false, "v1", T1);
        ObjectNode shared = ServerSideApply.apply(first, obj("{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'c','labels':{'y':'2'}}}"),
                ConfigMap.class, "b", false, "v1", T2);
        ObjectNode after = ServerSideApply.apply(shared, obj("{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'c','labels':{'x':'1'}}}"),
                ConfigMap.class, "a", false, "v1", T3);
        assertThat(after.at("/metadata/labels")).isEqualTo(obj("{'x':'1','y':'2'}"));
    }

    @Test
    void containersMergeByNameBetweenManagers() {
        ObjectNode a = apply(null, deployment(3, "nginx:1"), "a", false, T1);
        String sidecar = "{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'web'},'spec':{'template':{'spec':"
                + "{'containers':[{'name':'log','image':'busybox'}]}}}}";
        ObjectNode b = apply(a, sidecar, "b", false, T2);
        assertThat(b.at("/spec/template/spec/containers").size()).isEqualTo(2);
        assertThat(b.at("/spec/template/spec/containers/0/image").asString()).isEqualTo("nginx:1");
        assertThat(b.at("/spec/template/spec/containers/1/name").asString()).isEqualTo("log");
        // a re-applies without knowing about b's container: b's container stays.
        ObjectNode c = apply(b, deployment(3, "nginx:2"), "a", false, T3);
        assertThat(c.at("/spec/template/spec/containers").size()).isEqualTo(2);
        assertThat(c.at("/spec/template/spec/containers/0/image").asString()).isEqualTo("nginx:2");
        // b drops its container: it is removed whole.
        ObjectNode d = apply(c, "{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'web'},'spec':{'replicas':3}}",
                "b", false, T3);
        assertThat(d.at("/spec/template/spec/containers").size()).isEqualTo(1);
    }

    @Test
    void clientSideApplyThenServerSideApplyConflictsOnReplicas() {
        ObjectNode created = ManagedFields.recordUpdate(null, obj(deployment(1, "nginx:1")), Deployment.class,
                ManagedFields.defaultManager("kubectl-client-side-apply/v1.31.0 (linux/amd64) kubernetes/abc"), "apps/v1", T1);
        assertThatThrownBy(() -> apply(created, deployment(2, "nginx:1"), "kubectl", false, T2))
                .hasMessage("Apply failed with 1 conflict: conflict with \"kubectl-client-side-apply\" using apps/v1: .spec.replicas");
    }

    @Test
    void scaleThenServerSideApplyConflicts() {
        ObjectNode applied = apply(null, deployment(3, "nginx:1"), "kubectl", false, T1);
        ObjectNode scaled = applied.deepCopy();
        ((ObjectNode) scaled.get("spec")).put("replicas", 5);
        ObjectNode after = ManagedFields.recordUpdate(applied, scaled, Deployment.class, "kubectl", "autoscaling/v1", "scale", T2);
        assertThat(entry(after, "kubectl", "Apply").at("/fieldsV1/f:spec").has("f:replicas")).isFalse();
        assertThatThrownBy(() -> apply(after, deployment(3, "nginx:1"), "kubectl", false, T3))
                .hasMessage("Apply failed with 1 conflict: conflict with \"kubectl\" with subresource \"scale\" "
                        + "using autoscaling/v1: .spec.replicas");
        // Re-applying without replicas leaves the scaled value alone.
        ObjectNode ok = apply(after, deployment(3, "nginx:1").replace("'replicas':3,", ""), "kubectl", false, T3);
        assertThat(ok.at("/spec/replicas").asInt()).isEqualTo(5);
    }

    @Test
    void applyRequiresAFieldManager() {
        assertThatThrownBy(() -> apply(null, deployment(1, "x"), "", false, T1))
                .isInstanceOfSatisfying(ApiException.Invalid.class, e -> assertThat(e.getMessage()).isEqualTo(
                        "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch"));
    }

    @Test
    void managedFieldsInTheConfigurationAreABadRequest() {
        assertThatThrownBy(() -> apply(null, "{'metadata':{'name':'x','managedFields':[]}}", "a", false, T1))
                .isInstanceOf(ApiException.BadRequest.class);
    }

    @Test
    void inputsAreNotMutated() {
        ObjectNode live = apply(null, deployment(3, "nginx:1"), "a", false, T1);
        ObjectNode before = live.deepCopy();
        ObjectNode cfg = obj(deployment(4, "nginx:1"));
        ObjectNode cfgBefore = cfg.deepCopy();
        ServerSideApply.apply(live, cfg, Deployment.class, "a", false, "apps/v1", T2);
        assertThat(live).isEqualTo(before);
        assertThat(cfg).isEqualTo(cfgBefore);
    }
}
