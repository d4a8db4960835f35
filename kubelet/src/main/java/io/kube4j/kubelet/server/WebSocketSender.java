package io.kube4j.kubelet.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;

/**
 * Sends channel messages on one WebSocket from several threads (stdout and stderr pumps), one
 * message at a time, each send waiting until Jetty has written it: a slow client slows the pumps
 * instead of filling memory. Thread-safe.
 */
final class WebSocketSender {

    private static final long SEND_TIMEOUT_SECONDS = 60;

    private final Session session;

    WebSocketSender(Session session) {
        this.session = session;
    }

    /** Sends {@code [channel] + data[offset, offset+length)} as one binary message. */
    synchronized void send(byte channel, byte[] data, int offset, int length) throws IOException {
        ByteBuffer message = ByteBuffer.allocate(length + 1);
        message.put(channel).put(data, offset, length).flip();
        CompletableFuture<Void> sent = new CompletableFuture<>();
        session.sendBinary(message, Callback.from(() -> sent.complete(null), sent::completeExceptionally));
        try {
            sent.get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while sending", e);
        } catch (ExecutionException e) {
            throw new IOException("the WebSocket send failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("the client did not read for " + SEND_TIMEOUT_SECONDS + " s", e);
        }
    }

    /** Sends {@code data} as one binary message, without a channel byte (tunnelled SPDY). */
    synchronized void sendRaw(byte[] data) throws IOException {
        CompletableFuture<Void> sent = new CompletableFuture<>();
        session.sendBinary(ByteBuffer.wrap(data), Callback.from(() -> sent.complete(null), sent::completeExceptionally));
        try {
            sent.get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while sending", e);
        } catch (ExecutionException e) {
            throw new IOException("the WebSocket send failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("the client did not read for " + SEND_TIMEOUT_SECONDS + " s", e);
        }
    }

    void send(byte channel, byte[] data) throws IOException {
        send(channel, data, 0, data.length);
    }

    /** Closes the WebSocket normally (the client sees the end of the streams). */
    void close() {
        if (session.isOpen()) {
            session.close(StatusCode.NORMAL, null, Callback.NOOP);
        }
    }
}
