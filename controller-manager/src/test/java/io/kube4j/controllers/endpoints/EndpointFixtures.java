package io.kube4j.controllers.endpoints;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import java.time.Instant;
import java.util.Map;

/** Services, pods and nodes for the endpoint controllers' unit tests. */
final class EndpointFixtures {

    static final String NS = "default";
    static final Instant T0 = Instant.parse("2026-01-01T12:00:00Z");

    private EndpointFixtures() {
    }

    /** Service {@code name} selecting app=web: port "http" 80 -> named target "web", port "metrics" 9090 -> 9090. */
    static ServiceBuilder service(String name) {
        return new ServiceBuilder()
                .withNewMetadata().withName(name).withNamespace(NS).withUid(name + "-uid").withLabels(Map.of("team", "a"))
                .withCreationTimestamp(T0.toString()).endMetadata()
                .withNewSpec().withSelector(Map.of("app", "web")).withClusterIP("10.0.0.10")
                .withPorts(new ServicePortBuilder().withName("http").withPort(80).withProtocol("TCP").withTargetPort(new IntOrString("web")).build(),
                        new ServicePortBuilder().withName("metrics").withPort(9090).withProtocol("TCP").withTargetPort(new IntOrString(9090)).build())
                .endSpec();
    }

    static Service service() {
        return service("svc").build();
    }

    /** A Running pod app=web on {@code node} with IP {@code ip}, container port "web" = {@code webPort} (none when 0), Ready since {@code readySince} (not ready when null). */
    static PodBuilder pod(String name, String ip, String node, int webPort, Instant readySince) {
        PodBuilder b = new PodBuilder()
                .withNewMetadata().withName(name).withNamespace(NS).withUid(name + "-uid").withLabels(Map.of("app", "web")).endMetadata()
                .withNewSpec().withNodeName(node).addNewContainer().withName("c").withImage("nginx").endContainer().endSpec()
                .withNewStatus().withPhase("Running").withPodIP(ip).addNewPodIP(ip)
                .addNewCondition().withType("Ready").withStatus(readySince == null ? "False" : "True")
                .withLastTransitionTime(readySince == null ? T0.toString() : readySince.toString()).endCondition()
                .endStatus();
        if (webPort > 0) {
            b.editSpec().editFirstContainer().addNewPort().withName("web").withContainerPort(webPort).withProtocol("TCP").endPort()
                    .endContainer().endSpec();
        }
        return b;
    }

    static Node node(String name, String zone) {
        NodeBuilder b = new NodeBuilder().withNewMetadata().withName(name).withUid(name + "-uid").endMetadata();
        if (zone != null) {
            b.editMetadata().addToLabels("topology.kubernetes.io/zone", zone).endMetadata();
        }
        return b.build();
    }
}
