package io.kube4j.apiserver.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.SharedInformerFactory;
import io.kube4j.apiserver.testing.ServerPerClass;
import io.kube4j.apiserver.testing.TcpRelay;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** fabric8 informers: list then watch, event handlers, the shared factory, and relisting after 410. */
@ServerPerClass.WatchCacheSize(InformerIT.WINDOW)
class InformerIT extends ServerPerClass {

    /** Small, so that a burst of writes while an informer is cut off pushes its resourceVersion out. */
    static final int WINDOW = 20;
    private static final Duration WAIT = Duration.ofSeconds(20);

    private static ConfigMap configMap(String ns, String name, String value) {
        return new ConfigMapBuilder().withNewMetadata().withNamespace(ns).withName(name).addToLabels("app", "inf")
                .endMetadata().addToData("v", value).build();
    }

    /** name -> resourceVersion of what the informer holds. */
    private static Map<String, String> cached(SharedIndexInformer<? extends HasMetadata> informer) {
        return informer.getStore().list().stream().collect(Collectors.toMap(o -> o.getMetadata().getName(),
                o -> o.getMetadata().getResourceVersion(), (a, b) -> a, TreeMap::new));
    }

    /** name -> resourceVersion of what the server holds. */
    private static Map<String, String> onServer(List<? extends HasMetadata> items) {
        return items.stream().collect(Collectors.toMap(o -> o.getMetadata().getName(),
                o -> o.getMetadata().getResourceVersion(), (a, b) -> a, TreeMap::new));
    }

    @Test
    void informerListsThenFollowsAddsUpdatesAndDeletes() {
        String ns = Namespaces.create(client, "inform");
        var cms = client.configMaps().inNamespace(ns);
        cms.resource(configMap(ns, "a", "1")).create();
        cms.resource(configMap(ns, "b", "1")).create();
        RecordingHandler<ConfigMap> handler = new RecordingHandler<>();
        try (SharedIndexInformer<ConfigMap> informer = cms.withLabel("app", "inf").inform(handler, 0)) {
            assertThat(informer.hasSynced()).isTrue();
            // fabric8 lists with resourceVersion=0 ("any"): the watch cache may not hold "b" yet,
            // and the watch that follows the list then delivers it.
            await().atMost(WAIT).untilAsserted(() -> assertThat(cached(informer)).containsOnlyKeys("a", "b"));
            await().atMost(WAIT).until(() -> handler.events().size() >= 2);
            assertThat(handler.events()).containsExactlyInAnyOrder("ADD a", "ADD b");

            cms.resource(configMap(ns, "c", "1")).create();
            cms.withName("a").edit(c -> new ConfigMapBuilder(c).addToData("v", "2").build());
            cms.withName("b").delete();
            await().atMost(WAIT).until(() -> handler.events().size() >= 5);
            assertThat(handler.events().subList(2, 5)).containsExactly("ADD c", "UPDATE a", "DELETE b");
            assertThat(cached(informer)).isEqualTo(onServer(cms.withLabel("app", "inf").list().getItems()));
            assertThat(informer.getStore().getByKey(ns + "/a").getData()).containsEntry("v", "2");
            // the informer's resourceVersion follows the watch
            assertThat(Long.parseLong(informer.lastSyncResourceVersion()))
                    .isGreaterThanOrEqualTo(Long.parseLong(cms.withName("c").get().getMetadata().getResourceVersion()));
        }
    }

    @Test
    void resyncRedeliversTheCacheWithoutNewVersions() {
        String ns = Namespaces.create(client, "resync");
        var cms = client.configMaps().inNamespace(ns);
        cms.resource(configMap(ns, "r", "1")).create();
        RecordingHandler<ConfigMap> handler = new RecordingHandler<>();
        try (SharedIndexInformer<ConfigMap> informer = cms.withLabel("app", "inf").inform(handler, 1_000)) {
            await().atMost(WAIT).until(() -> handler.events().contains("RESYNC r"));
            assertThat(handler.changes()).containsExactly("ADD r");
            assertThat(informer.isWatching()).isTrue();
        }
    }

    @Test
    void sharedInformerFactoryRunsOneInformerPerKind() throws Exception {
        String ns = Namespaces.create(client, "factory");
        client.configMaps().inNamespace(ns).resource(configMap(ns, "pre", "1")).create();
        SharedInformerFactory factory = client.informers().inNamespace(ns);
        SharedIndexInformer<ConfigMap> configMaps = factory.sharedIndexInformerFor(ConfigMap.class, 0);
        SharedIndexInformer<Secret> secrets = factory.sharedIndexInformerFor(Secret.class, 0);
        RecordingHandler<ConfigMap> cmEvents = new RecordingHandler<>();
        RecordingHandler<Secret> secretEvents = new RecordingHandler<>();
        configMaps.addEventHandler(cmEvents);
        secrets.addEventHandler(secretEvents);
        try {
            factory.startAllRegisteredInformers().get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(configMaps.hasSynced()).isTrue();
            assertThat(secrets.hasSynced()).isTrue();
            await().atMost(WAIT).untilAsserted(
                    () -> assertThat(cached(configMaps)).containsOnlyKeys("pre", "kube-root-ca.crt"));
            assertThat(cached(secrets)).isEmpty();

            client.secrets().inNamespace(ns).resource(new SecretBuilder().withNewMetadata().withName("s").endMetadata()
                    .addToStringData("k", "v").build()).create();
            client.configMaps().inNamespace(ns).withName("pre").delete();
            await().atMost(WAIT).until(() -> secretEvents.events().contains("ADD s")
                    && cmEvents.events().contains("DELETE pre"));
            assertThat(cached(secrets)).containsOnlyKeys("s");
            assertThat(cached(configMaps)).containsOnlyKeys("kube-root-ca.crt");
            assertThat(factory.getExistingSharedIndexInformer(ConfigMap.class)).isSameAs(configMaps);
        } finally {
            factory.stopAllRegisteredInformers();
        }
    }

    @Test
    void informerRelistsAfterItsResourceVersionExpiresAndConverges() throws Exception {
        String ns = Namespaces.create(client, "relist");
        var cms = client.configMaps().inNamespace(ns);
        for (String name : List.of("keep", "doomed", "changed")) {
            cms.resource(configMap(ns, name, "0")).create();
        }
        RecordingHandler<ConfigMap> handler = new RecordingHandler<>();
        try (TcpRelay relay = server.relay(); KubernetesClient cutOff = server.fabric8(relay);
                SharedIndexInformer<ConfigMap> informer = cutOff.configMaps().inNamespace(ns).withLabel("app", "inf")
                        .inform(handler, 0)) {
            await().atMost(WAIT).until(informer::isWatching);
            assertThat(cached(informer)).containsOnlyKeys("keep", "doomed", "changed");
            String before = informer.lastSyncResourceVersion();

            // drop the informer's watch and keep it off while more than a window of writes happens
            relay.refuse(true);
            relay.cutAll();
            cms.withName("doomed").delete();
            cms.resource(configMap(ns, "born", "0")).create();
            for (int i = 1; i <= WINDOW * 2; i++) {
                String value = Integer.toString(i);
                cms.withName("changed").edit(c -> new ConfigMapBuilder(c).addToData("v", value).build());
            }
            assertThat(cached(informer)).containsOnlyKeys("keep", "doomed", "changed");
            Map<String, String> expected = onServer(cms.withLabel("app", "inf").list().getItems());
            // counted after the test's own list: from here on only the informer lists configmaps
            double listsBefore = configMapLists();
            relay.refuse(false);

            // the resumed watch from `before` gets 410 Gone; the informer lists again and catches up
            await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(200))
                    .until(() -> cached(informer).equals(expected));
            assertThat(informer.getStore().getByKey(ns + "/changed").getData()).containsEntry("v", Integer.toString(WINDOW * 2));
            assertThat(configMapLists()).isGreaterThan(listsBefore);
            assertThat(Long.parseLong(informer.lastSyncResourceVersion())).isGreaterThan(Long.parseLong(before));
            await().atMost(WAIT).until(() -> handler.changes().containsAll(List.of("DELETE doomed", "ADD born")));
            await().atMost(WAIT).until(informer::isWatching);

            // and it is live again after the relist
            cms.resource(configMap(ns, "after", "0")).create();
            await().atMost(WAIT).until(() -> cached(informer).containsKey("after"));
        }
    }

    /** apiserver_request_total for LIST configmaps, summed over codes, from the server's /metrics. */
    private static double configMapLists() throws Exception {
        try (var http = server.http()) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(server.url() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            return response.body().lines()
                    .filter(l -> l.startsWith("apiserver_request_total{") && l.contains("verb=\"LIST\"")
                            && l.contains("resource=\"configmaps\""))
                    .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                    .sum();
        }
    }
}
