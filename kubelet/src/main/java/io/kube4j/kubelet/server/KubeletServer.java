package io.kube4j.kubelet.server;

import io.fabric8.kubernetes.api.model.Pod;
import io.kube4j.apiserver.pki.TlsContexts;
import io.kube4j.kubelet.stats.NodeUsage;
import io.kube4j.kubelet.stats.SummaryProvider;
import io.kube4j.runtime.ContainerRuntime;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kubelet's HTTPS server (upstream's port 10250), which the apiserver calls for container logs,
 * exec, attach and port-forward, and which serves {@code /pods}, {@code /stats/summary} and
 * {@code /healthz}; see {@link KubeletHandler} for the routes and {@link KubeletAuth} for who may
 * call. HTTP/1.1 over TLS (WebSocket and SPDY/3.1 upgrades are HTTP/1.1 requests).
 *
 * <p>Lifecycle: {@link #start} binds and returns a running server; {@link #close} stops it, ending
 * open streams. Does not own the runtime. Thread-safe.
 */
public final class KubeletServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KubeletServer.class);

    private final Server jetty;
    private final ServerConnector connector;

    private KubeletServer(Server jetty, ServerConnector connector) {
        this.jetty = jetty;
        this.connector = connector;
    }

    /**
     * Starts serving.
     *
     * @param pods the pods this kubelet runs, for {@code /pods}
     * @throws IOException when the serving certificate cannot be read or written
     * @throws Exception when Jetty cannot bind
     */
    public static KubeletServer start(KubeletServerConfig config, ContainerRuntime runtime, Supplier<List<Pod>> pods)
            throws Exception {
        return start(config, runtime, pods, new SummaryProvider(config.nodeName(), runtime, new NodeUsage(Path.of("/proc"))),
                Duration.ofMillis(200));
    }

    /** As {@link #start(KubeletServerConfig, ContainerRuntime, Supplier)} with a given summary and log poll interval. */
    public static KubeletServer start(KubeletServerConfig config, ContainerRuntime runtime, Supplier<List<Pod>> pods,
            SummaryProvider summary, Duration logPollInterval) throws Exception {
        ServingCertificate.Loaded serving = ServingCertificate.loadOrCreate(config);
        QueuedThreadPool pool = new QueuedThreadPool(32, 4);
        pool.setName("kubelet-server");
        pool.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
        Server jetty = new Server(pool);

        HttpConfiguration http = new HttpConfiguration();
        http.setSecureScheme("https");
        http.setSendServerVersion(false);
        http.addCustomizer(new SecureRequestCustomizer(false));
        SslContextFactory.Server tls = new SslContextFactory.Server();
        // Client certificates are asked for, not required: the verdict is KubeletAuth's, per request (a 401, not a TLS alert).
        tls.setSslContext(TlsContexts.server(serving.leaf().privateKey(), serving.chain(), config.clientCa()));
        tls.setWantClientAuth(true);
        tls.setNeedClientAuth(false);
        HttpConnectionFactory http1 = new HttpConnectionFactory(http);
        ServerConnector connector = new ServerConnector(jetty, new SslConnectionFactory(tls, http1.getProtocol()), http1);
        String bind = config.bindAddress();
        connector.setHost(bind == null || bind.isEmpty() ? null : bind);
        connector.setPort(config.port());
        connector.setIdleTimeout(Duration.ofHours(4).toMillis());
        jetty.addConnector(connector);

        ServerWebSocketContainer webSockets = ServerWebSocketContainer.ensure(jetty);
        // Upstream's streaming idle timeout is 4 hours: an idle interactive shell stays open.
        webSockets.setIdleTimeout(Duration.ofHours(4));
        webSockets.setMaxBinaryMessageSize(4 * 1024 * 1024);
        jetty.setHandler(new KubeletHandler(new KubeletAuth(config), runtime, pods, summary, webSockets, logPollInterval));
        jetty.setStopTimeout(5_000);
        jetty.start();
        KubeletServer server = new KubeletServer(jetty, connector);
        LOG.info("kubelet server listening on https://{}:{}", bind == null ? "0.0.0.0" : bind, server.port());
        return server;
    }

    /** The bound port. */
    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() {
        try {
            jetty.stop();
        } catch (Exception e) {
            LOG.warn("kubelet server did not stop cleanly: {}", e.getMessage());
        }
    }
}
