package io.kube4j.apiserver.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kube4j.apiserver.testing.TestApiServer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code --event-ttl}: Events vanish once the TTL passes after their last write; other objects stay. */
class EventTtlIT {

    @Test
    void eventsExpireAfterTheTtlAndOtherObjectsStay() throws Exception {
        try (TestApiServer server = TestApiServer.start(10_000, c -> c.withEventTtl(Duration.ofSeconds(2)));
             KubernetesClient client = server.fabric8()) {
            client.v1().events().inNamespace("default").resource(new EventBuilder()
                    .withNewMetadata().withName("short-lived").endMetadata()
                    .withNewInvolvedObject().withKind("Pod").withName("p").withNamespace("default").endInvolvedObject()
                    .withReason("Test").withMessage("expires").withType("Normal").build()).create();
            client.configMaps().inNamespace("default").resource(new ConfigMapBuilder()
                    .withNewMetadata().withName("stays").endMetadata().build()).create();
            assertThat(client.v1().events().inNamespace("default").withName("short-lived").get()).isNotNull();
            long start = System.nanoTime();
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                    .until(() -> client.v1().events().inNamespace("default").withName("short-lived").get() == null);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(8));
            assertThat(client.configMaps().inNamespace("default").withName("stays").get()).isNotNull();
        }
    }
}
