package io.kube4j.scheduler.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/**
 * kube-scheduler's serving endpoints, {@code /metrics}, {@code /healthz}, {@code /livez} and
 * {@code /readyz}, on plain HTTP (upstream serves them over HTTPS on {@code --secure-port} 10259
 * with delegated authentication; kube4j binds loopback by default and serves them unauthenticated).
 * {@code /healthz} and {@code /livez} answer {@code ok} while the process runs; {@code /readyz}
 * answers {@code ok} when {@code ready} says so and 500 otherwise.
 *
 * <p>Owns its HTTP server and threads; {@link #close} stops them. Thread-safe.
 */
public final class HealthEndpoints implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HealthEndpoints.class);

    private final HttpServer server;
    private final ExecutorService threads;

    private HealthEndpoints(HttpServer server, ExecutorService threads) {
        this.server = server;
        this.threads = threads;
    }

    /**
     * Binds {@code address} (port 0 picks a free one) and starts serving.
     *
     * @throws IOException if the address cannot be bound
     */
    public static HealthEndpoints start(InetSocketAddress address, SchedulerMetrics metrics, BooleanSupplier ready)
            throws IOException {
        HttpServer server = HttpServer.create(address, 16);
        server.createContext("/metrics", exchange -> reply(exchange, 200,
                "text/plain; version=0.0.4; charset=utf-8", metrics.scrape()));
        server.createContext("/healthz", exchange -> ok(exchange));
        server.createContext("/livez", exchange -> ok(exchange));
        server.createContext("/readyz", exchange -> {
            if (ready.getAsBoolean()) {
                ok(exchange);
            } else {
                reply(exchange, 500, "text/plain; charset=utf-8",
                        "scheduler not ready\n".getBytes(StandardCharsets.UTF_8));
            }
        });
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(threads);
        server.start();
        LOG.info("scheduler serving /metrics, /healthz, /livez, /readyz on http://{}:{}",
                address.getHostString(), server.getAddress().getPort());
        return new HealthEndpoints(server, threads);
    }

    /** The bound port. */
    public int port() {
        return server.getAddress().getPort();
    }

    private static void ok(HttpExchange exchange) throws IOException {
        reply(exchange, 200, "text/plain; charset=utf-8", "ok".getBytes(StandardCharsets.UTF_8));
    }

    private static void reply(HttpExchange exchange, int code, String type, byte[] body) throws IOException {
        try (exchange) {
            exchange.getResponseHeaders().set("Content-Type", type);
            exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
            boolean head = "HEAD".equals(exchange.getRequestMethod());
            exchange.sendResponseHeaders(code, head ? -1 : body.length);
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
