package io.kube4j.bench.sched;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import io.fabric8.kubernetes.api.model.PodAffinityTermBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;

import java.util.List;
import java.util.Map;

/**
 * The simulated nodes and the pods of each workload, shaped after upstream's scheduler_perf
 * templates (node-default: 4 CPU, 32Gi, 110 pods; pod-default: 100m CPU, 500Mi; the affinity,
 * anti-affinity and spreading pods with their labels and terms). Our own builders, not copies.
 */
final class Templates {

    static final String INIT_NAMESPACE = "sched-setup";
    static final String MEASURED_NAMESPACE = "sched-test";
    static final String HOSTNAME = "kubernetes.io/hostname";
    static final String ZONE = "topology.kubernetes.io/zone";
    /** The Preemption workload's measured pods' class (value 10; the apiserver's Priority admission sets spec.priority). */
    static final String HIGH_PRIORITY_CLASS = "scheduler-perf-high";
    static final int HIGH_PRIORITY = 10;

    private Templates() {
    }

    static Node node(Workload.Kind kind, int i) {
        String name = "scheduler-perf-node-" + i;
        Map<String, String> labels = switch (kind) {
            case TOPOLOGY_SPREADING -> Map.of(HOSTNAME, name, ZONE, "moon-" + (i % 3 + 1));
            case REQUIRED_POD_AFFINITY -> Map.of(HOSTNAME, name, ZONE, "zone" + (i % 2 + 1));
            default -> Map.of(HOSTNAME, name);
        };
        Map<String, Quantity> resources = Map.of("cpu", new Quantity("4"), "memory", new Quantity("32Gi"),
                "pods", new Quantity("110"));
        return new NodeBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata()
                .withNewStatus().withCapacity(resources).withAllocatable(resources)
                .addNewCondition().withType("Ready").withStatus("True").endCondition()
                .endStatus().build();
    }

    static Pod pod(Workload.Kind kind, String namespace, String name) {
        PodBuilder b = new PodBuilder().withNewMetadata().withName(name).withNamespace(namespace)
                .withLabels(labels(kind)).endMetadata();
        String cpu = "100m";
        if (kind == Workload.Kind.PREEMPTION) {
            // Low-priority init pods fill 3.6 of a node's 4 CPUs; each high-priority pod needs 3.
            cpu = MEASURED_NAMESPACE.equals(namespace) ? "3000m" : "900m";
        }
        var spec = b.withNewSpec().addNewContainer().withName("pause").withImage("registry.k8s.io/pause:3.10")
                .withNewResources().withRequests(Map.of("cpu", new Quantity(cpu), "memory", new Quantity("500Mi")))
                .endResources().endContainer();
        switch (kind) {
            case PREEMPTION -> {
                if (MEASURED_NAMESPACE.equals(namespace)) {
                    spec.withPriorityClassName(HIGH_PRIORITY_CLASS);
                } else {
                    spec.withTerminationGracePeriodSeconds(0L); // victims go at once, as upstream's template
                }
            }
            case POD_ANTI_AFFINITY -> spec.withNewAffinity().withNewPodAntiAffinity()
                    .withRequiredDuringSchedulingIgnoredDuringExecution(term("color", "green", HOSTNAME))
                    .endPodAntiAffinity().endAffinity();
            case REQUIRED_POD_AFFINITY -> spec.withNewAffinity().withNewPodAffinity()
                    .withRequiredDuringSchedulingIgnoredDuringExecution(term("foo", "bar", ZONE))
                    .endPodAffinity().endAffinity();
            case TOPOLOGY_SPREADING -> {
                if (MEASURED_NAMESPACE.equals(namespace)) {
                    spec.addNewTopologySpreadConstraint().withMaxSkew(5).withTopologyKey(ZONE)
                            .withWhenUnsatisfiable("DoNotSchedule").withLabelSelector(selector("color", "blue"))
                            .endTopologySpreadConstraint();
                }
            }
            default -> {
            }
        }
        return spec.endSpec().build();
    }

    private static Map<String, String> labels(Workload.Kind kind) {
        return switch (kind) {
            case POD_ANTI_AFFINITY -> Map.of("color", "green");
            case REQUIRED_POD_AFFINITY -> Map.of("foo", "bar");
            case TOPOLOGY_SPREADING -> Map.of("color", "blue");
            default -> Map.of("app", "scheduler-perf");
        };
    }

    private static PodAffinityTerm term(String key, String value, String topologyKey) {
        return new PodAffinityTermBuilder().withLabelSelector(selector(key, value))
                .withNamespaces(List.of(MEASURED_NAMESPACE, INIT_NAMESPACE)).withTopologyKey(topologyKey).build();
    }

    private static LabelSelector selector(String key, String value) {
        return new LabelSelectorBuilder().addNewMatchExpression().withKey(key).withOperator("In")
                .withValues(value).endMatchExpression().build();
    }
}
