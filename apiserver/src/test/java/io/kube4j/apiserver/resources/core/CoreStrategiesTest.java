package io.kube4j.apiserver.resources.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.kube4j.apiserver.errors.FieldError;
import io.kube4j.apiserver.json.KubeJson;
import io.kube4j.apiserver.registry.ResourceStrategy;
import io.kube4j.apiserver.resources.BuiltinStrategies;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** For each core kind: a valid object passes; each bad one fails with upstream's type and path. */
class CoreStrategiesTest {

    record Case(String kind, String yaml, List<String> expected) {
        @Override
        public String toString() {
            return kind + " " + expected;
        }
    }

    private static Case ok(String kind, String yaml) {
        return new Case(kind, yaml, List.of());
    }

    private static Case bad(String kind, String yaml, String... expected) {
        return new Case(kind, yaml, List.of(expected));
    }

    static Stream<Case> cases() {
        String pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: d}\n";
        String svc = "apiVersion: v1\nkind: Service\nmetadata: {name: s, namespace: d}\n";
        return Stream.of(
                ok("Pod", pod + "spec: {containers: [{name: c, image: nginx}]}"),
                bad("Pod", pod + "spec: {containers: []}", "REQUIRED spec.containers"),
                bad("Pod", pod + "spec: {containers: [{name: c}]}", "REQUIRED spec.containers[0].image"),
                bad("Pod", pod + "spec: {containers: [{name: C_1, image: x}]}", "INVALID spec.containers[0].name"),
                bad("Pod", pod + "spec: {containers: [{name: c, image: x}, {name: c, image: y}]}",
                        "DUPLICATE spec.containers[1].name"),
                bad("Pod", pod + "spec: {restartPolicy: Sometimes, containers: [{name: c, image: x}]}",
                        "NOT_SUPPORTED spec.restartPolicy"),
                bad("Pod", pod + "spec: {containers: [{name: c, image: x, ports: [{containerPort: 70000}]}]}",
                        "INVALID spec.containers[0].ports[0].containerPort"),
                bad("Pod", pod + "spec: {containers: [{name: c, image: x, volumeMounts: [{name: v, mountPath: /v}]}]}",
                        "NOT_FOUND spec.containers[0].volumeMounts[0].name"),
                bad("Pod", pod + "spec: {containers: [{name: c, image: x, resources: {limits: {cpu: 1}, requests: {cpu: 2}}}]}",
                        "INVALID spec.containers[0].resources.requests[cpu]"),
                bad("Pod", pod + "spec: {containers: [{name: c, image: x, livenessProbe: {successThreshold: 2, exec: {command: [a]}}}]}",
                        "INVALID spec.containers[0].livenessProbe.successThreshold"),
                bad("Pod", pod + "spec: {volumes: [{name: v, secret: {}}], containers: [{name: c, image: x}]}",
                        "REQUIRED spec.volumes[0].secret.secretName"),
                bad("Pod", pod + "spec: {containers: [{name: c, image: x, env: [{name: A, valueFrom: {fieldRef: {fieldPath: spec.bogus}}}]}]}",
                        "NOT_SUPPORTED spec.containers[0].env[0].valueFrom.fieldRef.fieldPath"),
                bad("Pod", pod + "spec: {tolerations: [{operator: Exists, value: x}], containers: [{name: c, image: x}]}",
                        "INVALID spec.tolerations[0].operator"),
                ok("Service", svc + "spec: {ports: [{port: 80}]}"),
                bad("Service", svc + "spec: {ports: [{port: 80}, {port: 81}]}", "REQUIRED spec.ports[0].name",
                        "REQUIRED spec.ports[1].name"),
                bad("Service", svc + "spec: {ports: [{name: a, port: 80}, {name: b, port: 80}]}", "DUPLICATE spec.ports[1]"),
                bad("Service", svc + "spec: {type: Weird, ports: [{port: 80}]}", "NOT_SUPPORTED spec.type"),
                bad("Service", svc + "spec: {clusterIP: 1.2.3, ports: [{port: 80}]}", "INVALID spec.clusterIPs[0]"),
                bad("Service", svc + "spec: {type: ExternalName}", "REQUIRED spec.externalName"),
                bad("Service", svc + "spec: {}", "REQUIRED spec.ports"),
                ok("Namespace", "apiVersion: v1\nkind: Namespace\nmetadata: {name: n}\n"),
                bad("Namespace", "apiVersion: v1\nkind: Namespace\nmetadata: {name: n}\nspec: {finalizers: [foo]}",
                        "INVALID spec.finalizers"),
                ok("Endpoints", "apiVersion: v1\nkind: Endpoints\nmetadata: {name: e, namespace: d}\n"
                        + "subsets: [{addresses: [{ip: 10.0.0.1}], ports: [{port: 80}]}]"),
                bad("Endpoints", "apiVersion: v1\nkind: Endpoints\nmetadata: {name: e, namespace: d}\n"
                        + "subsets: [{addresses: [{ip: nope}], ports: [{port: 80}, {port: 81}]}]",
                        "INVALID subsets[0].addresses[0].ip", "REQUIRED subsets[0].ports[0].name",
                        "REQUIRED subsets[0].ports[1].name"),
                ok("ConfigMap", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: d}\ndata: {a.b: x}"),
                bad("ConfigMap", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: d}\ndata: {'a b': x}",
                        "INVALID data[a b]"),
                ok("Secret", "apiVersion: v1\nkind: Secret\nmetadata: {name: s, namespace: d}\nstringData: {a: b}"),
                bad("Secret", "apiVersion: v1\nkind: Secret\nmetadata: {name: s, namespace: d}\n"
                        + "type: kubernetes.io/service-account-token",
                        "REQUIRED metadata.annotations[kubernetes.io/service-account.name]"),
                bad("Secret", "apiVersion: v1\nkind: Secret\nmetadata: {name: s, namespace: d}\n"
                        + "type: kubernetes.io/dockerconfigjson\ndata: {.dockerconfigjson: bm90IGpzb24=}",
                        "INVALID data[.dockerconfigjson]"),
                bad("Secret", "apiVersion: v1\nkind: Secret\nmetadata: {name: s, namespace: d}\ntype: kubernetes.io/tls",
                        "REQUIRED data[tls.key]", "REQUIRED data[tls.crt]"),
                ok("ServiceAccount", "apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: s, namespace: d}"),
                ok("Node", "apiVersion: v1\nkind: Node\nmetadata: {name: n}\nspec: {podCIDR: 10.244.0.0/24}"),
                bad("Node", "apiVersion: v1\nkind: Node\nmetadata: {name: n}\nspec: {podCIDR: 10.244.0.0}",
                        "INVALID spec.podCIDRs[0]"),
                ok("Event", "apiVersion: v1\nkind: Event\nmetadata: {name: e, namespace: d}\n"
                        + "involvedObject: {kind: Pod, name: p, namespace: d}"),
                bad("Event", "apiVersion: v1\nkind: Event\nmetadata: {name: e, namespace: d}\n"
                        + "involvedObject: {kind: Pod, name: p, namespace: other}", "INVALID involvedObject.namespace"),
                ok("PersistentVolume", "apiVersion: v1\nkind: PersistentVolume\nmetadata: {name: pv}\n"
                        + "spec: {capacity: {storage: 1Gi}, accessModes: [ReadWriteOnce], hostPath: {path: /x}}"),
                bad("PersistentVolume", "apiVersion: v1\nkind: PersistentVolume\nmetadata: {name: pv}\nspec: {}",
                        "REQUIRED spec.accessModes", "REQUIRED spec.capacity", "REQUIRED spec"),
                ok("PersistentVolumeClaim", "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: c, namespace: d}\n"
                        + "spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}"),
                bad("PersistentVolumeClaim", "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: c, namespace: d}\n"
                        + "spec: {accessModes: [Sometimes]}", "NOT_SUPPORTED spec.accessModes",
                        "REQUIRED spec.resources[storage]"),
                ok("LimitRange", "apiVersion: v1\nkind: LimitRange\nmetadata: {name: l, namespace: d}\n"
                        + "spec: {limits: [{type: Container, max: {cpu: '2'}, min: {cpu: 100m}}]}"),
                bad("LimitRange", "apiVersion: v1\nkind: LimitRange\nmetadata: {name: l, namespace: d}\n"
                        + "spec: {limits: [{type: Container, max: {cpu: 100m}, min: {cpu: '2'}, default: {cpu: 100m}, defaultRequest: {cpu: 100m}}]}",
                        "INVALID spec.limits[0].min[cpu]", "INVALID spec.limits[0].default[cpu]",
                        "INVALID spec.limits[0].defaultRequest[cpu]"),
                ok("ResourceQuota", "apiVersion: v1\nkind: ResourceQuota\nmetadata: {name: q, namespace: d}\n"
                        + "spec: {hard: {pods: '10', requests.cpu: '4'}}"),
                bad("ResourceQuota", "apiVersion: v1\nkind: ResourceQuota\nmetadata: {name: q, namespace: d}\n"
                        + "spec: {hard: {widgets: '-1'}}", "INVALID spec.hard[widgets]", "INVALID spec.hard[widgets]"),
                ok("PodTemplate", "apiVersion: v1\nkind: PodTemplate\nmetadata: {name: t, namespace: d}\n"
                        + "template: {spec: {containers: [{name: c}]}}"),
                bad("PodTemplate", "apiVersion: v1\nkind: PodTemplate\nmetadata: {name: t, namespace: d}\n"
                        + "template: {metadata: {labels: {'a/b/c': x}}, spec: {containers: [{name: c}]}}",
                        "INVALID template.metadata.labels"),
                ok("ReplicationController", "apiVersion: v1\nkind: ReplicationController\nmetadata: {name: r, namespace: d}\n"
                        + "spec: {template: {metadata: {labels: {app: a}}, spec: {containers: [{name: c, image: x}]}}}"),
                bad("ReplicationController", "apiVersion: v1\nkind: ReplicationController\nmetadata: {name: r, namespace: d}\n"
                        + "spec: {selector: {app: b}, template: {metadata: {labels: {app: a}}, spec: {restartPolicy: Never, containers: [{name: c, image: x}]}}}",
                        "INVALID spec.template.metadata.labels", "NOT_SUPPORTED spec.template.spec.restartPolicy"));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void createValidation(Case c) {
        ResourceStrategy<HasMetadata> strategy = strategy(c.kind());
        HasMetadata obj = KubeJson.yaml().readValue(c.yaml(), HasMetadata.class);
        strategy.prepareForCreate(obj);
        strategy.applyDefaults(obj);
        List<FieldError> errs = strategy.validate(obj);
        assertThat(errs).extracting(e -> e.type() + " " + e.field()).containsExactlyInAnyOrderElementsOf(c.expected());
    }

    @SuppressWarnings("unchecked")
    static <T extends HasMetadata> ResourceStrategy<T> strategy(String kind) {
        return (ResourceStrategy<T>) BuiltinStrategies.forKind("", kind);
    }
}
