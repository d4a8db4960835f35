package io.kube4j.kubelet.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kube4j.apiserver.testing.TestApiServer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Kubelet events written as core/v1 Events, repeats folded into count and lastTimestamp. */
class ApiKubeletEventsIT {

    private static TestApiServer api;
    private static KubernetesClient client;

    @BeforeAll
    static void start() throws Exception {
        api = TestApiServer.start();
        client = api.fabric8();
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        api.close();
    }

    private static List<Event> eventsOf(Pod pod) {
        return client.v1().events().inNamespace("default").list().getItems().stream()
                .filter(e -> pod.getMetadata().getUid().equals(e.getInvolvedObject().getUid())).toList();
    }

    @Test
    void writesEventsAndFoldsRepeats() {
        Pod pod = client.pods().inNamespace("default").resource(new PodBuilder()
                .withNewMetadata().withName("evented").withNamespace("default").endMetadata()
                .withNewSpec().withNodeName("node-e").addNewContainer().withName("app").withImage("busybox").endContainer().endSpec()
                .build()).create();
        try (ApiKubeletEvents events = new ApiKubeletEvents(client, "node-e", Clock.systemUTC())) {
            for (int i = 0; i < 3; i++) {
                events.pod(pod, "spec.containers{app}", "Warning", "BackOff", "Back-off restarting failed container app in pod x");
            }
            events.pod(pod, "spec.containers{app}", "Normal", "Started", "Started container app");

            await().atMost(Duration.ofSeconds(15)).until(() -> eventsOf(pod).size() == 2
                    && eventsOf(pod).stream().anyMatch(e -> e.getReason().equals("BackOff") && Integer.valueOf(3).equals(e.getCount())));
            Event backOff = eventsOf(pod).stream().filter(e -> e.getReason().equals("BackOff")).findFirst().orElseThrow();
            assertThat(backOff.getType()).isEqualTo("Warning");
            assertThat(backOff.getSource().getComponent()).isEqualTo("kubelet");
            assertThat(backOff.getSource().getHost()).isEqualTo("node-e");
            assertThat(backOff.getReportingComponent()).isEqualTo("kubelet");
            assertThat(backOff.getInvolvedObject().getKind()).isEqualTo("Pod");
            assertThat(backOff.getInvolvedObject().getName()).isEqualTo("evented");
            assertThat(backOff.getInvolvedObject().getFieldPath()).isEqualTo("spec.containers{app}");
            assertThat(backOff.getFirstTimestamp()).isNotNull();
            assertThat(backOff.getLastTimestamp()).isNotNull();
            assertThat(backOff.getMetadata().getName()).startsWith("evented.");
            assertThat(events.dropped()).isZero();
        }
    }
}
