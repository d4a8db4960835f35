package io.kube4j.kubelet.pod;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/**
 * The kubelet's pod informer keeps trying when its first list fails (nothing listens on the
 * apiserver's port): fabric8's default would stop it for good, and the node would never run a pod.
 */
class PodInformerRetryTest {

    @Test
    void aFailedFirstListIsRetriedNotTheEndOfTheInformer() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: connections are refused
        }
        var config = new ConfigBuilder().withMasterUrl("https://127.0.0.1:" + port).withTrustCerts(true)
                .withRequestRetryBackoffLimit(0).withConnectionTimeout(1000).build();
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
            SharedIndexInformer<Pod> informer = PodLifecycle.podInformer(client, "n1");
            try {
                informer.start();
                Thread.sleep(3000); // several failed lists
                assertThat(informer.stopped().toCompletableFuture().isDone()).as("informer stopped").isFalse();
            } finally {
                informer.close();
            }
        }
    }
}
