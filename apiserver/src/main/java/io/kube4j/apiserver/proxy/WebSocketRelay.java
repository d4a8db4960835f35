package io.kube4j.apiserver.proxy;

import java.io.ByteArrayOutputStream;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Relays one WebSocket between a client (Jetty's server side) and a kubelet (the JDK client): each
 * whole message is passed on unchanged, in order, both ways; a close on either side closes the
 * other after what was in flight has been passed on. The subprotocol is the kubelet's choice among
 * what the client offered, so the channel framing (exec, attach, port-forward) needs no
 * translation here.
 *
 * <p>Create it, give {@link #kubeletListener()} to the kubelet connection, then {@link #kubelet}
 * the connected socket before upgrading the client with this object as its endpoint. Public for
 * Jetty's listener binding. Thread-safe: each direction's sends are chained one after another.
 */
public final class WebSocketRelay implements Session.Listener.AutoDemanding {

    private static final Logger LOG = LoggerFactory.getLogger(WebSocketRelay.class);

    private final CompletableFuture<Session> client = new CompletableFuture<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final String what;
    private volatile WebSocket kubelet;
    /** Sends to the kubelet, chained: the JDK allows one outstanding send. */
    private CompletableFuture<?> toKubelet = CompletableFuture.completedFuture(null);
    /** Sends to the client, chained after the client's session is open. */
    private CompletableFuture<?> toClient;

    WebSocketRelay(String what) {
        this.what = what;
        this.toClient = client;
    }

    /** The connected kubelet socket (before the client is upgraded). */
    void kubelet(WebSocket socket) {
        this.kubelet = socket;
    }

    /** The listener for the kubelet connection. */
    WebSocket.Listener kubeletListener() {
        return new KubeletSide();
    }

    // ---- the client side (Jetty) ----

    @Override
    public void onWebSocketOpen(Session session) {
        client.complete(session);
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        ByteBuffer copy = ByteBuffer.allocate(payload.remaining()).put(payload).flip();
        CompletableFuture<?> sent;
        synchronized (this) {
            toKubelet = toKubelet.thenCompose(v -> kubelet.sendBinary(copy, true));
            sent = toKubelet;
        }
        sent.whenComplete((v, e) -> {
            if (e != null) {
                callback.fail(e);
                end(StatusCode.SERVER_ERROR, "the kubelet connection failed");
            } else {
                callback.succeed();
            }
        });
    }

    @Override
    public void onWebSocketText(String message) {
        synchronized (this) {
            toKubelet = toKubelet.thenCompose(v -> kubelet.sendText(message, true));
        }
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason, Callback callback) {
        synchronized (this) {
            toKubelet = toKubelet.thenCompose(v -> kubelet.sendClose(WebSocket.NORMAL_CLOSURE, ""));
        }
        closed.set(true);
        callback.succeed();
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        LOG.debug("{}: client WebSocket error: {}", what, cause.toString());
        WebSocket k = kubelet;
        if (k != null) {
            k.abort();
        }
    }

    private void toClient(java.util.function.Function<Session, CompletableFuture<Void>> send) {
        synchronized (this) {
            toClient = toClient.thenCompose(v -> send.apply(client.join()));
        }
    }

    private static CompletableFuture<Void> sendBinary(Session session, ByteBuffer data) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        session.sendBinary(data, Callback.from(() -> done.complete(null), done::completeExceptionally));
        return done;
    }

    private static CompletableFuture<Void> sendText(Session session, String data) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        session.sendText(data, Callback.from(() -> done.complete(null), done::completeExceptionally));
        return done;
    }

    /** Closes the client after what is queued for it; once. */
    private void end(int code, String reason) {
        if (closed.compareAndSet(false, true)) {
            synchronized (this) {
                toClient = toClient.handle((v, e) -> null).thenCompose(v -> {
                    Session s = client.join();
                    if (s.isOpen()) {
                        s.close(code, reason, Callback.NOOP);
                    }
                    return CompletableFuture.completedFuture(null);
                });
            }
        }
    }

    // ---- the kubelet side (JDK) ----

    private final class KubeletSide implements WebSocket.Listener {
        private final ByteArrayOutputStream binary = new ByteArrayOutputStream();
        private final StringBuilder text = new StringBuilder();

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            binary.writeBytes(bytes);
            if (!last) {
                webSocket.request(1);
                return null;
            }
            ByteBuffer message = ByteBuffer.wrap(binary.toByteArray());
            binary.reset();
            toClient(session -> sendBinary(session, message));
            // Ask for the next message once this one is on its way: a slow client slows the kubelet.
            toClient.whenComplete((v, e) -> {
                if (e != null) {
                    webSocket.abort();
                } else {
                    webSocket.request(1);
                }
            });
            return null;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                String message = text.toString();
                text.setLength(0);
                toClient(session -> sendText(session, message));
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            // 1005/1006/1015 are never sent on the wire: a kubelet's plain end is a normal close.
            boolean plain = statusCode < 1000 || statusCode == StatusCode.NO_CODE || statusCode == StatusCode.ABNORMAL
                    || statusCode == StatusCode.FAILED_TLS_HANDSHAKE;
            end(plain ? StatusCode.NORMAL : statusCode,
                    reason == null ? "" : reason);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            LOG.debug("{}: kubelet WebSocket error: {}", what, error.toString());
            end(StatusCode.SERVER_ERROR, "the kubelet connection failed");
        }
    }
}
