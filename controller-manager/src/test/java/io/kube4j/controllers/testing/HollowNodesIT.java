package io.kube4j.controllers.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.kube4j.controllers.machinery.Pods;
import java.time.Duration;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The simulated nodes the controller ITs stand on: pods scheduled onto them run, end and go as a kubelet's would. */
class HollowNodesIT extends ClusterPerClass {

    private static HollowNodes nodes;

    @BeforeAll
    static void start() throws Exception {
        startCluster();
        cluster.scheduler();
        nodes = cluster.nodes(2);
    }

    private static Pod pod(String name, String exitCode) {
        var b = new PodBuilder().withNewMetadata().withName(name).withNamespace("default").endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("busybox").endContainer().endSpec();
        if (exitCode != null) {
            b.editMetadata().addToAnnotations(HollowNodes.EXIT_CODE_ANNOTATION, exitCode).endMetadata();
        }
        return client.pods().resource(b.build()).create();
    }

    private static Pod get(String name) {
        return client.pods().inNamespace("default").withName(name).get();
    }

    @Test
    void registersReadyNodesWithLeases() {
        assertThat(client.nodes().list().getItems()).extracting(n -> n.getMetadata().getName()).contains("hollow-0", "hollow-1");
        assertThat(client.leases().inNamespace("kube-node-lease").withName("hollow-0").get()).isNotNull();
    }

    @Test
    void scheduledPodsRunReadyAndDeletedPodsGo() {
        pod("runs", null);
        await().atMost(Duration.ofSeconds(30)).until(() -> Pods.ready(get("runs")));
        Pod running = get("runs");
        assertThat(Pods.phase(running)).isEqualTo("Running");
        assertThat(running.getStatus().getPodIP()).isNotBlank();
        client.pods().inNamespace("default").withName("runs").delete();
        await().atMost(Duration.ofSeconds(30)).until(() -> get("runs") == null);
    }

    @Test
    void annotatedPodsEndWithTheirExitCode() {
        pod("succeeds", "0");
        pod("fails", "3");
        await().atMost(Duration.ofSeconds(30)).until(() -> Pods.terminal(get("succeeds")) && Pods.terminal(get("fails")));
        assertThat(Pods.phase(get("succeeds"))).isEqualTo("Succeeded");
        Pod failed = get("fails");
        assertThat(Pods.phase(failed)).isEqualTo("Failed");
        assertThat(failed.getStatus().getContainerStatuses().get(0).getState().getTerminated().getExitCode()).isEqualTo(3);
    }

    @Test
    void aStoppedNodeStopsRenewingItsLease() throws Exception {
        nodes.stopHeartbeats("hollow-1");
        Thread.sleep(2500);
        ZonedDateTime frozen = client.leases().inNamespace("kube-node-lease").withName("hollow-1").get().getSpec().getRenewTime();
        Thread.sleep(4500);
        assertThat(client.leases().inNamespace("kube-node-lease").withName("hollow-1").get().getSpec().getRenewTime()).isEqualTo(frozen);
        ZonedDateTime live = client.leases().inNamespace("kube-node-lease").withName("hollow-0").get().getSpec().getRenewTime();
        assertThat(live).isAfter(frozen);
        nodes.resumeHeartbeats("hollow-1");
        assertThat(client.leases().inNamespace("kube-node-lease").withName("hollow-1").get().getSpec().getRenewTime()).isAfter(frozen);
    }
}
