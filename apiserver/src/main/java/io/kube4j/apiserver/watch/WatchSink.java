package io.kube4j.apiserver.watch;

import org.eclipse.jetty.util.Callback;

/**
 * Where one watch's frames go: a chunked HTTP response or a WebSocket. Writes are asynchronous
 * (no thread waits on a slow client) and never overlap: the caller starts the next write only once
 * the previous one's callback has completed.
 */
public interface WatchSink {

    /** Sends one frame; completes {@code callback} when the transport has taken it. */
    void write(byte[] frame, Callback callback);

    /** Ends the stream normally, after the last frame written. Idempotent. */
    void close();

    /** Ends the stream after a failure (the client is gone or too slow). Idempotent. */
    void abort(Throwable cause);
}
