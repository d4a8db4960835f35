package io.kube4j.apiserver.resources.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.kube4j.apiserver.errors.FieldError;
import io.kube4j.apiserver.json.KubeJson;
import io.kube4j.apiserver.registry.ResourceStrategy;
import io.kube4j.apiserver.validation.Copies;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Update immutability, status subresources keeping spec, and create-time status. */
class CoreUpdatesTest {

    static final String POD = """
            apiVersion: v1
            kind: Pod
            metadata: {name: p, namespace: d}
            spec:
              activeDeadlineSeconds: 100
              containers: [{name: c, image: nginx:1, resources: {limits: {cpu: 1, memory: 1Gi}}}]
            """;

    record Case(String name, String kind, String yaml, Consumer<HasMetadata> change, List<String> expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        String svc = "apiVersion: v1\nkind: Service\nmetadata: {name: s, namespace: d}\n"
                + "spec: {clusterIP: 10.0.0.5, ports: [{port: 80}]}";
        String cm = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: d}\nimmutable: true\ndata: {a: b}";
        String pvc = "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: c, namespace: d}\n"
                + "spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}";
        return Stream.of(
                new Case("pod image may change", "Pod", POD,
                        o -> ((Pod) o).getSpec().getContainers().get(0).setImage("nginx:2"), List.of()),
                new Case("pod ports may not", "Pod", POD,
                        o -> ((Pod) o).getSpec().setHostname("h"), List.of("FORBIDDEN spec")),
                new Case("pod deadline may not grow", "Pod", POD,
                        o -> ((Pod) o).getSpec().setActiveDeadlineSeconds(200L),
                        List.of("INVALID spec.activeDeadlineSeconds")),
                new Case("service clusterIP immutable", "Service", svc,
                        o -> ((io.fabric8.kubernetes.api.model.Service) o).getSpec().setClusterIP("10.0.0.6"),
                        List.of("INVALID spec.clusterIP", "INVALID spec.clusterIPs")),
                new Case("immutable configmap", "ConfigMap", cm,
                        o -> ((io.fabric8.kubernetes.api.model.ConfigMap) o).getData().put("a", "c"),
                        List.of("FORBIDDEN data")),
                new Case("pvc storage may change", "PersistentVolumeClaim", pvc,
                        o -> ((io.fabric8.kubernetes.api.model.PersistentVolumeClaim) o).getSpec().getResources()
                                .getRequests().put("storage", new io.fabric8.kubernetes.api.model.Quantity("2Gi")),
                        List.of()),
                new Case("pvc access modes may not", "PersistentVolumeClaim", pvc,
                        o -> ((io.fabric8.kubernetes.api.model.PersistentVolumeClaim) o).getSpec()
                                .setAccessModes(List.of("ReadWriteMany")),
                        List.of("FORBIDDEN spec")));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void updates(Case c) {
        ResourceStrategy<HasMetadata> s = CoreStrategiesTest.strategy(c.kind());
        HasMetadata old = KubeJson.yaml().readValue(c.yaml(), HasMetadata.class);
        s.prepareForCreate(old);
        s.applyDefaults(old);
        assertThat(s.validate(old)).isEmpty();
        HasMetadata now = Copies.deep(old);
        c.change().accept(now);
        s.prepareForUpdate(now, old);
        s.applyDefaults(now);
        List<FieldError> errs = s.validateUpdate(now, old);
        assertThat(errs).extracting(e -> e.type() + " " + e.field()).containsExactlyInAnyOrderElementsOf(c.expected());
    }

    @Test
    void podCreateResetsStatusAndComputesQos() {
        ResourceStrategy<Pod> s = CoreStrategiesTest.strategy("Pod");
        Pod pod = KubeJson.yaml().readValue(POD + "status: {phase: Running}", Pod.class);
        s.prepareForCreate(pod);
        s.applyDefaults(pod);
        assertThat(pod.getStatus().getPhase()).isEqualTo("Pending");
        assertThat(pod.getStatus().getQosClass()).isEqualTo("Guaranteed");
    }

    @Test
    void statusUpdateKeepsSpecAndUpdateKeepsStatus() {
        ResourceStrategy<Pod> s = CoreStrategiesTest.strategy("Pod");
        Pod old = KubeJson.yaml().readValue(POD, Pod.class);
        s.prepareForCreate(old);
        s.applyDefaults(old);
        Pod status = Copies.deep(old);
        status.getSpec().setNodeName("elsewhere");
        status.getStatus().setPhase("Running");
        s.prepareForStatusUpdate(status, old);
        assertThat(status.getSpec()).isEqualTo(old.getSpec());
        assertThat(status.getStatus().getPhase()).isEqualTo("Running");

        Pod main = Copies.deep(old);
        main.getStatus().setPhase("Failed");
        s.prepareForUpdate(main, old);
        assertThat(main.getStatus().getPhase()).isEqualTo("Pending");
    }

    @Test
    void namespaceCreateIsActiveWithKubernetesFinalizer() {
        ResourceStrategy<Namespace> s = CoreStrategiesTest.strategy("Namespace");
        Namespace ns = KubeJson.yaml().readValue("apiVersion: v1\nkind: Namespace\nmetadata: {name: n}", Namespace.class);
        s.prepareForCreate(ns);
        s.applyDefaults(ns);
        assertThat(ns.getStatus().getPhase()).isEqualTo("Active");
        assertThat(ns.getSpec().getFinalizers()).containsExactly("kubernetes");
        assertThat(ns.getMetadata().getLabels()).containsEntry("kubernetes.io/metadata.name", "n");
        assertThat(s.nameRule().check("a.b", false)).isNotEmpty();
    }
}
