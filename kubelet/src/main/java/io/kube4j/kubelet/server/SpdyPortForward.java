package io.kube4j.kubelet.server;

import io.kube4j.runtime.PortStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upstream's port-forward protocol ({@code portforward.k8s.io}) on a {@link SpdySession}, whether
 * the session runs on a plain SPDY upgrade or tunnelled in a WebSocket: for each forwarded
 * connection the client opens an {@code error} stream and a {@code data} stream, with headers
 * {@code streamType}, {@code port} and {@code requestID} (pairing them; clients without it pair by
 * stream id, the data stream two after its error stream, as upstream). The kubelet connects to the
 * port in the pod's network namespace when the data stream arrives and copies bytes both ways: the
 * client's FIN half-closes the pod connection, the pod's end finishes the data and error streams.
 * A port that cannot be reached is told as text on the error stream. Thread-safe; owns its pod
 * connections (closed when the session ends).
 */
final class SpdyPortForward implements SpdySession.Handler {

    private static final Logger LOG = LoggerFactory.getLogger(SpdyPortForward.class);

    private final IntFunction<PortStream> connect;
    private final String what;
    private final Map<Integer, PortStream> connections = new ConcurrentHashMap<>();
    /** request id -> its error stream. */
    private final Map<String, SpdyStream> errorStreams = new ConcurrentHashMap<>();

    /**
     * @param connect opens a connection to a port of the pod (throws when it cannot)
     * @param what names the session in log messages
     */
    SpdyPortForward(IntFunction<PortStream> connect, String what) {
        this.connect = connect;
        this.what = what;
    }

    @Override
    public void onStream(SpdyStream stream) throws IOException {
        String type = stream.header("streamtype");
        switch (type) {
            case "error" -> errorStreams.put(requestId(stream, 0), stream);
            case "data" -> data(stream, requestId(stream, 2));
            default -> throw new IOException("unknown stream type \"" + type + "\"");
        }
    }

    private static String requestId(SpdyStream stream, int offset) {
        String id = stream.header("requestid");
        return id.isEmpty() ? "stream-" + (stream.id() - offset) : id;
    }

    private void data(SpdyStream stream, String requestId) {
        String portHeader = stream.header("port");
        int port;
        try {
            port = Integer.parseInt(portHeader);
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            fail(stream, requestId, "invalid port header \"" + portHeader + "\"");
            return;
        }
        PortStream connection;
        try {
            connection = connect.apply(port);
        } catch (RuntimeException e) {
            fail(stream, requestId, "error forwarding port " + port + " to pod: " + e.getMessage());
            return;
        }
        connections.put(stream.id(), connection);
        stream.receiver(new SpdyStream.Receiver() {
            @Override
            public void data(byte[] bytes) throws IOException {
                connection.output().write(bytes);
                connection.output().flush();
            }

            @Override
            public void end() {
                try {
                    connection.output().close();
                } catch (IOException | RuntimeException e) {
                    LOG.debug("{}: half-closing port {} failed: {}", what, port, e.toString());
                }
            }
        });
        Thread.ofVirtual().name("spdy-portforward-" + port).start(() -> pump(connection, stream, requestId));
    }

    /** Pod to client; at the pod's end, FIN on the data stream and on the error stream. */
    private void pump(PortStream connection, SpdyStream stream, String requestId) {
        byte[] buffer = new byte[SpdyStream.MAX_DATA];
        try (InputStream in = connection.input()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (n > 0) {
                    stream.write(buffer, 0, n);
                }
            }
        } catch (IOException e) {
            LOG.debug("{}: stream {} ended: {}", what, stream.id(), e.getMessage());
        } finally {
            stream.finish();
            SpdyStream error = errorStreams.remove(requestId);
            if (error != null) {
                error.finish();
            }
            PortStream c = connections.remove(stream.id());
            if (c != null) {
                c.close();
            }
        }
    }

    private void fail(SpdyStream data, String requestId, String message) {
        LOG.debug("{}: {}", what, message);
        SpdyStream error = errorStreams.remove(requestId);
        if (error != null) {
            try {
                error.write(message.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                LOG.debug("{}: could not report: {}", what, e.getMessage());
            }
            error.finish();
        }
        data.finish();
    }

    @Override
    public void onEnd() {
        for (PortStream c : List.copyOf(connections.values())) {
            c.close();
        }
        connections.clear();
    }
}
