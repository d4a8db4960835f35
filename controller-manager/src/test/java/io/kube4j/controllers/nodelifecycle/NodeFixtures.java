package io.kube4j.controllers.nodelifecycle;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** Nodes, Leases and pods for the node controllers' tests. */
final class NodeFixtures {

    private NodeFixtures() {
    }

    static String ts(Instant t) {
        return NodeHealthTracker.format(t);
    }

    static Node readyNode(String name, Instant heartbeat, String readyStatus) {
        List<NodeCondition> conditions = new ArrayList<>();
        conditions.add(condition("Ready", readyStatus, heartbeat));
        for (String t : List.of("MemoryPressure", "DiskPressure", "PIDPressure")) {
            conditions.add(condition(t, "False", heartbeat));
        }
        return new NodeBuilder().withNewMetadata().withName(name).withCreationTimestamp(ts(heartbeat)).endMetadata()
                .withNewSpec().endSpec().withNewStatus().withConditions(conditions).endStatus().build();
    }

    static NodeCondition condition(String type, String status, Instant heartbeat) {
        return new NodeConditionBuilder().withType(type).withStatus(status).withReason("Kubelet" + type)
                .withLastHeartbeatTime(ts(heartbeat)).withLastTransitionTime(ts(heartbeat)).build();
    }

    static Lease lease(String node, Instant renew) {
        return new LeaseBuilder().withNewMetadata().withName(node).withNamespace("kube-node-lease").endMetadata()
                .withNewSpec().withHolderIdentity(node).withRenewTime(renew.atZone(ZoneOffset.UTC)).endSpec().build();
    }

    static Pod pod(String name, String node, Toleration... tolerations) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace("default").endMetadata()
                .withNewSpec().withNodeName(node).withTolerations(tolerations).addNewContainer().withName("c").withImage("i").endContainer().endSpec()
                .withNewStatus().withPhase("Running").addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus()
                .build();
    }

    static Toleration tolerate(String key, Long seconds) {
        return new io.fabric8.kubernetes.api.model.TolerationBuilder().withKey(key).withOperator("Exists")
                .withEffect("NoExecute").withTolerationSeconds(seconds).build();
    }
}
