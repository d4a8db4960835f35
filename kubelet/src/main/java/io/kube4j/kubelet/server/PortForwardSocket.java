package io.kube4j.kubelet.server;

import io.kube4j.runtime.PortStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntFunction;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kubelet's end of a WebSocket port-forward, upstream's protocol: for the i-th port of the
 * request's {@code ports}, channel 2i carries the data and 2i+1 errors; the first message the
 * server sends on each channel is the port number (two bytes, little-endian). One TCP connection
 * into the pod per port, opened when the WebSocket opens; the WebSocket closes when every
 * connection has ended. A connection that cannot be made is reported on its error channel.
 *
 * <p>Public for Jetty's listener binding. Owns its port streams.
 */
public final class PortForwardSocket implements Session.Listener.AutoDemanding {

    private static final Logger LOG = LoggerFactory.getLogger(PortForwardSocket.class);

    private final List<Integer> ports;
    private final IntFunction<PortStream> connect;
    private final String what;
    private final PortStream[] streams;
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile WebSocketSender sender;

    /**
     * @param connect opens a connection to a port in the pod (throws when it cannot)
     */
    PortForwardSocket(List<Integer> ports, IntFunction<PortStream> connect, String what) {
        this.ports = List.copyOf(ports);
        this.connect = connect;
        this.what = what;
        this.streams = new PortStream[ports.size()];
    }

    @Override
    public void onWebSocketOpen(Session session) {
        WebSocketSender out = new WebSocketSender(session);
        sender = out;
        Thread.ofVirtual().name("portforward").start(() -> run(out));
    }

    private void run(WebSocketSender out) {
        CountDownLatch done = new CountDownLatch(ports.size());
        String[] errors = new String[ports.size()];
        // Connect before announcing the ports: the client sends data once it has seen them.
        for (int i = 0; i < ports.size(); i++) {
            try {
                streams[i] = connect.apply(ports.get(i));
            } catch (RuntimeException e) {
                errors[i] = "error forwarding port " + ports.get(i) + " to pod: " + e.getMessage();
            }
        }
        try {
            for (int i = 0; i < ports.size(); i++) {
                int port = ports.get(i);
                byte[] portBytes = {(byte) (port & 0xff), (byte) ((port >> 8) & 0xff)};
                out.send((byte) (2 * i), portBytes);
                out.send((byte) (2 * i + 1), portBytes);
            }
            for (int i = 0; i < ports.size(); i++) {
                int index = i;
                if (errors[i] != null) {
                    out.send((byte) (2 * i + 1), errors[i].getBytes(StandardCharsets.UTF_8));
                    done.countDown();
                    continue;
                }
                Thread.ofVirtual().name("portforward-" + ports.get(i)).start(() -> {
                    try {
                        pump(streams[index].input(), (byte) (2 * index));
                    } finally {
                        done.countDown();
                    }
                });
            }
            done.await();
        } catch (IOException e) {
            LOG.debug("{}: {}", what, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            end();
            out.close();
        }
    }

    private void pump(InputStream in, byte channel) {
        byte[] buffer = new byte[32 * 1024];
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (n > 0) {
                    sender.send(channel, buffer, 0, n);
                }
            }
        } catch (IOException e) {
            LOG.debug("{}: channel {} ended: {}", what, channel, e.getMessage());
        }
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        try {
            if (payload.remaining() > 0) {
                int channel = payload.get() & 0xff;
                byte[] data = new byte[payload.remaining()];
                payload.get(data);
                int index = channel / 2;
                if (channel % 2 == 0 && index < streams.length && streams[index] != null && data.length > 0) {
                    streams[index].output().write(data);
                    streams[index].output().flush();
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("{}: writing to the pod failed: {}", what, e.getMessage());
        }
        callback.succeed();
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason, Callback callback) {
        end();
        callback.succeed();
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        end();
    }

    private void end() {
        if (ended.compareAndSet(false, true)) {
            for (PortStream s : streams) {
                if (s != null) {
                    s.close();
                }
            }
        }
    }
}
