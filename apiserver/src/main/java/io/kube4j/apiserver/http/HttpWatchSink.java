package io.kube4j.apiserver.http;

import io.kube4j.apiserver.watch.WatchSink;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;

/** A watch streamed as a chunked HTTP response body, one JSON event per line. Thread-safe. */
final class HttpWatchSink implements WatchSink {

    private final Response response;
    private final Callback exchange;
    private final AtomicBoolean ended = new AtomicBoolean();

    HttpWatchSink(Response response, Callback exchange) {
        this.response = response;
        this.exchange = exchange;
    }

    @Override
    public void write(byte[] frame, Callback callback) {
        response.write(false, ByteBuffer.wrap(frame), callback);
    }

    @Override
    public void close() {
        if (ended.compareAndSet(false, true)) {
            response.write(true, BufferUtil.EMPTY_BUFFER, exchange);
        }
    }

    @Override
    public void abort(Throwable cause) {
        if (ended.compareAndSet(false, true)) {
            exchange.failed(cause);
        }
    }
}
