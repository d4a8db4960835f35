package io.kube4j.apiserver.proxy;

import java.time.Duration;
import java.util.function.Consumer;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.HttpStream;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Answers an HTTP/1.1 request with {@code 101 Switching Protocols} and takes the connection over
 * from Jetty, for upgrades Jetty has no support for (upstream's {@code Upgrade: SPDY/3.1}). Jetty
 * 12 core has no hijacking as Go's {@code http.Hijacker}; what it has is the hook its own WebSocket
 * server uses: a {@link org.eclipse.jetty.io.Connection} stored in the request attribute
 * {@link HttpStream#UPGRADE_CONNECTION_ATTRIBUTE} replaces the HTTP connection on the end point once
 * the 101 response is written. The replacement here ({@link TakenOverConnection}) hands blocking
 * streams to a session that runs on its own virtual thread. Stateless; thread-safe.
 */
public final class RawUpgrade {

    /** Upstream's streaming idle timeout: an idle interactive shell stays open this long. */
    public static final Duration IDLE_TIMEOUT = Duration.ofHours(4);

    private RawUpgrade() {
    }

    /** Whether the request came over HTTP/1.1 (an upgrade needs its own connection; HTTP/2 has none). */
    public static boolean possible(Request request) {
        return request.getConnectionMetaData().getHttpVersion() == HttpVersion.HTTP_1_1;
    }

    /**
     * Writes the 101 with {@code headers} (the caller's {@code Upgrade}, {@code Connection} and
     * protocol headers) and, once it is on the wire, runs {@code session} on a new virtual thread
     * with the connection; the connection is closed when {@code session} returns or throws.
     * Completes {@code callback} (as any handler must). When the 101 cannot be written the session
     * never runs.
     *
     * @throws IllegalStateException when the request is not HTTP/1.1 ({@link #possible})
     */
    public static void upgrade(Request request, Response response, Callback callback, HttpFields headers,
            String name, Consumer<RawConnection> session) {
        if (!possible(request)) {
            throw new IllegalStateException("a protocol upgrade needs an HTTP/1.1 connection");
        }
        EndPoint endPoint = request.getConnectionMetaData().getConnection().getEndPoint();
        TakenOverConnection connection = new TakenOverConnection(endPoint,
                request.getConnectionMetaData().getConnector().getExecutor(), name, session);
        request.setAttribute(HttpStream.UPGRADE_CONNECTION_ATTRIBUTE, connection);
        response.setStatus(101);
        for (var field : headers) {
            response.getHeaders().add(field);
        }
        response.write(true, null, callback);
    }
}
