package io.kube4j.kubelet.server;

import io.kube4j.runtime.PortStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;
import java.util.zip.DataFormatException;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Port-forward as kubectl 1.31+ speaks it by default: SPDY/3.1 tunnelled through a WebSocket
 * (subprotocol {@value #PROTOCOL}), the bytes of the SPDY connection carried in binary messages.
 * Upstream's port-forward protocol on top: for each forwarded connection the client opens an
 * {@code error} stream and a {@code data} stream with headers {@code streamtype}, {@code port} and
 * {@code requestid}; the kubelet answers each with a SYN_REPLY, connects to the port when the data
 * stream arrives, relays DATA both ways, ends the data stream (FIN) when the pod closes, and
 * writes a connection failure on the error stream. PINGs are answered; flow control is not
 * enforced (as the Go SPDY library kubectl uses). The client's FIN on a data stream closes the
 * connection's sending side ({@link PortStream#output()} closed).
 *
 * <p>Public for Jetty's listener binding. Jetty delivers messages one at a time; the pumps run on
 * virtual threads and send through the shared {@link WebSocketSender}.
 */
public final class SpdyPortForwardSocket implements Session.Listener.AutoDemanding {

    /** kubectl's tunnelling subprotocol. */
    public static final String PROTOCOL = "SPDY/3.1+portforward.k8s.io";
    /**
     * The same, under the name kube4j's apiserver offers (the JDK's WebSocket client refuses
     * subprotocols that are not tokens, and {@value #PROTOCOL} is not one).
     */
    public static final String ALIAS = "spdy-3.1.portforward.kube4j.io";

    private static final Logger LOG = LoggerFactory.getLogger(SpdyPortForwardSocket.class);

    private final IntFunction<PortStream> connect;
    private final String what;
    private final SpdyFrames frames = new SpdyFrames();
    private final Map<Integer, PortStream> dataStreams = new ConcurrentHashMap<>();
    /** requestid -> the error stream's id. */
    private final Map<String, Integer> errorStreams = new ConcurrentHashMap<>();
    private ByteBuffer pending = ByteBuffer.allocate(0);
    private volatile WebSocketSender sender;

    SpdyPortForwardSocket(IntFunction<PortStream> connect, String what) {
        this.connect = connect;
        this.what = what;
    }

    @Override
    public void onWebSocketOpen(Session session) {
        sender = new WebSocketSender(session);
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        try {
            ByteBuffer joined = ByteBuffer.allocate(pending.remaining() + payload.remaining());
            joined.put(pending).put(payload).flip();
            SpdyFrames.Frame frame;
            while ((frame = SpdyFrames.next(joined)) != null) {
                handle(frame);
            }
            pending = joined.slice();
            callback.succeed();
        } catch (IOException | DataFormatException | RuntimeException e) {
            LOG.debug("{}: SPDY connection failed: {}", what, e.toString());
            callback.fail(e);
        }
    }

    private void handle(SpdyFrames.Frame frame) throws IOException, DataFormatException {
        switch (frame) {
            case SpdyFrames.Data data -> {
                PortStream stream = dataStreams.get(data.streamId());
                if (stream != null) {
                    try {
                        if (data.data().length > 0) {
                            stream.output().write(data.data());
                            stream.output().flush();
                        }
                        if ((data.flags() & SpdyFrames.FLAG_FIN) != 0) {
                            stream.output().close();
                        }
                    } catch (IOException | java.io.UncheckedIOException e) {
                        // The pod closed this connection: only its stream ends, not the others.
                        LOG.debug("{}: writing to stream {} failed: {}", what, data.streamId(), e.getMessage());
                        dataStreams.remove(data.streamId());
                        stream.close();
                    }
                }
            }
            case SpdyFrames.Control control -> {
                switch (control.type()) {
                    case SpdyFrames.SYN_STREAM -> synStream(control.payload());
                    case SpdyFrames.PING -> sender.sendRaw(SpdyFrames.control(SpdyFrames.PING, 0, control.payload()));
                    case SpdyFrames.RST_STREAM -> {
                        int id = ByteBuffer.wrap(control.payload()).getInt() & 0x7fffffff;
                        PortStream stream = dataStreams.remove(id);
                        if (stream != null) {
                            stream.close();
                        }
                    }
                    case SpdyFrames.GOAWAY -> closeAll();
                    default -> {
                        // SETTINGS, WINDOW_UPDATE, HEADERS: nothing to do for port-forward.
                    }
                }
            }
        }
    }

    private void synStream(byte[] payload) throws IOException, DataFormatException {
        int streamId = ByteBuffer.wrap(payload).getInt() & 0x7fffffff;
        Map<String, String> headers = frames.synStreamHeaders(payload);
        String type = headers.getOrDefault("streamtype", "");
        String requestId = headers.getOrDefault("requestid", "");
        sender.sendRaw(frames.synReply(streamId));
        if (type.equals("error")) {
            errorStreams.put(requestId, streamId);
            return;
        }
        if (!type.equals("data")) {
            sender.sendRaw(SpdyFrames.rstStream(streamId, 1));
            return;
        }
        int port;
        try {
            port = Integer.parseInt(headers.getOrDefault("port", ""));
        } catch (NumberFormatException e) {
            fail(requestId, streamId, "invalid port header \"" + headers.get("port") + "\"");
            return;
        }
        PortStream stream;
        try {
            stream = connect.apply(port);
        } catch (RuntimeException e) {
            fail(requestId, streamId, "error forwarding port " + port + " to pod: " + e.getMessage());
            return;
        }
        dataStreams.put(streamId, stream);
        Thread.ofVirtual().name("spdy-portforward-" + port).start(() -> pump(stream, streamId, requestId));
    }

    /** Pod to client; at the pod's end, FIN on the data stream and on the error stream. */
    private void pump(PortStream stream, int streamId, String requestId) {
        byte[] buffer = new byte[32 * 1024];
        try (InputStream in = stream.input()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (n > 0) {
                    sender.sendRaw(SpdyFrames.data(streamId, 0, buffer, 0, n));
                }
            }
        } catch (IOException e) {
            LOG.debug("{}: stream {} ended: {}", what, streamId, e.getMessage());
        }
        try {
            sender.sendRaw(SpdyFrames.data(streamId, SpdyFrames.FLAG_FIN, new byte[0], 0, 0));
            Integer error = errorStreams.remove(requestId);
            if (error != null) {
                sender.sendRaw(SpdyFrames.data(error, SpdyFrames.FLAG_FIN, new byte[0], 0, 0));
            }
        } catch (IOException e) {
            LOG.debug("{}: could not end stream {}: {}", what, streamId, e.getMessage());
        } finally {
            PortStream s = dataStreams.remove(streamId);
            if (s != null) {
                s.close();
            }
        }
    }

    private void fail(String requestId, int dataStreamId, String message) throws IOException {
        Integer error = errorStreams.remove(requestId);
        if (error != null) {
            byte[] text = message.getBytes(StandardCharsets.UTF_8);
            sender.sendRaw(SpdyFrames.data(error, SpdyFrames.FLAG_FIN, text, 0, text.length));
        }
        sender.sendRaw(SpdyFrames.data(dataStreamId, SpdyFrames.FLAG_FIN, new byte[0], 0, 0));
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason, Callback callback) {
        closeAll();
        callback.succeed();
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        closeAll();
    }

    private void closeAll() {
        dataStreams.values().forEach(PortStream::close);
        dataStreams.clear();
    }
}
