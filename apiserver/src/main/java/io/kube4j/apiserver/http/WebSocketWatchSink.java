package io.kube4j.apiserver.http;

import io.kube4j.apiserver.watch.WatchSink;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;

/**
 * A watch sent over a WebSocket, one event per binary message as upstream's apiserver sends them
 * (fabric8 opens watches this way). Thread-safe.
 */
final class WebSocketWatchSink implements WatchSink {

    private final Session session;
    private final AtomicBoolean ended = new AtomicBoolean();

    WebSocketWatchSink(Session session) {
        this.session = session;
    }

    @Override
    public void write(byte[] frame, Callback callback) {
        session.sendBinary(ByteBuffer.wrap(frame), org.eclipse.jetty.websocket.api.Callback.from(
                callback::succeeded, callback::failed));
    }

    @Override
    public void close() {
        if (ended.compareAndSet(false, true)) {
            session.close(StatusCode.NORMAL, "watch closed", org.eclipse.jetty.websocket.api.Callback.NOOP);
        }
    }

    @Override
    public void abort(Throwable cause) {
        if (ended.compareAndSet(false, true)) {
            session.close(StatusCode.SERVER_ERROR, "watch aborted", org.eclipse.jetty.websocket.api.Callback.NOOP);
        }
    }
}
