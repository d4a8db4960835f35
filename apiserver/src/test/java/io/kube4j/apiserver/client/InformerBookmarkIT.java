package io.kube4j.apiserver.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.kube4j.apiserver.testing.ServerPerClass;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Periodic watch bookmarks as a fabric8 informer consumes them: an informer on a quiet namespace
 * still moves its resourceVersion forward while other namespaces change, so a later reconnect
 * resumes inside the window instead of relisting. Slow by nature (the server bookmarks watches
 * idle for a minute, as upstream does), so it has a class of its own.
 */
class InformerBookmarkIT extends ServerPerClass {

    private static ConfigMap configMap(String name) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata().addToData("k", "v").build();
    }

    @Test
    void aQuietInformerFollowsTheClusterThroughBookmarks() {
        String quiet = Namespaces.create(client, "quiet");
        String busy = Namespaces.create(client, "busy");
        client.configMaps().inNamespace(quiet).resource(configMap("only")).create();
        RecordingHandler<ConfigMap> handler = new RecordingHandler<>();
        try (SharedIndexInformer<ConfigMap> informer = client.configMaps().inNamespace(quiet).inform(handler, 0)) {
            long synced = Long.parseLong(informer.lastSyncResourceVersion());
            String last = null;
            for (int i = 0; i < 5; i++) {
                last = client.configMaps().inNamespace(busy).resource(configMap("c" + i)).create().getMetadata()
                        .getResourceVersion();
            }
            long busyVersion = Long.parseLong(last);
            assertThat(busyVersion).isGreaterThan(synced);

            // nothing in `quiet` changes, so only a bookmark can carry the informer past busyVersion
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> Long.parseLong(informer.lastSyncResourceVersion()) >= busyVersion);
            assertThat(handler.changes()).containsExactlyInAnyOrder("ADD only", "ADD kube-root-ca.crt");
            assertThat(informer.isWatching()).isTrue();
        }
    }
}
