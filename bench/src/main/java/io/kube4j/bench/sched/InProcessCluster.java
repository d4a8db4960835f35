package io.kube4j.bench.sched;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kube4j.apiserver.ApiServer;
import io.kube4j.apiserver.ApiServerConfig;
import io.kube4j.store.mvcc.LocalKvStore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

/**
 * kube4j's in-memory store and the production apiserver (HTTPS, admin kubeconfig) on a free
 * loopback port, in this JVM, so that one JFR recording sees the scheduler and the API together.
 * Owns the store, the server and the temporary directory; {@link #close()} releases all three.
 */
final class InProcessCluster implements AutoCloseable {

    private static final long QUOTA_BYTES = 4L * 1024 * 1024 * 1024;

    private final Path dir;
    private final LocalKvStore kv;
    private final ApiServer server;

    private InProcessCluster(Path dir, LocalKvStore kv, ApiServer server) {
        this.dir = dir;
        this.kv = kv;
        this.server = server;
    }

    static InProcessCluster start() throws Exception {
        Path dir = Files.createTempDirectory("kube4j-sched-bench-");
        // A harness stopped by a signal never reaches close(): the directory (and, in --nodes
        // hollow, the hollow nodes' state under it) goes all the same.
        io.kube4j.bench.ProcessReaper.deleteOnAbort(dir);
        LocalKvStore kv = new LocalKvStore(QUOTA_BYTES);
        ApiServerConfig config = new ApiServerConfig("127.0.0.1", 0, dir, List.of(), null, 10_000);
        return new InProcessCluster(dir, kv, ApiServer.start(kv, config));
    }

    /**
     * A new admin client (the caller closes it) with fabric8's request concurrency raised, as
     * upstream's scheduler_perf raises client QPS, so the client is not what is measured.
     */
    KubernetesClient client() throws IOException {
        Config config = Config.fromKubeconfig(Files.readString(kubeconfig()));
        config.setMaxConcurrentRequests(512);
        config.setMaxConcurrentRequestsPerHost(512);
        config.setRequestTimeout(60_000);
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    /** The admin kubeconfig (for processes started against this cluster, e.g. hollow nodes). */
    Path kubeconfig() {
        return dir.resolve("kubeconfig.yaml");
    }

    /** The cluster's temporary directory, deleted by {@link #close()}. */
    Path dir() {
        return dir;
    }

    @Override
    public void close() throws Exception {
        try {
            server.close();
        } finally {
            kv.close();
            try (var paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
            io.kube4j.bench.ProcessReaper.keep(dir); // gone: nothing left for the shutdown hook
        }
    }
}
