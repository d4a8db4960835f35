package io.kube4j.apiserver.watch;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.kube4j.apiserver.testing.TcpRelay;
import io.kube4j.apiserver.json.KubeJson;
import io.kube4j.apiserver.testing.TestApiServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Collections;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Informers stay consistent with the server under a burst of concurrent pod writes: the
 * controller-manager benchmark's shape (pods created, bound, then status-patched Running + Ready by
 * 64 concurrent writers while a rolling update deletes and creates other pods). Afterwards every
 * informer's store must hold exactly what a fresh LIST returns, resourceVersion for resourceVersion:
 * an informer that missed one MODIFIED keeps the older object forever (it never relists).
 *
 * <p>A soak, not in the default suite (a loaded 2-core machine can push one request past fabric8's
 * 10 s timeout): run it on demand with {@code -Dit.test=WatchConsistencySoak}.
 */
class WatchConsistencySoak {

    private static final int WRITERS = 64;
    private static final int PODS = 1000;
    private static final int CHURN = 500;
    private static final long ROUND_DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(50);

    private static TestApiServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = TestApiServer.start();
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    private static KubernetesClient client(TcpRelay relay) throws Exception {
        Config config = Config.fromKubeconfig(Files.readString(server.kubeconfig()));
        if (relay != null) {
            config.setMasterUrl(relay.url().toString());
        }
        config.setMaxConcurrentRequests(256);
        config.setMaxConcurrentRequestsPerHost(256);
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    private static Pod pod(String ns, String name) {
        return new PodBuilder().withNewMetadata().withNamespace(ns).withName(name).addToLabels("app", "wc")
                .endMetadata().withNewSpec().addNewContainer().withName("c").withImage("busybox").endContainer()
                .endSpec().build();
    }

    private static final String READY = """
            {"status":{"phase":"Running","podIP":"10.0.0.%d","conditions":[
            {"type":"Ready","status":"True"},{"type":"ContainersReady","status":"True"}]}}""";

    /** name -> resourceVersion. */
    private static Map<String, String> versions(List<? extends HasMetadata> items) {
        return items.stream().collect(Collectors.toMap(o -> o.getMetadata().getName(),
                o -> o.getMetadata().getResourceVersion(), (a, b) -> a, TreeMap::new));
    }

    /** What differs between an informer's store and the server: name -> "informer rv / server rv". */
    private static Map<String, String> diff(Map<String, String> informer, Map<String, String> truth) {
        Map<String, String> out = new TreeMap<>();
        truth.forEach((k, v) -> {
            if (!v.equals(informer.get(k))) {
                out.put(k, informer.get(k) + " / " + v);
            }
        });
        informer.forEach((k, v) -> {
            if (!truth.containsKey(k)) {
                out.put(k, v + " / (gone)");
            }
        });
        return out;
    }

    /**
     * A raw chunked watch over HTTP/2 (no fabric8): checks the stream itself — resourceVersions never go
     * back — and folds it into name -> resourceVersion.
     */
    private static final class RawWatch implements AutoCloseable {
        final Map<String, String> state = new java.util.concurrent.ConcurrentHashMap<>();
        final List<String> violations = Collections.synchronizedList(new ArrayList<>());
        private final Stream<String> lines;
        private final Thread reader;
        private volatile boolean closed;

        RawWatch(String ns, String fromRv) throws Exception {
            HttpRequest request = HttpRequest.newBuilder(URI.create(server.url() + "/api/v1/namespaces/" + ns
                    + "/pods?watch=true&allowWatchBookmarks=true&resourceVersion=" + fromRv)).build();
            lines = server.http().send(request, HttpResponse.BodyHandlers.ofLines()).body();
            reader = Thread.ofPlatform().daemon().start(() -> {
                long last = Long.parseLong(fromRv);
                try {
                    for (String line : (Iterable<String>) lines::iterator) {
                        if (line.isBlank()) {
                            continue;
                        }
                        JsonNode event = KubeJson.json().readTree(line);
                        String type = event.path("type").asString("");
                        JsonNode meta = event.path("object").path("metadata");
                        long rv = Long.parseLong(meta.path("resourceVersion").asString("0"));
                        if (rv < last || (rv == last && !type.equals("BOOKMARK"))) {
                            violations.add(type + " " + meta.path("name").asString("") + " at " + rv + " after " + last);
                        }
                        last = rv;
                        switch (type) {
                            case "ADDED", "MODIFIED" -> state.put(meta.path("name").asString(""), Long.toString(rv));
                            case "DELETED" -> state.remove(meta.path("name").asString(""));
                            case "BOOKMARK" -> { }
                            default -> violations.add("unexpected " + line);
                        }
                    }
                } catch (RuntimeException e) {
                    if (!closed) {
                        violations.add("stream failed: " + e);
                    }
                }
            });
        }

        @Override
        public void close() {
            closed = true;
            lines.close();
        }
    }

    @Test
    void informersMatchAFreshListAfterConcurrentCreatesBindsAndStatusPatches() throws Exception {
        try (TcpRelay relay = server.relay();
                KubernetesClient writer = client(null);
                KubernetesClient direct = client(null);
                KubernetesClient relayed = client(relay);
                ExecutorService pool = Executors.newFixedThreadPool(WRITERS)) {
            for (int round = 0; round < 3; round++) {
                String ns = "wc-" + round;
                writer.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata()
                        .build()).create();
                AtomicInteger handled = new AtomicInteger();
                ResourceEventHandler<Pod> counting = new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(Pod obj) {
                        handled.incrementAndGet();
                    }

                    @Override
                    public void onUpdate(Pod oldObj, Pod newObj) {
                        handled.incrementAndGet();
                    }

                    @Override
                    public void onDelete(Pod obj, boolean deletedFinalStateUnknown) {
                        handled.incrementAndGet();
                    }
                };
                // one informer per namespace (as a controller's), one over all namespaces, one through a cuttable relay
                try (SharedIndexInformer<Pod> inNs = direct.pods().inNamespace(ns).inform(counting, 0);
                        SharedIndexInformer<Pod> all = direct.pods().inAnyNamespace().inform(counting, 0);
                        SharedIndexInformer<Pod> cut = relayed.pods().inNamespace(ns).inform(counting, 0);
                        SharedIndexInformer<Pod> slow = direct.resources(Pod.class).inAnyNamespace().runnableInformer(1000)) {
                    // as the controller manager's Fabric8Informers: a resync period, started, an index added while
                    // events flow; this one's index is slow, so the server's writes to it wait on the network
                    slow.addEventHandler(counting);
                    slow.start();
                    AtomicInteger indexed = new AtomicInteger();
                    String listRv = writer.pods().inNamespace(ns).list().getMetadata().getResourceVersion();
                    RawWatch raw = new RawWatch(ns, listRv);
                    long deadline = System.nanoTime() + ROUND_DEADLINE_NANOS;
                    List<Future<?>> work = new ArrayList<>();
                    var pods = writer.pods().inNamespace(ns);
                    for (int i = 0; i < PODS; i++) {
                        int n = i;
                        work.add(pool.submit(() -> {
                            if (System.nanoTime() > deadline) {
                                return;
                            }
                            String name = "p-" + n;
                            pods.resource(pod(ns, name)).create();
                            pods.withName(name).patch(PatchContext.of(PatchType.JSON_MERGE),
                                    "{\"metadata\":{\"annotations\":{\"bound-to\":\"node-" + (n % 8) + "\"}}}");
                            pods.withName(name).subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE),
                                    READY.formatted(n % 250));
                        }));
                        if (i < CHURN) {
                            work.add(pool.submit(() -> {
                                if (System.nanoTime() > deadline) {
                                    return;
                                }
                                String name = "old-" + n;
                                pods.resource(pod(ns, name)).create();
                                pods.withName(name).subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE),
                                        READY.formatted(n % 250));
                                pods.withName(name).withGracePeriod(0).delete();
                            }));
                        }
                    }
                    Thread.sleep(300);
                    slow.addIndexers(Map.of("slow", p -> {
                        if (indexed.incrementAndGet() % 4 == 0) {
                            try {
                                Thread.sleep(3);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        }
                        return List.of(String.valueOf(p.getMetadata().getNamespace()));
                    }));
                    // cut the relayed informer's connections while the writes go on: it resumes from its last resourceVersion
                    int cuts = 0;
                    while (!work.stream().allMatch(Future::isDone) && System.nanoTime() < deadline + TimeUnit.SECONDS.toNanos(10)) {
                        Thread.sleep(400 + 300 * (cuts % 3));
                        relay.cutAll();
                        cuts++;
                    }
                    for (Future<?> f : work) {
                        f.get(60, TimeUnit.SECONDS);
                    }
                    System.out.printf("round %d: %d relay cuts%n", round, cuts);
                    Map<String, String> truth = versions(pods.list().getItems());
                    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                    Map<String, String> dIn;
                    Map<String, String> dAll;
                    Map<String, String> dCut;
                    Map<String, String> dSlow;
                    Map<String, String> dRaw;
                    do {
                        Thread.sleep(200);
                        dIn = diff(versions(inNs.getStore().list()), truth);
                        dAll = diff(versions(all.getStore().list().stream()
                                .filter(p -> ns.equals(p.getMetadata().getNamespace())).toList()), truth);
                        dCut = diff(versions(cut.getStore().list()), truth);
                        dSlow = diff(versions(slow.getIndexer().byIndex("slow", ns)), truth);
                        dRaw = diff(new TreeMap<>(raw.state), truth);
                    } while ((!dIn.isEmpty() || !dAll.isEmpty() || !dCut.isEmpty() || !dSlow.isEmpty() || !dRaw.isEmpty())
                            && System.nanoTime() < until);
                    assertThat(dIn).as("round %d: namespace informer vs LIST", round).isEmpty();
                    assertThat(dAll).as("round %d: all-namespaces informer vs LIST", round).isEmpty();
                    assertThat(dCut).as("round %d: relayed informer vs LIST", round).isEmpty();
                    assertThat(dSlow).as("round %d: slow-indexed informer vs LIST", round).isEmpty();
                    raw.close();
                    assertThat(raw.violations).as("round %d: raw watch stream order", round).isEmpty();
                    assertThat(dRaw).as("round %d: raw chunked watch vs LIST", round).isEmpty();
                }
            }
        }
    }
}
