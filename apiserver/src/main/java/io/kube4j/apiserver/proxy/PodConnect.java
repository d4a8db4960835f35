package io.kube4j.apiserver.proxy;

import io.kube4j.apiserver.errors.ApiException;
import io.kube4j.apiserver.http.Call;
import io.kube4j.apiserver.rest.ResourceStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The pods' connect subresources, proxied to the kubelet of the pod's node as upstream's apiserver
 * does: {@code pods/log} (a GET whose body is streamed through, {@code follow} included),
 * {@code pods/exec}, {@code pods/attach} and {@code pods/portforward} (a WebSocket to the client,
 * another to the kubelet with the client's subprotocols, relayed by {@link WebSocketRelay}; or a
 * SPDY/3.1 upgrade, tunnelled to the kubelet byte for byte by {@link UpgradeTunnel}).
 * Errors as upstream: the pod's absence 404, no node 400 ("does not have a host assigned"), an
 * unknown or unnamed container 400 ({@link PodContainers}), a completed pod 400 for exec/attach, the
 * kubelet's own refusals with its status and text, a kubelet that cannot be reached 503 with the
 * dial error; a request with neither upgrade 400 ("Upgrade request required"). Thread-safe.
 */
public final class PodConnect {

    private static final Logger LOG = LoggerFactory.getLogger(PodConnect.class);
    private static final List<String> LOG_PARAMS =
            List.of("follow", "previous", "tailLines", "limitBytes", "sinceSeconds", "sinceTime", "timestamps");
    private static final long CONNECT_SECONDS = 15;
    /** kubectl 1.31+'s port-forward: SPDY tunnelled through the WebSocket. */
    public static final String SPDY_PORT_FORWARD = "SPDY/3.1+portforward.k8s.io";
    /** The same protocol under a name the JDK client may offer a kubelet (a token without '/' and '+'). */
    public static final String SPDY_PORT_FORWARD_ALIAS = "spdy-3.1.portforward.kube4j.io";

    private final ResourceStore nodes;
    private final KubeletClient kubelets;
    private final ServerWebSocketContainer webSockets;
    private final UpgradeTunnel spdy;

    public PodConnect(ResourceStore nodes, KubeletClient kubelets, ServerWebSocketContainer webSockets) {
        this.nodes = nodes;
        this.kubelets = kubelets;
        this.webSockets = webSockets;
        this.spdy = new UpgradeTunnel(kubelets);
    }

    /** {@code GET pods/NAME/log}. */
    public void log(Call call) {
        ObjectNode pod = call.resource().store().get(call.info().namespace(), call.info().name());
        String container = PodContainers.resolve(pod, call.param("container"));
        URI uri = kubelet(pod, "/containerLogs/" + path(call.info().namespace()) + "/" + path(call.info().name()) + "/"
                + path(container), query(call.query(), LOG_PARAMS));
        HttpResponse<InputStream> response;
        try {
            response = kubelets.get(uri);
        } catch (IOException e) {
            throw unreachable(uri, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException.ServiceUnavailable("interrupted while calling the kubelet");
        }
        if (response.statusCode() != 200) {
            throw refusal(response.statusCode(), readQuietly(response.body()));
        }
        call.response().setStatus(200);
        call.response().getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain");
        call.request().addIdleTimeoutListener(t -> false);
        try (InputStream in = response.body(); OutputStream out = Content.Sink.asOutputStream(call.response())) {
            byte[] buffer = new byte[16 * 1024];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
            out.close();
            call.callback().succeeded();
        } catch (IOException e) {
            LOG.debug("log of {}/{} ended: {}", call.info().namespace(), call.info().name(), e.toString());
            call.callback().failed(e);
        }
    }

    /** {@code pods/NAME/exec}, {@code attach} or {@code portforward} (GET or POST with a WebSocket upgrade). */
    public void stream(Call call) {
        String sub = call.info().subresource();
        ObjectNode pod = call.resource().store().get(call.info().namespace(), call.info().name());
        String phase = pod.path("status").path("phase").asString("");
        String base = path(call.info().namespace()) + "/" + path(call.info().name());
        URI uri;
        if (sub.equals("portforward")) {
            uri = kubelet(pod, "/portForward/" + base, query(call.query(), List.of("ports")));
        } else {
            if (phase.equals("Succeeded") || phase.equals("Failed")) {
                throw new ApiException.BadRequest("cannot " + sub + " into a container in a completed pod; current phase is "
                        + phase);
            }
            String container = PodContainers.resolve(pod, call.param("container"));
            List<String> params = sub.equals("exec") ? List.of("command", "stdin", "stdout", "stderr", "tty")
                    : List.of("stdin", "stdout", "stderr", "tty");
            uri = kubelet(pod, "/" + sub + "/" + base + "/" + path(container), query(call.query(), params));
        }
        String upgrade = call.request().getHeaders().get(HttpHeader.UPGRADE);
        String what = sub + " " + call.info().namespace() + "/" + call.info().name();
        if (upgrade != null && upgrade.toLowerCase(java.util.Locale.ROOT).startsWith("spdy/")) {
            spdy.open(call, uri, what);
            return;
        }
        if (upgrade == null || !upgrade.equalsIgnoreCase("websocket")) {
            throw new ApiException.BadRequest("Upgrade request required");
        }
        List<String> offered = new ArrayList<>();
        for (String header : call.request().getHeaders().getValuesList(HttpHeader.SEC_WEBSOCKET_SUBPROTOCOL)) {
            for (String p : header.split(",")) {
                if (!p.isBlank()) {
                    offered.add(p.trim());
                }
            }
        }
        WebSocketRelay relay = new WebSocketRelay(what);
        // kubectl's "SPDY/3.1+portforward.k8s.io" is not a token the JDK's WebSocket client may
        // offer: it goes to the kubelet under an alias, and the client gets its own name back.
        List<String> toKubelet = offered.stream().map(p -> p.equals(SPDY_PORT_FORWARD) ? SPDY_PORT_FORWARD_ALIAS : p)
                .toList();
        WebSocket kubelet = connect(uri.toString().startsWith("https:")
                ? URI.create("wss:" + uri.toString().substring(6)) : uri, toKubelet, relay);
        relay.kubelet(kubelet);
        String chosen = SPDY_PORT_FORWARD_ALIAS.equals(kubelet.getSubprotocol()) ? SPDY_PORT_FORWARD
                : kubelet.getSubprotocol();
        boolean upgraded = webSockets.upgrade((req, resp, cb) -> {
            if (chosen != null && !chosen.isEmpty()) {
                resp.setAcceptedSubProtocol(chosen);
            }
            return relay;
        }, call.request(), call.response(), call.callback());
        if (!upgraded) {
            kubelet.abort();
            throw new ApiException.BadRequest("unable to upgrade the connection to a WebSocket");
        }
    }

    private WebSocket connect(URI uri, List<String> offered, WebSocketRelay relay) {
        try {
            return kubelets.webSocket(uri, offered, relay.kubeletListener()).get(CONNECT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof WebSocketHandshakeException refused) {
                HttpResponse<?> response = refused.getResponse();
                Object body = response.body();
                String text = body instanceof byte[] b ? new String(b, StandardCharsets.UTF_8)
                        : body == null ? "" : body.toString();
                throw refusal(response.statusCode(), text.isEmpty() ? "the kubelet refused the upgrade" : text);
            }
            throw unreachable(uri, cause);
        } catch (TimeoutException e) {
            throw unreachable(uri, new HttpTimeoutException("no answer within " + CONNECT_SECONDS + " s"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException.ServiceUnavailable("interrupted while calling the kubelet");
        }
    }

    /** The kubelet URL of the pod's node. */
    private URI kubelet(ObjectNode pod, String path, String query) {
        String nodeName = pod.path("spec").path("nodeName").asString("");
        if (nodeName.isEmpty()) {
            throw new ApiException.BadRequest("pod " + pod.path("metadata").path("name").asString("")
                    + " does not have a host assigned");
        }
        ObjectNode node;
        try {
            node = nodes.get(null, nodeName);
        } catch (ApiException.NotFound e) {
            throw new ApiException.InternalError("nodes \"" + nodeName + "\" not found");
        }
        return URI.create(KubeletAddress.base(node) + path + (query.isEmpty() ? "" : "?" + query));
    }

    private static String query(Fields query, List<String> names) {
        StringBuilder q = new StringBuilder();
        for (String name : names) {
            List<String> values = query.getValues(name);
            if (values == null) {
                continue;
            }
            for (String v : values) {
                if (!q.isEmpty()) {
                    q.append('&');
                }
                q.append(name).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8));
            }
        }
        return q.toString();
    }

    private static String path(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The kubelet's refusal with its status: 400 and 404 as bad requests, others as internal errors. */
    static ApiException refusal(int status, String text) {
        String message = text.strip();
        return status == 400 || status == 404 ? new ApiException.BadRequest(message)
                : new ApiException.InternalError("the kubelet answered " + status + ": " + message);
    }

    static ApiException unreachable(URI uri, Throwable cause) {
        String why = cause instanceof ConnectException ? "dial tcp " + uri.getHost() + ":" + uri.getPort()
                + ": connect: connection refused" : String.valueOf(cause);
        return new ApiException.ServiceUnavailable("error dialing backend: " + why);
    }

    private static String readQuietly(InputStream in) {
        try (in) {
            byte[] bytes = in.readNBytes(64 * 1024);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
