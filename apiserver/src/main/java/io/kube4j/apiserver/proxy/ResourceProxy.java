package io.kube4j.apiserver.proxy;

import io.kube4j.apiserver.errors.ApiException;
import io.kube4j.apiserver.http.Call;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code proxy} subresources of nodes, pods and services: every method (GET, HEAD, POST, PUT,
 * PATCH, DELETE, OPTIONS) and the path after {@code /proxy} sent on to the target
 * {@link ProxyLocations} resolves, as upstream's {@code UpgradeAwareHandler} with its wrapping
 * {@code proxy.Transport}: the query and body passed through (the body streamed), hop-by-hop
 * headers, the client's {@code Authorization} and impersonation headers dropped, an
 * {@code X-Forwarded-Uri} and {@code X-Forwarded-For} added; the answer streamed back as it
 * arrives (flushed per read), redirects not followed but their {@code Location} rewritten to go
 * through the proxy, {@code text/html} bodies' links rewritten likewise ({@link ProxyLinks}), CORS
 * headers dropped. {@code .../proxy} without a trailing path is redirected (301) to {@code .../proxy/}.
 * A target that cannot be reached is 503 "error trying to reach service: ...". Upgrade requests
 * (WebSocket, SPDY) are refused (400). Thread-safe.
 */
public final class ResourceProxy {

    private static final Logger LOG = LoggerFactory.getLogger(ResourceProxy.class);
    /** Request headers never sent on: hop-by-hop ones, the credentials the apiserver consumed, and those the JDK client sets itself. */
    private static final List<String> DROPPED_REQUEST = List.of("connection", "proxy-connection", "keep-alive",
            "proxy-authenticate", "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "host",
            "content-length", "expect", "authorization", "x-forwarded-uri");
    private static final List<String> DROPPED_RESPONSE = List.of("connection", "proxy-connection", "keep-alive",
            "proxy-authenticate", "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "date",
            "access-control-allow-credentials", "access-control-allow-headers", "access-control-allow-methods",
            "access-control-allow-origin", ":status");
    /** Resource path segments before the subpath: api, v1, [namespaces, NS,] RESOURCE, NAME, proxy. */
    private static final int CLUSTER_SEGMENTS = 5;
    private static final int NAMESPACED_SEGMENTS = 7;

    private final ProxyLocations locations;
    private final KubeletClient kubelets;
    private final KubeletClient plain;

    /**
     * @param kubelets the client with the apiserver's kubelet client certificate (nodes' kubelet port)
     * @param plain    the client for pods, services and other node ports (no client certificate,
     *                 serving certificates not verified, as upstream's proxy transport); owned by the
     *                 caller; null: the process's shared one
     */
    public ResourceProxy(ProxyLocations locations, KubeletClient kubelets, KubeletClient plain) {
        this.locations = locations;
        this.kubelets = kubelets;
        this.plain = plain;
    }

    /**
     * A proxy over the apiserver's own objects, with a random endpoint choice and the process's
     * one plain proxy client (created on first use and kept for the life of the process, as Go's
     * shared transport: apiservers come and go in tests without leaking clients).
     */
    public static ResourceProxy of(ProxyObjects objects, KubeletClient kubelets) {
        return new ResourceProxy(new ProxyLocations(objects,
                // the calling thread's generator at each call (a captured ThreadLocalRandom is not for other threads)
                (java.util.random.RandomGenerator) () -> ThreadLocalRandom.current().nextLong()), kubelets, null);
    }

    /** The shared plain client, built when first needed (class initialization makes that thread-safe). */
    private static final class SharedPlainClient {
        static final KubeletClient INSTANCE = KubeletClient.create(null);
    }

    /** Serves one {@code nodes|pods|services/NAME/proxy[/PATH]} request. */
    public void handle(Call call) {
        Request request = call.request();
        String upgrade = request.getHeaders().get(HttpHeader.UPGRADE);
        if (upgrade != null && !upgrade.isBlank()) {
            throw new ApiException.BadRequest("upgrade requests (" + upgrade
                    + ") through the proxy subresources are not supported by this server");
        }
        String plural = call.resource().type().plural();
        String name = call.info().name();
        ProxyTarget target = switch (plural) {
            case "nodes" -> locations.node(name);
            case "pods" -> locations.pod(call.info().namespace(), name);
            case "services" -> locations.service(call.info().namespace(), name);
            default -> throw new ApiException.NotFound("the server could not find the requested resource");
        };
        String rawPath = request.getHttpURI().getPath();
        int split = subpathStart(rawPath, call.info().namespace() == null ? CLUSTER_SEGMENTS : NAMESPACED_SEGMENTS);
        String prefix = rawPath.substring(0, split);
        String subpath = rawPath.substring(split);
        String rawQuery = request.getHttpURI().getQuery();
        String query = rawQuery == null || rawQuery.isEmpty() ? "" : "?" + rawQuery;
        if (subpath.isEmpty()) {
            // upstream's redirect of an empty path to one ending in '/' (kubernetes issue 4958)
            call.response().setStatus(301);
            call.response().getHeaders().put(HttpHeader.LOCATION, rawPath + "/" + query);
            call.response().write(true, null, call.callback());
            return;
        }
        URI uri;
        try {
            uri = URI.create(target.base() + subpath + query);
        } catch (IllegalArgumentException e) {
            throw new ApiException.BadRequest("invalid proxy path or query: " + e.getMessage());
        }
        // a long-running request (upstream's proxy has no deadline): a slow backend or a long
        // stream must not be cut by the connector's idle timeout
        request.addIdleTimeoutListener(t -> false);
        HttpResponse<InputStream> response = send(call, target, uri, prefix, subpath);
        // HTTP/2 requests name their host in :authority, which Jetty keeps in the URI, not in a Host field
        String clientHost = request.getHeaders().get(HttpHeader.HOST);
        if (clientHost == null) {
            clientHost = request.getHttpURI().getAuthority();
        }
        relay(call, response, new ProxyLinks(prefix, authority(target.base()), clientHost));
    }

    private HttpResponse<InputStream> send(Call call, ProxyTarget target, URI uri, String prefix, String subpath) {
        Request request = call.request();
        HttpRequest.Builder out = HttpRequest.newBuilder(uri).method(request.getMethod(), body(request));
        String forwardedFor = null;
        for (HttpField field : request.getHeaders()) {
            String lower = field.getName().toLowerCase(Locale.ROOT);
            if (DROPPED_REQUEST.contains(lower) || lower.startsWith("impersonate-") || connectionListed(request, lower)) {
                continue;
            }
            if (lower.equals("x-forwarded-for")) {
                forwardedFor = forwardedFor == null ? field.getValue() : forwardedFor + ", " + field.getValue();
                continue;
            }
            try {
                out.header(field.getName(), field.getValue());
            } catch (IllegalArgumentException e) {
                LOG.debug("header {} not passed on: {}", field.getName(), e.getMessage());
            }
        }
        String client = Request.getRemoteAddr(request);
        out.header("X-Forwarded-For", forwardedFor == null ? client : forwardedFor + ", " + client);
        String forwardedUri = ProxyLinks.clean(prefix + subpath);
        out.header("X-Forwarded-Uri", subpath.endsWith("/") && !forwardedUri.endsWith("/") ? forwardedUri + "/"
                : forwardedUri);
        try {
            KubeletClient via = target.kubelet() ? kubelets : plain != null ? plain : SharedPlainClient.INSTANCE;
            return via.send(out.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new ApiException.ServiceUnavailable("error trying to reach service: " + dialError(uri, e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException.ServiceUnavailable("error trying to reach service: interrupted");
        }
    }

    /**
     * The client's body, streamed: with its length when known, else chunked. An HTTP/2 body of
     * unknown length announces itself by no header, so only a GET or HEAD without
     * {@code Transfer-Encoding} is taken to have none.
     */
    private static HttpRequest.BodyPublisher body(Request request) {
        long length = request.getLength();
        boolean chunked = request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING);
        boolean bodiless = request.getMethod().equals("GET") || request.getMethod().equals("HEAD");
        if (length == 0 || length < 0 && !chunked && bodiless) {
            return HttpRequest.BodyPublishers.noBody();
        }
        HttpRequest.BodyPublisher stream = HttpRequest.BodyPublishers.ofInputStream(() -> Request.asInputStream(request));
        return length > 0 ? HttpRequest.BodyPublishers.fromPublisher(stream, length) : stream;
    }

    private void relay(Call call, HttpResponse<InputStream> response, ProxyLinks links) {
        var headers = call.response().getHeaders();
        call.response().setStatus(response.statusCode());
        String contentType = "";
        String encoding = "";
        for (Map.Entry<String, List<String>> h : response.headers().map().entrySet()) {
            String lower = h.getKey().toLowerCase(Locale.ROOT);
            if (DROPPED_RESPONSE.contains(lower)) {
                continue;
            }
            for (String value : h.getValue()) {
                if (lower.equals("location")) {
                    value = links.rewrite(value);
                } else if (lower.equals("content-type")) {
                    contentType = value;
                } else if (lower.equals("content-encoding")) {
                    encoding = value;
                }
                headers.add(h.getKey(), value);
            }
        }
        boolean html = contentType.split(";", 2)[0].strip().equalsIgnoreCase("text/html")
                && ProxyBodies.decodable(encoding);
        boolean redirect = response.headers().firstValue("location").isPresent();
        try (InputStream in = response.body(); OutputStream out = Content.Sink.asOutputStream(call.response())) {
            if (html && !redirect && !call.request().getMethod().equals("HEAD")) {
                byte[] page = ProxyBodies.decoded(in, encoding);
                // Latin-1 maps bytes to chars one to one: any ASCII-compatible charset (UTF-8 included)
                // comes back byte for byte, with only the ASCII prefixes added.
                byte[] rewritten = links.rewriteHtml(new String(page, StandardCharsets.ISO_8859_1))
                        .getBytes(StandardCharsets.ISO_8859_1);
                headers.remove("Content-Encoding");
                headers.put(HttpHeader.CONTENT_LENGTH, Long.toString(rewritten.length));
                out.write(rewritten);
            } else {
                byte[] buffer = new byte[16 * 1024];
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            }
            out.close();
            call.callback().succeeded();
        } catch (IOException e) {
            LOG.debug("proxy {} ended: {}", call.info().path(), e.toString());
            call.callback().failed(e);
        }
    }

    /** Whether the client's {@code Connection} header names this header as hop-by-hop. */
    private static boolean connectionListed(Request request, String lower) {
        for (String v : request.getHeaders().getValuesList(HttpHeader.CONNECTION)) {
            for (String token : v.split(",")) {
                if (token.strip().equalsIgnoreCase(lower)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Where the subpath begins: after {@code segments} non-empty path segments (the last being {@code proxy}). */
    static int subpathStart(String rawPath, int segments) {
        int pos = 0;
        int n = rawPath.length();
        for (int seen = 0; seen < segments && pos < n; seen++) {
            while (pos < n && rawPath.charAt(pos) == '/') {
                pos++;
            }
            while (pos < n && rawPath.charAt(pos) != '/') {
                pos++;
            }
        }
        return pos;
    }

    private static String authority(URI base) {
        return base.getRawAuthority();
    }

    /** The dial failure in Go's words where the JDK's are vaguer. */
    private static String dialError(URI uri, IOException e) {
        String address = uri.getHost() + ":" + (uri.getPort() > 0 ? uri.getPort()
                : uri.getScheme().equals("https") ? 443 : 80);
        if (e instanceof HttpConnectTimeoutException) {
            return "dial tcp " + address + ": i/o timeout";
        }
        if (e instanceof ConnectException || e.getCause() instanceof ConnectException) {
            return "dial tcp " + address + ": connect: connection refused";
        }
        return e.toString();
    }
}
