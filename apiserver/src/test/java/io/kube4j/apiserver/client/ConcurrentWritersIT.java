package io.kube4j.apiserver.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.kube4j.apiserver.testing.ServerPerClass;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Many fabric8 writers on one object at once: optimistic concurrency lets exactly one writer win
 * each resourceVersion, and patches (which carry no resourceVersion) lose nothing.
 */
class ConcurrentWritersIT extends ServerPerClass {

    private static final int THREADS = 16;
    private static final int TARGET_UPDATES = 400;
    private static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(60);

    /** What one writer thread saw. */
    record WriterTally(int successes, int conflicts) {
    }

    @Test
    void readModifyWriteLoopsCountEveryWinExactlyOnce() throws Exception {
        String ns = Namespaces.create(client, "counter");
        var cms = client.configMaps().inNamespace(ns);
        cms.resource(new ConfigMapBuilder().withNewMetadata().withName("counter").endMetadata()
                .addToData("n", "0").build()).create();
        Map<String, Integer> winnerOf = new ConcurrentHashMap<>();
        List<String> doubleWins = java.util.Collections.synchronizedList(new ArrayList<>());
        Map<String, Integer> writtenVersions = new ConcurrentHashMap<>();
        AtomicInteger successes = new AtomicInteger();
        long deadline = System.nanoTime() + DEADLINE_NANOS;

        List<WriterTally> tallies = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(THREADS)) {
            List<Future<WriterTally>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int writer = t;
                futures.add(pool.submit(() -> {
                    int won = 0;
                    int lost = 0;
                    while (successes.get() < TARGET_UPDATES && System.nanoTime() < deadline) {
                        ConfigMap current = cms.withName("counter").get();
                        String readVersion = current.getMetadata().getResourceVersion();
                        int n = Integer.parseInt(current.getData().get("n"));
                        current.getData().put("n", Integer.toString(n + 1));
                        try {
                            ConfigMap written = cms.resource(current).update();
                            won++;
                            successes.incrementAndGet();
                            if (winnerOf.putIfAbsent(readVersion, writer) != null) {
                                doubleWins.add(readVersion);
                            }
                            writtenVersions.merge(written.getMetadata().getResourceVersion(), 1, Integer::sum);
                        } catch (KubernetesClientException e) {
                            if (e.getCode() != 409) {
                                throw e;
                            }
                            lost++;
                        }
                    }
                    return new WriterTally(won, lost);
                }));
            }
            for (Future<WriterTally> f : futures) {
                tallies.add(f.get(90, TimeUnit.SECONDS));
            }
        }

        int total = tallies.stream().mapToInt(WriterTally::successes).sum();
        int conflicts = tallies.stream().mapToInt(WriterTally::conflicts).sum();
        // the deadline may cut a run short on a loaded machine; a hundred contended wins still make the point
        assertThat(total).isEqualTo(successes.get()).isGreaterThanOrEqualTo(100);
        assertThat(conflicts).as("16 writers on one object must collide").isPositive();
        assertThat(doubleWins).as("resourceVersions won by more than one writer").isEmpty();
        assertThat(winnerOf).hasSize(total);
        assertThat(writtenVersions.values()).allMatch(c -> c == 1);
        assertThat(cms.withName("counter").get().getData()).containsEntry("n", Integer.toString(total));
        // more than one thread got through: the server is not serialising by accident of scheduling
        assertThat(tallies.stream().filter(t -> t.successes() > 0).count()).isGreaterThan(1);
    }

    @Test
    void concurrentPatchesWithoutResourceVersionLoseNothing() throws Exception {
        String ns = Namespaces.create(client, "patches");
        var cms = client.configMaps().inNamespace(ns);
        cms.resource(new ConfigMapBuilder().withNewMetadata().withName("shared").endMetadata()
                .addToData("seed", "0").build()).create();
        int perThread = 6;
        try (ExecutorService pool = Executors.newFixedThreadPool(THREADS)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int writer = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        String key = "w" + writer + "-" + i;
                        // alternate the patch types: all three merge into the latest object server-side
                        PatchContext type = switch (i % 3) {
                            case 0 -> PatchContext.of(PatchType.JSON_MERGE);
                            case 1 -> PatchContext.of(PatchType.STRATEGIC_MERGE);
                            default -> PatchContext.of(PatchType.JSON);
                        };
                        String body = type.getPatchType() == PatchType.JSON
                                ? "[{\"op\":\"add\",\"path\":\"/data/" + key + "\",\"value\":\"" + i + "\"}]"
                                : "{\"data\":{\"" + key + "\":\"" + i + "\"}}";
                        cms.withName("shared").patch(type, body);
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(90, TimeUnit.SECONDS);
            }
        }
        Map<String, String> data = cms.withName("shared").get().getData();
        assertThat(data).hasSize(THREADS * perThread + 1).containsEntry("seed", "0");
        for (int t = 0; t < THREADS; t++) {
            for (int i = 0; i < perThread; i++) {
                assertThat(data).containsEntry("w" + t + "-" + i, Integer.toString(i));
            }
        }
    }
}
