package io.kube4j.kubelet.server;

import io.kube4j.runtime.PortStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.IntFunction;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Port-forward as kubectl 1.31+ speaks it by default: SPDY/3.1 tunnelled through a WebSocket
 * (subprotocol {@value #PROTOCOL}), the bytes of the SPDY connection carried in binary messages in
 * both directions. Only the transport is here: the SPDY connection is a {@link SpdySession} fed
 * message by message, the protocol on top {@link SpdyPortForward}, as for a plain SPDY upgrade.
 *
 * <p>Public for Jetty's listener binding. Jetty delivers messages one at a time; frames go out
 * through the shared {@link WebSocketSender}.
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
    private volatile SpdySession session;

    SpdyPortForwardSocket(IntFunction<PortStream> connect, String what) {
        this.connect = connect;
        this.what = what;
    }

    @Override
    public void onWebSocketOpen(Session webSocket) {
        WebSocketSender sender = new WebSocketSender(webSocket);
        SpdySession spdy = new SpdySession(new SpdySession.Transport() {
            @Override
            public void write(byte[] frame) throws IOException {
                sender.sendRaw(frame);
            }

            @Override
            public void close() {
                sender.close();
            }
        }, what);
        spdy.handler(new SpdyPortForward(connect, what));
        session = spdy;
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        try {
            session.receive(payload);
            callback.succeed();
        } catch (IOException | RuntimeException e) {
            LOG.debug("{}: SPDY connection failed: {}", what, e.toString());
            callback.fail(e);
        }
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
        SpdySession s = session;
        if (s != null) {
            s.inputEnded();
        }
    }
}
