package io.kube4j.controllers.podgc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.kube4j.controllers.machinery.ControllerOptions;
import io.kube4j.controllers.machinery.Pods;
import io.kube4j.controllers.testing.HollowNodes;
import io.kube4j.controllers.testing.ClusterPerClass;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Terminated pods beyond the threshold are deleted, oldest first. */
class PodGcIT extends ClusterPerClass {


    @BeforeAll
    static void start() throws Exception {
        startCluster();
        cluster.nodes(1, "gc");
    }

    private static Pod get(String name) {
        return client.pods().inNamespace("default").withName(name).get();
    }

    @Test
    void keepsOnlyTheNewestTerminatedPods() throws Exception {
        for (String name : List.of("first", "second", "third")) {
            client.pods().resource(new PodBuilder().withNewMetadata().withName(name).withNamespace("default")
                    .addToAnnotations(HollowNodes.EXIT_CODE_ANNOTATION, "0").endMetadata()
                    .withNewSpec().withNodeName("gc-0").addNewContainer().withName("c").withImage("busybox").endContainer().endSpec()
                    .build()).create();
            Thread.sleep(1100); // creationTimestamp has a one-second resolution: make the order certain
        }
        client.pods().resource(new PodBuilder().withNewMetadata().withName("running").withNamespace("default").endMetadata()
                .withNewSpec().withNodeName("gc-0").addNewContainer().withName("c").withImage("busybox").endContainer().endSpec()
                .build()).create();
        await().atMost(Duration.ofSeconds(20)).until(() -> List.of("first", "second", "third").stream()
                .allMatch(n -> "Succeeded".equals(Pods.phase(get(n)))) && Pods.ready(get("running")));

        cluster.controllers(ControllerOptions.defaults().withTerminatedPodGcThreshold(1), List.of(PodGcController::new));
        await().atMost(Duration.ofSeconds(15)).until(() -> get("first") == null && get("second") == null);
        assertThat(get("third")).isNotNull();
        assertThat(get("running")).isNotNull();
    }
}
