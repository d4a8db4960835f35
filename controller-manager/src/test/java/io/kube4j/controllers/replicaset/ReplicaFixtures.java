package io.kube4j.controllers.replicaset;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.ReplicationControllerBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.kube4j.controllers.machinery.ControllerRefs;
import io.kube4j.controllers.machinery.WorkQueue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Objects for the replica controllers' unit tests. */
final class ReplicaFixtures {

    static final String NS = "default";
    static final Map<String, String> LABELS = Map.of("app", "web");

    private ReplicaFixtures() {
    }

    static ReplicaSet replicaSet(String name, int replicas) {
        return new ReplicaSetBuilder()
                .withNewMetadata().withName(name).withNamespace(NS).withUid(name + "-uid").withGeneration(1L).endMetadata()
                .withNewSpec().withReplicas(replicas)
                .withNewSelector().withMatchLabels(LABELS).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(Map.of("app", "web", "tier", "front")).endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("nginx").endContainer().endSpec()
                .endTemplate().endSpec().build();
    }

    static ReplicationController replicationController(String name, int replicas) {
        return new ReplicationControllerBuilder()
                .withNewMetadata().withName(name).withNamespace(NS).withUid(name + "-uid").withGeneration(1L).endMetadata()
                .withNewSpec().withReplicas(replicas).withSelector(LABELS)
                .withNewTemplate().withNewMetadata().withLabels(LABELS).endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("nginx").endContainer().endSpec()
                .endTemplate().endSpec().build();
    }

    /** A pending, unscheduled pod with the selector's labels, created at {@code created}, owned by {@code owner} when not null. */
    static PodBuilder pod(String name, io.fabric8.kubernetes.api.model.HasMetadata owner, Instant created) {
        PodBuilder b = new PodBuilder()
                .withNewMetadata().withName(name).withNamespace(NS).withUid(name + "-uid").withLabels(LABELS)
                .withCreationTimestamp(created.toString()).endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("nginx").endContainer().endSpec()
                .withNewStatus().withPhase("Pending").endStatus();
        if (owner != null) {
            b.editMetadata().withOwnerReferences(ControllerRefs.newControllerRef(owner)).endMetadata();
        }
        return b;
    }

    /** {@code pod} bound to {@code node}, Running, Ready since {@code readySince} when not null, with {@code restarts}. */
    static Pod running(PodBuilder pod, String node, Instant readySince, int restarts) {
        return pod.editSpec().withNodeName(node).endSpec()
                .editStatus().withPhase("Running")
                .addNewCondition().withType("Ready").withStatus(readySince == null ? "False" : "True")
                .withLastTransitionTime(readySince == null ? null : readySince.toString()).endCondition()
                .withContainerStatuses(new ContainerStatusBuilder().withName("c").withReady(readySince != null)
                        .withRestartCount(restarts).build())
                .endStatus().build();
    }

    /** Takes every key ready in {@code queue} without blocking. */
    static List<String> drain(WorkQueue<String> queue) throws InterruptedException {
        List<String> keys = new ArrayList<>();
        while (queue.length() > 0) {
            String k = queue.get();
            keys.add(k);
            queue.done(k);
        }
        return keys;
    }
}
