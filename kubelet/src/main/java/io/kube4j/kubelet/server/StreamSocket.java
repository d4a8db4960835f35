package io.kube4j.kubelet.server;

import io.kube4j.runtime.StreamSession;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The kubelet's end of one exec or attach WebSocket: stdin, resize and (v5) close messages from
 * the client go to the runtime's {@link StreamSession}; the process's stdout and stderr go back on
 * channels 1 and 2; when the process ends (and its output is drained) the exit goes on the error
 * channel and the WebSocket closes. A client that goes away ends the session (exec: the process is
 * killed; attach: detached).
 *
 * <p>Public because Jetty binds listener methods through {@code MethodHandles.publicLookup()}.
 * Owns the session. Jetty calls the listener methods one at a time; the pumps run on their own
 * virtual threads.
 */
public final class StreamSocket implements Session.Listener.AutoDemanding {

    private static final Logger LOG = LoggerFactory.getLogger(StreamSocket.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final StreamSession process;
    private final ChannelProtocol protocol;
    private final boolean stdin;
    private final boolean stdout;
    private final boolean stderr;
    private final String what;
    private final List<String> command;
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile WebSocketSender sender;

    /**
     * @param what names the stream for log messages (e.g. "exec ns/pod/container")
     * @param command the exec'd command (empty for attach), named in a non-zero exit's message
     */
    StreamSocket(StreamSession process, ChannelProtocol protocol, boolean stdin, boolean stdout, boolean stderr,
            String what, List<String> command) {
        this.command = List.copyOf(command);
        this.process = process;
        this.protocol = protocol;
        this.stdin = stdin;
        this.stdout = stdout;
        this.stderr = stderr;
        this.what = what;
    }

    @Override
    public void onWebSocketOpen(Session session) {
        WebSocketSender out = new WebSocketSender(session);
        sender = out;
        List<Thread> pumps = new ArrayList<>();
        pumps.add(Thread.ofVirtual().name("stream-stdout").start(() -> pump(process.stdout(), ChannelProtocol.STDOUT, stdout)));
        pumps.add(Thread.ofVirtual().name("stream-stderr").start(() -> pump(process.stderr(), ChannelProtocol.STDERR, stderr)));
        Thread.ofVirtual().name("stream-wait").start(() -> finish(out, pumps));
    }

    /** Copies one of the process's streams to its channel (or drops it when not asked for). */
    private void pump(InputStream in, byte channel, boolean wanted) {
        byte[] buffer = new byte[32 * 1024];
        try (in) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (wanted && n > 0) {
                    sender.send(channel, buffer, 0, n);
                }
            }
        } catch (IOException e) {
            LOG.debug("{}: channel {} ended: {}", what, channel, e.getMessage());
        }
    }

    /** Waits for the process and its output, then tells the exit and closes. */
    private void finish(WebSocketSender out, List<Thread> pumps) {
        try {
            int exit = process.waitFor();
            for (Thread pump : pumps) {
                pump.join(10_000);
            }
            if (ended.get()) {
                return;
            }
            byte[] message = protocol.exitMessage(exit, command);
            if (message != null) {
                out.send(ChannelProtocol.ERROR, message);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            LOG.debug("{}: could not send the end: {}", what, e.getMessage());
        } finally {
            end();
            out.close();
        }
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        try {
            if (payload.remaining() > 0) {
                byte channel = payload.get();
                byte[] data = new byte[payload.remaining()];
                payload.get(data);
                receive(channel, data);
            }
            callback.succeed();
        } catch (IOException | RuntimeException e) {
            LOG.debug("{}: client message failed: {}", what, e.getMessage());
            callback.succeed();
        }
    }

    private void receive(byte channel, byte[] data) throws IOException {
        switch (channel) {
            case ChannelProtocol.STDIN -> {
                if (stdin && data.length > 0) {
                    process.stdin().write(data);
                    process.stdin().flush();
                }
            }
            case ChannelProtocol.RESIZE -> {
                JsonNode size = JSON.readTree(data);
                process.resize(size.path("Width").asInt(0), size.path("Height").asInt(0));
            }
            case ChannelProtocol.CLOSE -> {
                if (protocol == ChannelProtocol.V5 && data.length > 0 && data[0] == ChannelProtocol.STDIN) {
                    process.stdin().close();
                }
            }
            default -> LOG.debug("{}: ignoring a message on channel {}", what, channel & 0xff);
        }
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason, Callback callback) {
        end();
        callback.succeed();
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        LOG.debug("{}: WebSocket error: {}", what, cause.toString());
        end();
    }

    private void end() {
        if (ended.compareAndSet(false, true)) {
            process.close();
        }
    }

}
