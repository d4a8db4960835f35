package io.kube4j.apiserver.fields;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ReplicationControllerBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.kube4j.apiserver.errors.ApiException;
import io.kube4j.apiserver.json.KubeJson;
import io.kube4j.apiserver.registry.FieldSet;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class BuiltinFieldsTest {

    record Case(String group, String kind, HasMetadata object, Map<String, String> expected) {
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("", "Pod", new PodBuilder().withNewSpec().withNodeName("n1").withRestartPolicy("Always")
                        .withSchedulerName("default-scheduler").withServiceAccountName("sa").withHostNetwork(true)
                        .endSpec().withNewStatus().withPhase("Running").addNewPodIP("10.0.0.2").addNewPodIP("fd00::2")
                        .withNominatedNodeName("n2").endStatus().build(),
                        Map.of("spec.nodeName", "n1", "spec.restartPolicy", "Always",
                                "spec.schedulerName", "default-scheduler", "spec.serviceAccountName", "sa",
                                "spec.hostNetwork", "true", "status.phase", "Running", "status.podIP", "10.0.0.2",
                                "status.nominatedNodeName", "n2")),
                new Case("", "Pod", new PodBuilder().build(),
                        Map.of("spec.nodeName", "", "spec.restartPolicy", "", "spec.schedulerName", "",
                                "spec.serviceAccountName", "", "spec.hostNetwork", "false", "status.phase", "",
                                "status.podIP", "", "status.nominatedNodeName", "")),
                new Case("", "Event", new EventBuilder().withNewInvolvedObject().withKind("Pod").withNamespace("ns")
                        .withName("p").withUid("u1").withApiVersion("v1").withResourceVersion("7")
                        .withFieldPath("spec.containers{c}").endInvolvedObject().withReason("Pulled")
                        .withReportingComponent("kubelet").withType("Normal").build(),
                        Map.ofEntries(Map.entry("involvedObject.kind", "Pod"),
                                Map.entry("involvedObject.namespace", "ns"), Map.entry("involvedObject.name", "p"),
                                Map.entry("involvedObject.uid", "u1"), Map.entry("involvedObject.apiVersion", "v1"),
                                Map.entry("involvedObject.resourceVersion", "7"),
                                Map.entry("involvedObject.fieldPath", "spec.containers{c}"),
                                Map.entry("reason", "Pulled"), Map.entry("reportingComponent", "kubelet"),
                                Map.entry("source", "kubelet"), Map.entry("type", "Normal"))),
                new Case("", "Secret", new SecretBuilder().withType("kubernetes.io/tls").build(),
                        Map.of("type", "kubernetes.io/tls")),
                new Case("", "Namespace", new NamespaceBuilder().withNewStatus().withPhase("Active").endStatus().build(),
                        Map.of("status.phase", "Active")),
                new Case("", "Node", new NodeBuilder().withNewSpec().withUnschedulable(true).endSpec().build(),
                        Map.of("spec.unschedulable", "true")),
                new Case("", "Service", new ServiceBuilder().withNewSpec().withClusterIP("10.96.0.1")
                        .withType("ClusterIP").endSpec().build(),
                        Map.of("spec.clusterIP", "10.96.0.1", "spec.type", "ClusterIP")),
                new Case("", "ReplicationController", new ReplicationControllerBuilder().withNewStatus()
                        .withReplicas(3).endStatus().build(), Map.of("status.replicas", "3")),
                new Case("apps", "ReplicaSet", new ReplicaSetBuilder().build(), Map.of("status.replicas", "0")),
                new Case("batch", "Job", new JobBuilder().withNewStatus().withSucceeded(2).endStatus().build(),
                        Map.of("status.successful", "2")),
                new Case("events.k8s.io", "Event", new io.fabric8.kubernetes.api.model.events.v1.EventBuilder()
                        .withNewRegarding().withKind("Node").withName("n1").endRegarding().withReason("Ready")
                        .withReportingController("kubelet").withType("Normal").build(),
                        Map.of("regarding.kind", "Node", "regarding.namespace", "", "regarding.name", "n1",
                                "regarding.uid", "", "regarding.apiVersion", "", "regarding.resourceVersion", "",
                                "regarding.fieldPath", "", "reason", "Ready", "reportingController", "kubelet",
                                "type", "Normal")));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void fieldsPerKind(Case c) {
        FieldSet set = BuiltinFields.forKind(c.group(), c.kind());
        assertThat(set).isNotNull();
        assertThat(set.fields(KubeJson.json().valueToTree(c.object()))).isEqualTo(c.expected());
        // every field the set produces is one a selector may name
        assertThat(BuiltinFields.selectable(c.group(), c.kind()).labels()).containsAll(c.expected().keySet());
    }

    @Test
    void eventSourceFallsBackToTheOldSourceFirst() {
        var e = new EventBuilder().withNewSource().withComponent("scheduler").endSource()
                .withReportingComponent("other").build();
        assertThat(new EventFields().fields(KubeJson.json().valueToTree(e))).containsEntry("source", "scheduler");
    }

    @Test
    void kindsWithOnlyMetadataHaveNoFieldSet() {
        assertThat(BuiltinFields.forKind("", "ConfigMap")).isNull();
        assertThat(BuiltinFields.forKind("apps", "Deployment")).isNull();
    }

    @Test
    void convertKeepsSupportedLabelsAndRenamesAliases() {
        FieldSelector s = BuiltinFields.convert("", "Pod", FieldSelector.parse("spec.host=n1,status.phase=Running"));
        assertThat(s.toString()).isEqualTo("spec.nodeName=n1,status.phase=Running");
        assertThat(BuiltinFields.convert("", "ConfigMap", FieldSelector.parse("metadata.namespace=a")).toString())
                .isEqualTo("metadata.namespace=a");
    }

    record Refusal(String group, String kind, String selector, String message) {
    }

    static Stream<Refusal> refusals() {
        return Stream.of(
                new Refusal("", "Pod", "spec.foo=x", "field label not supported: spec.foo"),
                new Refusal("", "Node", "metadata.namespace=x", "field label not supported: metadata.namespace"),
                new Refusal("events.k8s.io", "Event", "involvedObject.kind=Pod",
                        "field label not supported: involvedObject.kind"),
                new Refusal("", "ConfigMap", "data.x=y",
                        "\"data.x\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\""));
    }

    @ParameterizedTest
    @MethodSource("refusals")
    void convertRefusesUnsupportedLabels(Refusal r) {
        assertThatThrownBy(() -> BuiltinFields.convert(r.group(), r.kind(), FieldSelector.parse(r.selector())))
                .isInstanceOf(ApiException.BadRequest.class).hasMessage(r.message());
    }
}
