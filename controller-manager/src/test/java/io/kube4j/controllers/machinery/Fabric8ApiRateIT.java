package io.kube4j.controllers.machinery;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.kube4j.controllers.testing.ClusterPerClass;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The client-side rate limit of the controllers' writes: a burst goes at once, the rest at the rate. */
class Fabric8ApiRateIT extends ClusterPerClass {

    @BeforeAll
    static void start() throws Exception {
        startCluster();
    }

    @Test
    void writesBeyondTheBurstArePacedAtTheRate() {
        Fabric8Api api = new Fabric8Api(client, 10, 5);
        long start = System.nanoTime();
        for (int i = 0; i < 15; i++) {
            api.create(new ConfigMapBuilder().withNewMetadata().withName("paced-" + i).withNamespace("default").endMetadata().build());
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        // 5 at once, then 10 more at 10 per second: about a second.
        assertThat(took).isBetween(Duration.ofMillis(850), Duration.ofSeconds(10));
        assertThat(client.configMaps().inNamespace("default").withName("paced-14").get()).isNotNull();
        assertThat(api.get(ConfigMap.class, "default", "paced-0")).isNotNull();
    }
}
