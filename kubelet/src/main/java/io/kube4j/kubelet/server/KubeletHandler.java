package io.kube4j.kubelet.server;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodListBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.kube4j.kubelet.stats.ResourceMetrics;
import io.kube4j.kubelet.stats.SummaryProvider;
import io.kube4j.runtime.ContainerRuntime;
import io.kube4j.runtime.ContainerState;
import io.kube4j.runtime.ContainerStatus;
import io.kube4j.runtime.SandboxStatus;
import io.kube4j.runtime.StreamSession;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kubelet server's routes, upstream's paths: {@code /healthz}, {@code /pods},
 * {@code /stats/summary}, {@code /metrics/resource}, {@code /containerLogs/NS/POD/CONTAINER}, {@code /exec/NS/POD/CONTAINER},
 * {@code /attach/NS/POD/CONTAINER} and {@code /portForward/NS/POD} (the last three over a
 * WebSocket, or a plain SPDY/3.1 upgrade: {@link SpdyUpgrade}). Every request is authenticated and authorized by {@link KubeletAuth} first; errors
 * are plain text with their status, as upstream's kubelet answers. Runs on virtual threads
 * (blocking is fine). Thread-safe.
 */
final class KubeletHandler extends Handler.Abstract {

    private static final Logger LOG = LoggerFactory.getLogger(KubeletHandler.class);
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    /** The remote-command versions upstream's kubelet speaks over SPDY, newest first. */
    static final List<String> SPDY_REMOTE_COMMAND = List.of(ChannelProtocol.V4.header(), ChannelProtocol.V3.header(),
            ChannelProtocol.V2.header(), ChannelProtocol.V1.header());
    /** Upstream's port-forward protocol name. */
    static final String PORT_FORWARD_PROTOCOL = "portforward.k8s.io";

    private final KubeletAuth auth;
    private final ContainerRuntime runtime;
    private final ContainerLocator locator;
    private final Supplier<List<Pod>> pods;
    private final SummaryProvider summary;
    private final ServerWebSocketContainer webSockets;
    private final ContainerLogs logs;

    KubeletHandler(KubeletAuth auth, ContainerRuntime runtime, Supplier<List<Pod>> pods, SummaryProvider summary,
            ServerWebSocketContainer webSockets, Duration logPollInterval) {
        super(InvocationType.BLOCKING);
        this.auth = auth;
        this.runtime = runtime;
        this.locator = new ContainerLocator(runtime);
        this.pods = pods;
        this.summary = summary;
        this.webSockets = webSockets;
        this.logs = new ContainerLogs(logPollInterval);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = Request.getPathInContext(request);
        List<String> parts = new ArrayList<>(List.of(path.replaceAll("^/+|/+$", "").split("/+")));
        try {
            Fields query = Request.extractQueryParameters(request, StandardCharsets.UTF_8);
            String root = parts.getFirst();
            switch (root) {
                case "healthz" -> {
                    auth.require(request, "get", "healthz");
                    text(response, callback, 200, "ok");
                }
                case "pods" -> {
                    auth.require(request, "get", "proxy");
                    String json = SERIALIZATION.asJson(new PodListBuilder().withNewMetadata().endMetadata()
                            .withItems(pods.get()).build());
                    send(response, callback, 200, "application/json", json);
                }
                case "stats" -> {
                    auth.require(request, "get", "stats");
                    if (parts.size() != 2 || !parts.get(1).equals("summary")) {
                        throw new HttpError(404, "404 page not found");
                    }
                    send(response, callback, 200, "application/json", summary.summary().toString());
                }
                case "metrics" -> {
                    auth.require(request, "get", "metrics");
                    if (parts.size() != 2 || !parts.get(1).equals("resource")) {
                        throw new HttpError(404, "404 page not found");
                    }
                    send(response, callback, 200, "text/plain; version=0.0.4; charset=utf-8",
                            ResourceMetrics.render(summary.summary()));
                }
                case "containerLogs" -> {
                    auth.require(request, "get", "log");
                    need(parts, 4);
                    containerLogs(request, response, callback, query, parts.get(1), parts.get(2), parts.get(3));
                }
                case "exec", "attach" -> {
                    auth.require(request, "create", "proxy");
                    need(parts, 4);
                    stream(request, response, callback, query, root, parts.get(1), parts.get(2), parts.get(3));
                }
                case "portForward" -> {
                    auth.require(request, "create", "proxy");
                    need(parts, 3);
                    portForward(request, response, callback, query, parts.get(1), parts.get(2));
                }
                default -> throw new HttpError(404, "404 page not found");
            }
        } catch (HttpError e) {
            text(response, callback, e.status(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("{} {} failed", request.getMethod(), path, e);
            text(response, callback, 500, String.valueOf(e.getMessage()));
        }
        return true;
    }

    private static void need(List<String> parts, int size) {
        if (parts.size() != size) {
            throw new HttpError(404, "404 page not found");
        }
    }

    private void containerLogs(Request request, Response response, Callback callback, Fields query, String ns,
            String pod, String container) {
        LogOptions options;
        try {
            options = LogOptions.parse(name -> value(query, name), Instant.now());
        } catch (IllegalArgumentException e) {
            throw new HttpError(400, e.getMessage());
        }
        ContainerStatus status = locator.container(ns, pod, container, options.previous());
        String id = status.id();
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain");
        // A followed log may stay quiet for long: no idle timeout for this request.
        request.addIdleTimeoutListener(t -> false);
        try (OutputStream out = Content.Sink.asOutputStream(response)) {
            logs.write(status.logPath(), options, () -> runtime.container(id)
                    .map(c -> c.state() instanceof ContainerState.Running).orElse(false), out);
            callback.succeeded();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            callback.failed(e);
        } catch (Exception e) {
            LOG.debug("log stream of {}/{}/{} ended: {}", ns, pod, container, e.toString());
            callback.failed(e);
        }
    }

    private void stream(Request request, Response response, Callback callback, Fields query, String kind, String ns,
            String pod, String container) {
        boolean spdy = SpdyUpgrade.requested(request);
        String spdyVersion = spdy ? SpdyUpgrade.negotiate(request, SPDY_REMOTE_COMMAND) : null;
        ChannelProtocol protocol = spdy ? ChannelProtocol.choose(List.of(spdyVersion.isEmpty()
                ? ChannelProtocol.V1.header() : spdyVersion)).orElseThrow() : upgradeProtocol(request);
        boolean stdin = flag(query, "stdin") || flag(query, "input");
        boolean stdout = flag(query, "stdout") || flag(query, "output");
        boolean stderr = flag(query, "stderr") || flag(query, "error");
        boolean tty = flag(query, "tty");
        if (!stdin && !stdout && !stderr) {
            throw new HttpError(400, "you must specify at least 1 of stdin, stdout, stderr");
        }
        if (tty && stderr) {
            stderr = false; // upstream: with a terminal stderr is merged into stdout
        }
        ContainerStatus status = locator.running(ns, pod, container);
        StreamSession session;
        List<String> command = kind.equals("exec") ? query.getValues("command") : List.of();
        if (kind.equals("exec")) {
            if (command == null || command.isEmpty()) {
                throw new HttpError(400, "you must specify at least one command for the container");
            }
            session = runtime.exec(status.id(), command, tty, stdin);
        } else {
            session = runtime.attach(status.id(), stdin, tty);
        }
        String what = kind + " " + ns + "/" + pod + "/" + container;
        if (spdy) {
            boolean in = stdin;
            boolean out = stdout;
            boolean err = stderr;
            SpdyUpgrade.accept(request, response, callback, spdyVersion, what, s -> new SpdyRemoteCommand(s, session,
                    protocol, in, out, err, tty, what, command), session::close);
            return;
        }
        StreamSocket socket = new StreamSocket(session, protocol, stdin, stdout, stderr, what, command);
        upgrade(request, response, callback, protocol.header(), socket, session::close);
    }

    private void portForward(Request request, Response response, Callback callback, Fields query, String ns,
            String pod) {
        if (SpdyUpgrade.requested(request)) {
            // Upstream's SPDY port-forward: the ports come with each stream, not in the query.
            String version = SpdyUpgrade.negotiate(request, List.of(PORT_FORWARD_PROTOCOL));
            SandboxStatus sandbox = locator.sandbox(ns, pod);
            String what = "portforward " + ns + "/" + pod;
            SpdyUpgrade.accept(request, response, callback, version, what,
                    s -> new SpdyPortForward(port -> runtime.portForward(sandbox.id(), port), what), () -> { });
            return;
        }
        List<String> offered = offeredProtocols(request);
        String spdy = offered.contains(SpdyPortForwardSocket.PROTOCOL) ? SpdyPortForwardSocket.PROTOCOL
                : offered.contains(SpdyPortForwardSocket.ALIAS) ? SpdyPortForwardSocket.ALIAS : null;
        if (isWebSocket(request) && spdy != null) {
            // kubectl 1.31+: SPDY tunnelled through the WebSocket; ports come with each stream.
            SandboxStatus sandbox = locator.sandbox(ns, pod);
            upgrade(request, response, callback, spdy, new SpdyPortForwardSocket(
                    port -> runtime.portForward(sandbox.id(), port), "portforward " + ns + "/" + pod), () -> { });
            return;
        }
        String accepted = offered.isEmpty() ? null : offered.stream()
                .filter(p -> p.equals("v4.channel.k8s.io") || p.equals("channel.k8s.io") || p.equals("portforward.k8s.io"))
                .findFirst().orElse(null);
        if (!isWebSocket(request)) {
            throw new HttpError(400, "Upgrade request required");
        }
        if (!offered.isEmpty() && accepted == null) {
            throw new HttpError(400, "none of the offered subprotocols " + offered + " is supported");
        }
        List<Integer> ports = new ArrayList<>();
        List<String> values = query.getValues("ports");
        for (String v : values == null ? List.<String>of() : values) {
            for (String p : v.split(",")) {
                try {
                    int port = Integer.parseInt(p.trim());
                    if (port < 1 || port > 65535) {
                        throw new NumberFormatException();
                    }
                    ports.add(port);
                } catch (NumberFormatException e) {
                    throw new HttpError(400, "invalid port: \"" + p + "\"");
                }
            }
        }
        if (ports.isEmpty()) {
            throw new HttpError(400, "query parameter \"port\" is required");
        }
        SandboxStatus sandbox = locator.sandbox(ns, pod);
        PortForwardSocket socket = new PortForwardSocket(ports, port -> runtime.portForward(sandbox.id(), port),
                "portforward " + ns + "/" + pod);
        upgrade(request, response, callback, accepted, socket, () -> { });
    }

    private ChannelProtocol upgradeProtocol(Request request) {
        if (!isWebSocket(request)) {
            throw new HttpError(400, "Upgrade request required");
        }
        List<String> offered = offeredProtocols(request);
        return ChannelProtocol.choose(offered).orElseThrow(() -> new HttpError(400,
                "none of the offered subprotocols " + offered + " is supported"));
    }

    private void upgrade(Request request, Response response, Callback callback, String protocol, Object socket,
            Runnable onFailure) {
        boolean upgraded;
        try {
            upgraded = webSockets.upgrade((req, resp, cb) -> {
                if (protocol != null && !offeredProtocols(request).isEmpty()) {
                    resp.setAcceptedSubProtocol(protocol);
                }
                return socket;
            }, request, response, callback);
        } catch (RuntimeException e) {
            onFailure.run();
            throw e;
        }
        if (!upgraded) {
            onFailure.run();
            throw new HttpError(400, "unable to upgrade to a WebSocket");
        }
    }

    static boolean isWebSocket(Request request) {
        String upgrade = request.getHeaders().get(HttpHeader.UPGRADE);
        return upgrade != null && upgrade.equalsIgnoreCase("websocket")
                || "CONNECT".equals(request.getMethod()); // HTTP/2 extended CONNECT (RFC 8441)
    }

    static List<String> offeredProtocols(Request request) {
        List<String> offered = new ArrayList<>();
        for (String header : request.getHeaders().getValuesList(HttpHeader.SEC_WEBSOCKET_SUBPROTOCOL)) {
            for (String p : header.split(",")) {
                if (!p.isBlank()) {
                    offered.add(p.trim());
                }
            }
        }
        return offered;
    }

    private static String value(Fields query, String name) {
        Fields.Field f = query.get(name);
        return f == null ? null : f.getValue();
    }

    private static boolean flag(Fields query, String name) {
        String v = value(query, name);
        return v != null && (v.equals("1") || v.equalsIgnoreCase("true"));
    }

    private static void text(Response response, Callback callback, int status, String message) {
        send(response, callback, status, "text/plain; charset=utf-8", message);
    }

    private static void send(Response response, Callback callback, int status, String type, String body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        response.write(true, java.nio.ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
    }
}
