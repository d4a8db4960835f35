package io.kube4j.apiserver.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher.Action;
import io.fabric8.kubernetes.client.WatcherException;
import io.kube4j.apiserver.testing.ServerPerClass;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Watches through fabric8 (WebSocket first) and the waits built on them. */
@ServerPerClass.WatchCacheSize(WatchIT.WINDOW)
class WatchIT extends ServerPerClass {

    /** Small enough that a test can push a resourceVersion out of the window with a few writes. */
    static final int WINDOW = 20;

    private static ConfigMap configMap(String ns, String name, String value) {
        return new ConfigMapBuilder().withNewMetadata().withNamespace(ns).withName(name).endMetadata()
                .addToData("v", value).build();
    }

    @Test
    void watchDeliversAddedModifiedDeletedInOrder() {
        String ns = Namespaces.create(client, "watch-order");
        var cms = client.configMaps().inNamespace(ns);
        RecordingWatcher<ConfigMap> watcher = new RecordingWatcher<>();
        try (Watch ignored = cms.withLabel("w").watch(watcher)) {
            cms.resource(new ConfigMapBuilder(configMap(ns, "a", "1")).editMetadata().addToLabels("w", "x").endMetadata()
                    .build()).create();
            cms.withName("a").edit(c -> new ConfigMapBuilder(c).addToData("v", "2").build());
            cms.resource(configMap(ns, "unlabelled", "1")).create();
            cms.withName("a").edit(c -> new ConfigMapBuilder(c).addToData("v", "3").build());
            cms.withName("a").delete();
            await().atMost(Duration.ofSeconds(10)).until(() -> watcher.events().size() >= 4);
        }
        assertThat(watcher.summary()).containsExactly("ADDED a", "MODIFIED a", "MODIFIED a", "DELETED a");
        List<RecordingWatcher.Event<ConfigMap>> events = watcher.events();
        assertThat(events).extracting(e -> e.object().getData().get("v")).containsExactly("1", "2", "3", "3");
        List<Long> versions = events.stream().map(e -> Long.parseLong(e.object().getMetadata().getResourceVersion())).toList();
        assertThat(versions).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void selectorWatchSeesObjectsEnterAndLeaveTheSelection() {
        String ns = Namespaces.create(client, "watch-selector");
        var cms = client.configMaps().inNamespace(ns);
        cms.resource(configMap(ns, "m", "1")).create();
        RecordingWatcher<ConfigMap> byLabel = new RecordingWatcher<>();
        RecordingWatcher<ConfigMap> byName = new RecordingWatcher<>();
        RecordingWatcher<ConfigMap> everywhere = new RecordingWatcher<>();
        CompletableFuture<String> leaving = new CompletableFuture<>();
        try (Watch a = cms.withLabel("tier", "gold").watch(byLabel); Watch b = cms.withName("m").watch(byName);
                Watch c = client.configMaps().inAnyNamespace().withLabel("tier").watch(everywhere)) {
            cms.withName("m").edit(x -> new ConfigMapBuilder(x).editMetadata().addToLabels("tier", "gold").endMetadata().build());
            cms.withName("m").edit(x -> new ConfigMapBuilder(x).addToData("v", "2").build());
            String leftAt = cms.withName("m").edit(x -> new ConfigMapBuilder(x).editMetadata().addToLabels("tier", "silver")
                    .endMetadata().build()).getMetadata().getResourceVersion();
            leaving.complete(leftAt);
            cms.withName("m").delete();
            await().atMost(Duration.ofSeconds(10)).until(() -> byLabel.events().size() >= 3
                    && byName.events().size() >= 5 && everywhere.events().size() >= 4);
        }
        // upstream turns "starts matching" into ADDED and "stops matching" into DELETED for a selector watch
        assertThat(byLabel.summary()).containsExactly("ADDED m", "MODIFIED m", "DELETED m");
        // ... and, like upstream's watch cache, the DELETED carries the last matching content at the new version
        ConfigMap left = byLabel.events().getLast().object();
        assertThat(left.getMetadata().getLabels()).containsEntry("tier", "gold");
        assertThat(left.getMetadata().getResourceVersion()).isEqualTo(leaving.join());
        // a watch without resourceVersion starts with a synthetic ADDED for what already matches
        assertThat(byName.summary()).containsExactly("ADDED m", "MODIFIED m", "MODIFIED m", "MODIFIED m", "DELETED m");
        assertThat(everywhere.summary()).containsExactly("ADDED m", "MODIFIED m", "MODIFIED m", "DELETED m");
    }

    @Test
    void watchFromAResourceVersionReplaysWhatCameAfter() {
        String ns = Namespaces.create(client, "watch-replay");
        var cms = client.configMaps().inNamespace(ns);
        String from = cms.resource(configMap(ns, "r", "1")).create().getMetadata().getResourceVersion();
        cms.withName("r").edit(c -> new ConfigMapBuilder(c).addToData("v", "2").build());
        cms.resource(configMap(ns, "s", "1")).create();
        cms.withName("r").delete();

        RecordingWatcher<ConfigMap> watcher = new RecordingWatcher<>();
        try (Watch ignored = cms.withResourceVersion(from).watch(watcher)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> watcher.events().size() >= 3);
            assertThat(watcher.summary()).containsExactly("MODIFIED r", "ADDED s", "DELETED r");
            // and then it goes on live
            cms.withName("s").edit(c -> new ConfigMapBuilder(c).addToData("v", "live").build());
            await().atMost(Duration.ofSeconds(10)).until(() -> watcher.events().size() >= 4);
        }
        assertThat(watcher.summary()).containsExactly("MODIFIED r", "ADDED s", "DELETED r", "MODIFIED s");
    }

    @Test
    void watchFromAResourceVersionOutsideTheWindowIsGone() throws Exception {
        String ns = Namespaces.create(client, "watch-gone");
        var cms = client.configMaps().inNamespace(ns);
        String from = cms.resource(configMap(ns, "g", "0")).create().getMetadata().getResourceVersion();
        for (int i = 1; i <= WINDOW * 2; i++) {
            int value = i;
            cms.withName("g").edit(c -> new ConfigMapBuilder(c).addToData("v", Integer.toString(value)).build());
        }
        RecordingWatcher<ConfigMap> watcher = new RecordingWatcher<>();
        try (Watch ignored = cms.withResourceVersion(from).watch(watcher)) {
            WatcherException cause = watcher.closed.get(10, TimeUnit.SECONDS);
            assertThat(cause).isNotNull();
            assertThat(cause.isHttpGone()).isTrue();
        }
        assertThat(watcher.events()).isEmpty();
    }

    @Test
    void streamingListEndsItsInitialEventsWithABookmark() {
        String ns = Namespaces.create(client, "watch-bookmark");
        var cms = client.configMaps().inNamespace(ns);
        cms.resource(configMap(ns, "b1", "1")).create();
        cms.resource(configMap(ns, "b2", "1")).create();
        RecordingWatcher<ConfigMap> watcher = new RecordingWatcher<>();
        try (Watch ignored = cms.watch(new ListOptionsBuilder().withAllowWatchBookmarks(true).withSendInitialEvents(true)
                .withResourceVersionMatch("NotOlderThan").build(), watcher)) {
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> watcher.events().stream().anyMatch(e -> e.action() == Action.BOOKMARK));
        }
        List<RecordingWatcher.Event<ConfigMap>> events = watcher.events();
        // kube-root-ca.crt lives in every namespace too
        assertThat(events.subList(0, events.size() - 1)).extracting(e -> e.action()).containsOnly(Action.ADDED);
        assertThat(events.subList(0, events.size() - 1)).extracting(RecordingWatcher.Event::name)
                .contains("b1", "b2");
        ConfigMap bookmark = events.getLast().object();
        assertThat(events.getLast().action()).isEqualTo(Action.BOOKMARK);
        assertThat(bookmark.getMetadata().getAnnotations()).containsEntry("k8s.io/initial-events-end", "true");
        assertThat(bookmark.getMetadata().getResourceVersion()).isNotBlank();
    }

    @Test
    void waitUntilConditionSeesALaterUpdate() {
        String ns = Namespaces.create(client, "wait-condition");
        var cms = client.configMaps().inNamespace(ns);
        cms.resource(configMap(ns, "c", "pending")).create();
        CompletableFuture<ConfigMap> waited = CompletableFuture.supplyAsync(() -> cms.withName("c")
                .waitUntilCondition(c -> c != null && "done".equals(c.getData().get("v")), 15, TimeUnit.SECONDS));
        sleep(300);
        cms.withName("c").edit(c -> new ConfigMapBuilder(c).addToData("v", "working").build());
        cms.withName("c").edit(c -> new ConfigMapBuilder(c).addToData("v", "done").build());
        assertThat(waited.orTimeout(20, TimeUnit.SECONDS).join().getData()).containsEntry("v", "done");

        CompletableFuture<ConfigMap> gone = CompletableFuture.supplyAsync(() -> cms.withName("c")
                .waitUntilCondition(Objects::isNull, 15, TimeUnit.SECONDS));
        sleep(300);
        cms.withName("c").delete();
        assertThat(gone.orTimeout(20, TimeUnit.SECONDS).join()).isNull();
    }

    @Test
    void waitUntilReadyReturnsOnceThePodReportsReady() {
        String ns = Namespaces.create(client, "wait-ready");
        var pods = client.pods().inNamespace(ns);
        pods.resource(new PodBuilder().withNewMetadata().withName("r").endMetadata()
                .withSpec(KindCase.podSpec("Always")).build()).create();
        assertThat(pods.withName("r").isReady()).isFalse();
        CompletableFuture<Pod> ready = CompletableFuture.supplyAsync(
                () -> pods.withName("r").waitUntilReady(15, TimeUnit.SECONDS));
        sleep(300);
        pods.withName("r").editStatus(p -> new PodBuilder(p).editStatus().withPhase("Running")
                .addToConditions(new PodConditionBuilder().withType("Ready").withStatus("True").build())
                .endStatus().build());
        Pod pod = ready.orTimeout(20, TimeUnit.SECONDS).join();
        assertThat(pod.getStatus().getPhase()).isEqualTo("Running");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
