package io.kube4j.kubelet.server;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.DataFormatException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of one SPDY/3.1 connection, as upstream's kubelet runs it (Go's spdystream):
 * the client opens every stream (odd ids, increasing), each is answered at once with a SYN_REPLY
 * and given to the {@link Handler}; DATA, FIN and RST_STREAM reach the stream; client PINGs are
 * echoed; a client's GOAWAY refuses later streams; SETTINGS and WINDOW_UPDATE are accepted and
 * ignored, since neither side enforces flow control (spdystream does not, so neither does
 * kubectl). A malformed frame ends the session with GOAWAY (PROTOCOL_ERROR).
 *
 * <p>The connection's bytes come either from a blocking stream ({@link #serve}, a plain SPDY
 * upgrade) or pushed message by message ({@link #receive}, SPDY tunnelled in a WebSocket); frames
 * go out through the {@link Transport}, one at a time. Thread-safe: one reading thread, any number
 * of writers. Owns the transport: {@link #close} and the end of the input close it.
 */
final class SpdySession implements AutoCloseable {

    /** Where the session's frames go. */
    interface Transport {
        /** Writes one whole frame; returns once it is handed to the network. */
        void write(byte[] frame) throws IOException;

        /** Closes the connection; idempotent. */
        void close();
    }

    /** What the session's user does with streams; called on the reading thread. */
    interface Handler {
        /**
         * A new stream from the client, already answered; set its receiver here (before returning),
         * and do not block. Throwing resets the stream.
         */
        void onStream(SpdyStream stream) throws IOException;

        /** The session ended (client gone, GOAWAY handled, or closed here); called once. */
        default void onEnd() {
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(SpdySession.class);
    private static final int GOAWAY_PROTOCOL_ERROR = 1;

    private final Transport transport;
    private final String what;
    private final SpdyFrames frames = new SpdyFrames();
    private final Object writeLock = new Object();
    private final Map<Integer, SpdyStream> streams = new ConcurrentHashMap<>();
    private final AtomicBoolean goneAway = new AtomicBoolean();
    private final AtomicBoolean ended = new AtomicBoolean();
    private final CountDownLatch inputEnded = new CountDownLatch(1);
    private volatile Handler handler;
    private volatile boolean clientGoneAway;
    private volatile int lastStreamId;
    private ByteBuffer pending = ByteBuffer.allocate(0);

    SpdySession(Transport transport, String what) {
        this.transport = transport;
        this.what = what;
    }

    /** Sets the handler; before the first frame is read. */
    void handler(Handler handler) {
        this.handler = handler;
    }

    /** Reads and handles frames until the input ends or fails, then ends the session. Blocks. */
    void serve(InputStream in) {
        try {
            SpdyFrames.Frame frame;
            while (!ended.get() && (frame = SpdyFrames.read(in)) != null) {
                handle(frame);
            }
        } catch (DataFormatException | RuntimeException e) {
            LOG.debug("{}: malformed SPDY: {}", what, e.toString());
            protocolError();
        } catch (IOException e) {
            LOG.debug("{}: SPDY connection ended: {}", what, e.toString());
        } finally {
            inputEnded.countDown();
            end();
        }
    }

    /**
     * Handles the frames in {@code bytes}, keeping an incomplete one for the next call.
     *
     * @throws IOException when the bytes are not SPDY (the session has ended)
     */
    synchronized void receive(ByteBuffer bytes) throws IOException {
        ByteBuffer joined = ByteBuffer.allocate(pending.remaining() + bytes.remaining());
        joined.put(pending).put(bytes).flip();
        try {
            SpdyFrames.Frame frame;
            while ((frame = SpdyFrames.next(joined)) != null) {
                handle(frame);
            }
        } catch (DataFormatException | RuntimeException e) {
            protocolError();
            end();
            throw new IOException("malformed SPDY: " + e, e);
        }
        pending = ByteBuffer.allocate(joined.remaining()).put(joined).flip();
    }

    private void handle(SpdyFrames.Frame frame) throws IOException, DataFormatException {
        switch (frame) {
            case SpdyFrames.Data data -> {
                SpdyStream stream = streams.get(data.streamId());
                if (stream == null) {
                    return; // spdystream drops data for streams it no longer has, as here
                }
                try {
                    stream.deliver(data.data());
                } catch (IOException | RuntimeException e) {
                    LOG.debug("{}: stream {} could not take data: {}", what, stream.id(), e.toString());
                    stream.reset(SpdyFrames.CANCEL);
                    return;
                }
                if ((data.flags() & SpdyFrames.FLAG_FIN) != 0) {
                    stream.remoteEnd();
                    finished(stream);
                }
            }
            case SpdyFrames.Control control -> {
                ByteBuffer payload = ByteBuffer.wrap(control.payload());
                switch (control.type()) {
                    case SpdyFrames.SYN_STREAM -> synStream(control);
                    case SpdyFrames.RST_STREAM -> {
                        SpdyStream stream = streams.remove(payload.getInt() & 0x7fffffff);
                        if (stream != null) {
                            stream.abandon();
                        }
                    }
                    case SpdyFrames.PING -> {
                        // Odd ids are the client's pings: echoed. Even ones would answer ours; none are sent.
                        if ((payload.getInt(0) & 1) == 1) {
                            send(SpdyFrames.control(SpdyFrames.PING, 0, control.payload()));
                        }
                    }
                    case SpdyFrames.GOAWAY -> {
                        // The client opens no more streams; the open ones run to their end.
                        clientGoneAway = true;
                        if (streams.isEmpty()) {
                            end();
                        }
                    }
                    default -> {
                        // SETTINGS, WINDOW_UPDATE (no flow control), SYN_REPLY and HEADERS (no
                        // server-opened streams), and unknown types, which SPDY says to ignore.
                    }
                }
            }
        }
    }

    private void synStream(SpdyFrames.Control control) throws IOException, DataFormatException {
        int id = ByteBuffer.wrap(control.payload()).getInt() & 0x7fffffff;
        // Always inflate: the compression context spans the connection, a skipped block desynchronises it.
        Map<String, String> headers = frames.synStreamHeaders(control.payload());
        if (goneAway.get() || clientGoneAway || ended.get()) {
            sendQuietly(SpdyFrames.rstStream(id, SpdyFrames.REFUSED_STREAM));
            return;
        }
        if (id % 2 == 0 || id <= lastStreamId) {
            sendQuietly(SpdyFrames.rstStream(id, SpdyFrames.PROTOCOL_ERROR));
            return;
        }
        lastStreamId = id;
        SpdyStream stream = new SpdyStream(this, id, headers);
        streams.put(id, stream);
        synchronized (writeLock) {
            transport.write(frames.synReply(id));
        }
        try {
            handler.onStream(stream);
        } catch (IOException | RuntimeException e) {
            LOG.debug("{}: stream {} refused: {}", what, id, e.toString());
            stream.reset(SpdyFrames.REFUSED_STREAM);
            return;
        }
        if ((control.flags() & SpdyFrames.FLAG_FIN) != 0) {
            stream.remoteEnd();
            finished(stream);
        }
    }

    /** Writes one frame. */
    void send(byte[] frame) throws IOException {
        if (ended.get()) {
            throw new IOException("the SPDY connection is closed");
        }
        synchronized (writeLock) {
            transport.write(frame);
        }
    }

    /** Writes one frame, ignoring a closed connection (for FIN and RST, which are best effort). */
    void sendQuietly(byte[] frame) {
        try {
            send(frame);
        } catch (IOException e) {
            LOG.debug("{}: frame not sent: {}", what, e.getMessage());
        }
    }

    /** Forgets a stream once both sides have finished it. */
    void finished(SpdyStream stream) {
        if (stream.localFinished() && stream.remoteEnded()) {
            streams.remove(stream.id(), stream);
            if (clientGoneAway && streams.isEmpty()) {
                end();
            }
        }
    }

    /** The streams open now, for tests and logs. */
    List<SpdyStream> openStreams() {
        return List.copyOf(streams.values());
    }

    /**
     * Says GOAWAY (no more streams) and closes the connection once the client has closed it, or
     * after {@code grace}: the client reads what was sent before it sees the end.
     */
    void close(Duration grace) {
        if (goneAway.compareAndSet(false, true)) {
            sendQuietly(SpdyFrames.goAway(lastStreamId));
        }
        try {
            if (!inputEnded.await(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.debug("{}: the client did not close within {}", what, grace);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        end();
    }

    /** GOAWAY and an immediate close. */
    @Override
    public void close() {
        if (goneAway.compareAndSet(false, true)) {
            sendQuietly(SpdyFrames.goAway(lastStreamId));
        }
        end();
    }

    /** The input ended (push mode: the carrying WebSocket closed). */
    void inputEnded() {
        inputEnded.countDown();
        end();
    }

    private void protocolError() {
        if (goneAway.compareAndSet(false, true)) {
            sendQuietly(SpdyFrames.control(SpdyFrames.GOAWAY, 0,
                    ByteBuffer.allocate(8).putInt(lastStreamId).putInt(GOAWAY_PROTOCOL_ERROR).array()));
        }
    }

    private void end() {
        if (ended.compareAndSet(false, true)) {
            for (SpdyStream stream : List.copyOf(streams.values())) {
                stream.abandon();
            }
            streams.clear();
            // The zlib contexts are left to the garbage collector: a reader may still be inflating.
            transport.close();
            Handler h = handler;
            if (h != null) {
                h.onEnd();
            }
        }
    }
}
