package io.kube4j.apiserver.testing;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kube4j.apiserver.ApiServer;
import io.kube4j.apiserver.ApiServerConfig;
import io.kube4j.apiserver.pki.ClusterPki;
import io.kube4j.apiserver.pki.TlsContexts;
import io.kube4j.store.mvcc.LocalKvStore;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The production apiserver (HTTPS, cluster PKI, x509 authentication, admin kubeconfig) over an
 * in-memory store on a free loopback port, for integration tests through real clients.
 *
 * <p>Owns the store, the server and the temporary data directory; {@link #close()} releases all
 * three. {@link #fabric8()} and {@link #http()} hand out new clients that the caller closes.
 * Thread-safe once started.
 */
public final class TestApiServer implements AutoCloseable {

    private static final long QUOTA_BYTES = 2L * 1024 * 1024 * 1024;

    private final Path dataDir;
    private final LocalKvStore kv;
    private final ApiServer server;
    private final ClusterPki pki;
    private boolean closed;

    private TestApiServer(Path dataDir, LocalKvStore kv, ApiServer server, ClusterPki pki) {
        this.dataDir = dataDir;
        this.kv = kv;
        this.server = server;
        this.pki = pki;
    }

    /** Starts with upstream-like defaults (watch cache window of 10,000 events). */
    public static TestApiServer start() throws Exception {
        return start(10_000);
    }

    /** Starts with a watch cache window of {@code watchCacheSize} events per resource (small = early 410s). */
    public static TestApiServer start(int watchCacheSize) throws Exception {
        return start(watchCacheSize, java.util.function.UnaryOperator.identity());
    }

    /** As {@link #start(int)}, with the settings changed by {@code tune} (e.g. a short event TTL). */
    public static TestApiServer start(int watchCacheSize, java.util.function.UnaryOperator<ApiServerConfig> tune) throws Exception {
        Path dir = Files.createTempDirectory("kube4j-apiserver-it-");
        LocalKvStore kv = new LocalKvStore(QUOTA_BYTES);
        ApiServerConfig config = tune.apply(new ApiServerConfig("127.0.0.1", 0, dir, List.of(), null, watchCacheSize));
        ApiServer server = ApiServer.start(kv, config);
        return new TestApiServer(dir, kv, server, ClusterPki.loadOrCreate(dir, List.of()));
    }

    /** {@code https://127.0.0.1:PORT}. */
    public URI url() {
        return server.url();
    }

    /** The admin kubeconfig the server wrote (for kubectl and other clients). */
    public Path kubeconfig() {
        return dataDir.resolve("kubeconfig.yaml");
    }

    /** The store underneath, for tests that compact it or look inside. */
    public LocalKvStore store() {
        return kv;
    }

    /** A new fabric8 client authenticated as the cluster admin. */
    public KubernetesClient fabric8() throws IOException {
        Config config = Config.fromKubeconfig(Files.readString(kubeconfig()));
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    /** A new fabric8 client authenticated as the cluster admin that reaches the server through {@code relay}. */
    public KubernetesClient fabric8(TcpRelay relay) throws IOException {
        Config config = Config.fromKubeconfig(Files.readString(kubeconfig()));
        config.setMasterUrl(relay.url().toString());
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    /** A new relay to this server, for tests that cut client connections; the caller closes it. */
    public TcpRelay relay() throws IOException {
        return TcpRelay.start(url());
    }

    /** A new JDK HTTP client (HTTP/2) presenting the admin client certificate and trusting the cluster CA. */
    public HttpClient http() {
        return HttpClient.newBuilder()
                .sslContext(TlsContexts.client(pki.admin(), pki.caCertificate()))
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    /** A TLS context presenting the admin client certificate and trusting the cluster CA, for raw connections. */
    public javax.net.ssl.SSLContext tls() {
        return TlsContexts.client(pki.admin(), pki.caCertificate());
    }

    /** Stops the server, then the store, and deletes the data directory; later calls do nothing. */
    @Override
    public synchronized void close() throws Exception {
        if (closed) {
            return;
        }
        closed = true;
        try {
            server.close();
        } finally {
            kv.close();
            try (var paths = Files.walk(dataDir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
