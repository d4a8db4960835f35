package io.kube4j.kubelet.server;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One stream of a {@link SpdySession}, opened by the client with a SYN_STREAM (and already
 * answered with a SYN_REPLY when the session's handler sees it). Incoming DATA goes to the
 * {@link Receiver} the handler sets (synchronously, in its {@code onStream}); data that arrives
 * without one is dropped. Writes are DATA frames on the session; {@link #finish} half-closes this
 * side (FIN), {@link #reset} aborts the stream. Thread-safe.
 */
final class SpdyStream {

    /** Where a stream's incoming bytes go; called on the session's reading thread, in order. */
    interface Receiver {
        /** Bytes of one DATA frame; blocking here holds back the whole session (upstream's back-pressure). */
        void data(byte[] bytes) throws IOException;

        /** The client's end of this stream (FIN), a reset, or the end of the session; called once. */
        void end();
    }

    /** The largest DATA frame this side sends (Go's spdystream splits writes the same way). */
    static final int MAX_DATA = 32 * 1024;

    private final SpdySession session;
    private final int id;
    private final Map<String, String> headers;
    private final AtomicBoolean localFinished = new AtomicBoolean();
    private final AtomicBoolean remoteEnded = new AtomicBoolean();
    private volatile Receiver receiver;

    SpdyStream(SpdySession session, int id, Map<String, String> headers) {
        this.session = session;
        this.id = id;
        this.headers = Map.copyOf(headers);
    }

    int id() {
        return id;
    }

    /** The SYN_STREAM's headers, names lower-case. */
    Map<String, String> headers() {
        return headers;
    }

    /** A header's value, or "" when absent. */
    String header(String name) {
        return headers.getOrDefault(name, "");
    }

    void receiver(Receiver receiver) {
        this.receiver = receiver;
    }

    /** Sends {@code bytes[offset, offset+length)} as DATA frames (none when already finished). */
    void write(byte[] bytes, int offset, int length) throws IOException {
        if (localFinished.get()) {
            throw new IOException("stream " + id + " is finished");
        }
        for (int done = 0; done < length; ) {
            int n = Math.min(MAX_DATA, length - done);
            session.send(SpdyFrames.data(id, 0, bytes, offset + done, n));
            done += n;
        }
    }

    void write(byte[] bytes) throws IOException {
        write(bytes, 0, bytes.length);
    }

    /** Half-closes this side: an empty DATA frame with FIN; idempotent, quiet when the session is gone. */
    void finish() {
        if (localFinished.compareAndSet(false, true)) {
            session.sendQuietly(SpdyFrames.data(id, SpdyFrames.FLAG_FIN, new byte[0], 0, 0));
            session.finished(this);
        }
    }

    /** Aborts the stream both ways with RST_STREAM {@code status}. */
    void reset(int status) {
        localFinished.set(true);
        session.sendQuietly(SpdyFrames.rstStream(id, status));
        remoteEnd();
        session.finished(this);
    }

    boolean localFinished() {
        return localFinished.get();
    }

    boolean remoteEnded() {
        return remoteEnded.get();
    }

    /** Delivers a DATA frame's bytes (session's reading thread). */
    void deliver(byte[] bytes) throws IOException {
        Receiver r = receiver;
        if (r != null && !remoteEnded.get() && bytes.length > 0) {
            r.data(bytes);
        }
    }

    /** The client's side ended (FIN, RST_STREAM or the session's end). */
    void remoteEnd() {
        if (remoteEnded.compareAndSet(false, true)) {
            Receiver r = receiver;
            if (r != null) {
                r.end();
            }
        }
    }

    /** The session is gone: nothing more can be sent. */
    void abandon() {
        localFinished.set(true);
        remoteEnd();
    }
}
