package io.kube4j.apiserver.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.kube4j.apiserver.http.ApiMetrics;
import io.kube4j.store.mvcc.LocalKvStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StorageLatencyTest {

    @Test
    void theTypeIsTheResourcePrefix() {
        assertThat(StorageLatency.typeOf("/registry/pods/default/web")).isEqualTo("/registry/pods");
        assertThat(StorageLatency.typeOf("/registry/pods/")).isEqualTo("/registry/pods");
        assertThat(StorageLatency.typeOf("/registry/namespaces")).isEqualTo("/registry/namespaces");
        assertThat(StorageLatency.typeOf("x")).isEqualTo("x");
    }

    @Test
    void everyStoreCallIsObservedWithItsOperation() {
        List<String> seen = new ArrayList<>();
        try (LocalKvStore kv = new LocalKvStore(64L * 1024 * 1024)) {
            ObjectStorage storage = new ObjectStorage(kv, (op, type, nanos) -> seen.add(op + " " + type));
            byte[] v = "{}".getBytes(StandardCharsets.UTF_8);
            storage.create("/registry/configmaps/default/a", v);
            storage.get("/registry/configmaps/default/a");
            storage.list("/registry/configmaps/", null, 0, 0);
            long rev = storage.get("/registry/configmaps/default/a").orElseThrow().modRevision();
            storage.update("/registry/configmaps/default/a", v, rev);
            storage.delete("/registry/configmaps/default/a", storage.get("/registry/configmaps/default/a").orElseThrow().modRevision());
        }
        assertThat(seen).containsExactly("create /registry/configmaps", "get /registry/configmaps",
                "list /registry/configmaps", "get /registry/configmaps", "update /registry/configmaps",
                "get /registry/configmaps", "delete /registry/configmaps");
    }

    @Test
    void theMetricsExposeEtcdRequestDuration() {
        ApiMetrics metrics = new ApiMetrics();
        metrics.observe("get", "/registry/pods", 3_000_000);
        String text = new String(metrics.scrape(), StandardCharsets.UTF_8);
        assertThat(text).contains("etcd_request_duration_seconds_bucket{operation=\"get\",type=\"/registry/pods\",le=\"0.005\"} 1");
    }
}
