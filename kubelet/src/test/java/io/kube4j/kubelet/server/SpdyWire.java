package io.kube4j.kubelet.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A hand-driven client for {@link SpdySession} tests: builds the client's frames (headers
 * compressed in the client's own zlib context) and captures what the session writes, decoding
 * header blocks in the client's receiving context, as a SPDY peer does.
 */
final class SpdyWire implements SpdySession.Transport {

    final SpdyFrames client = new SpdyFrames();
    final BlockingQueue<byte[]> written = new LinkedBlockingQueue<>();
    final AtomicBoolean closed = new AtomicBoolean();

    @Override
    public void write(byte[] frame) {
        written.add(frame);
    }

    @Override
    public void close() {
        closed.set(true);
    }

    byte[] synStream(int id, Map<String, String> headers) {
        return client.synStream(id, headers, 0);
    }

    /** The next frame the session wrote (within 5 s). */
    SpdyFrames.Frame next() throws InterruptedException {
        byte[] frame = written.poll(5, TimeUnit.SECONDS);
        if (frame == null) {
            throw new AssertionError("the session wrote nothing within 5 s");
        }
        SpdyFrames.Frame parsed = SpdyFrames.next(ByteBuffer.wrap(frame));
        if (parsed == null) {
            throw new AssertionError("the session wrote a partial frame");
        }
        return parsed;
    }

    /** The next frame, which must be a control frame of {@code type}. */
    SpdyFrames.Control control(int type) throws InterruptedException {
        SpdyFrames.Frame frame = next();
        if (!(frame instanceof SpdyFrames.Control c) || c.type() != type) {
            throw new AssertionError("expected control frame " + type + ", got " + describe(frame));
        }
        return c;
    }

    /** The next frame, which must be DATA. */
    SpdyFrames.Data data() throws InterruptedException {
        SpdyFrames.Frame frame = next();
        if (!(frame instanceof SpdyFrames.Data d)) {
            throw new AssertionError("expected DATA, got " + describe(frame));
        }
        return d;
    }

    /** A SYN_REPLY's stream id and headers (decoded in the client's context). */
    Map<String, String> replyHeaders(SpdyFrames.Control reply) throws IOException {
        try {
            return client.replyHeaders(reply.payload());
        } catch (java.util.zip.DataFormatException e) {
            throw new IOException(e);
        }
    }

    static int streamId(SpdyFrames.Control control) {
        return ByteBuffer.wrap(control.payload()).getInt() & 0x7fffffff;
    }

    static String describe(SpdyFrames.Frame frame) {
        return switch (frame) {
            case SpdyFrames.Control c -> "control type " + c.type();
            case SpdyFrames.Data d -> "DATA on " + d.streamId() + " (" + d.data().length + " bytes, flags " + d.flags() + ")";
        };
    }
}
