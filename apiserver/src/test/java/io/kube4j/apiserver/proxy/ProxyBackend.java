package io.kube4j.apiserver.proxy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * A JDK HTTP(S) server on loopback standing in for a pod, a service endpoint or a kubelet:
 * {@code /echo...} answers with what it received (method, path, query, headers, body, the client
 * certificate's subject), {@code /page} an HTML page with links, {@code /moved} a redirect,
 * {@code /stream} two chunks with the second held back until {@link #release} (so a test sees
 * the first before the second is written). Closed by the test.
 */
final class ProxyBackend implements AutoCloseable {

    private final HttpServer server;
    private final CountDownLatch release = new CountDownLatch(1);

    private ProxyBackend(HttpServer server) {
        this.server = server;
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    static ProxyBackend http() throws IOException {
        return new ProxyBackend(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0));
    }

    /** HTTPS asking for a client certificate (any is taken, as the kubelet defers its verdict). */
    static ProxyBackend https(SSLContext tls) throws IOException {
        HttpsServer s = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        s.setHttpsConfigurator(new HttpsConfigurator(tls) {
            @Override
            public void configure(HttpsParameters params) {
                params.setWantClientAuth(true);
            }
        });
        return new ProxyBackend(s);
    }

    int port() {
        return server.getAddress().getPort();
    }

    void release() {
        release.countDown();
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getRawPath();
        try (ex) {
            if (path.startsWith("/page")) {
                byte[] page = ("<html><body><a href=\"/docs/\">docs \u00e9\u20ac</a><img src=\"http://127.0.0.1:" + port()
                        + "/i.png\"><a href=\"https://example.com/\">out</a></body></html>").getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
                ex.getResponseHeaders().set("Access-Control-Allow-Origin", "*");
                ex.sendResponseHeaders(200, page.length);
                ex.getResponseBody().write(page);
            } else if (path.startsWith("/count")) {
                long n = 0;
                byte[] buffer = new byte[64 * 1024];
                int r;
                while ((r = ex.getRequestBody().read(buffer)) >= 0) {
                    n += r;
                }
                byte[] answer = (ex.getRequestMethod() + " bytes=" + n).getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(200, answer.length);
                ex.getResponseBody().write(answer);
            } else if (path.startsWith("/moved")) {
                ex.getResponseHeaders().set("Location", "http://127.0.0.1:" + port() + "/echo/after");
                ex.sendResponseHeaders(302, -1);
            } else if (path.startsWith("/stream")) {
                ex.getResponseHeaders().set("Content-Type", "text/plain");
                ex.sendResponseHeaders(200, 0);
                OutputStream out = ex.getResponseBody();
                out.write("first\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                try {
                    release.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                out.write("second\n".getBytes(StandardCharsets.UTF_8));
            } else {
                byte[] body = echo(ex).getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().set("Content-Type", "text/plain");
                ex.getResponseHeaders().set("X-Backend", "yes");
                if (ex.getRequestMethod().equals("HEAD")) {
                    // as Go servers do: the length a GET would have
                    ex.getResponseHeaders().set("Content-Length", Integer.toString(body.length));
                    ex.sendResponseHeaders(200, -1);
                } else {
                    ex.sendResponseHeaders(200, body.length);
                    ex.getResponseBody().write(body);
                }
            }
        }
    }

    private static String echo(HttpExchange ex) throws IOException {
        StringBuilder b = new StringBuilder();
        b.append("method=").append(ex.getRequestMethod()).append('\n');
        b.append("path=").append(ex.getRequestURI().getRawPath()).append('\n');
        b.append("query=").append(ex.getRequestURI().getRawQuery()).append('\n');
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.putAll(ex.getRequestHeaders());
        for (String h : List.of("Authorization", "X-Custom", "X-Forwarded-Uri", "X-Forwarded-For", "Impersonate-User")) {
            b.append(h.toLowerCase()).append('=').append(headers.get(h)).append('\n');
        }
        String subject = "none";
        if (ex instanceof HttpsExchange secure) {
            try {
                subject = ((X509Certificate) secure.getSSLSession().getPeerCertificates()[0]).getSubjectX500Principal()
                        .getName();
            } catch (SSLPeerUnverifiedException e) {
                subject = "unverified";
            }
        }
        b.append("client=").append(subject).append('\n');
        b.append("body=").append(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)).append('\n');
        return b.toString();
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
    }
}
