package io.kube4j.kubelet.server;

import io.kube4j.apiserver.proxy.RawConnection;
import io.kube4j.apiserver.proxy.RawUpgrade;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Upstream's HTTP/1.1 {@code Upgrade: SPDY/3.1} for the kubelet's streaming endpoints: the
 * {@code X-Stream-Protocol-Version} handshake (the first version the client lists that the server
 * speaks; none listed is the legacy unversioned protocol; none in common a 403 naming both lists),
 * then a 101 with {@code Connection: Upgrade}, {@code Upgrade: SPDY/3.1} and the chosen version,
 * and a {@link SpdySession} served on the taken-over connection ({@link RawUpgrade}). Stateless.
 */
final class SpdyUpgrade {

    static final String PROTOCOL = "SPDY/3.1";
    static final String VERSION_HEADER = "X-Stream-Protocol-Version";
    static final String ACCEPTED_HEADER = "X-Accepted-Stream-Protocol-Versions";

    private SpdyUpgrade() {
    }

    /** Whether the request asks for a SPDY upgrade (rather than a WebSocket, or nothing). */
    static boolean requested(Request request) {
        String upgrade = request.getHeaders().get(HttpHeader.UPGRADE);
        return upgrade != null && upgrade.toLowerCase(Locale.ROOT).startsWith("spdy/");
    }

    /**
     * The version to speak: the first of the client's that {@code supported} has, "" when the client
     * named none.
     *
     * @throws HttpError 400 for a SPDY version other than 3.1 or a missing {@code Connection: Upgrade};
     *     403 when no version is in common (upstream's wording)
     */
    static String negotiate(Request request, List<String> supported) {
        String upgrade = request.getHeaders().get(HttpHeader.UPGRADE);
        String connection = request.getHeaders().get(HttpHeader.CONNECTION);
        if (upgrade == null || !upgrade.equalsIgnoreCase(PROTOCOL) || connection == null
                || !connection.toLowerCase(Locale.ROOT).contains("upgrade")) {
            throw new HttpError(400, "unable to upgrade: missing upgrade headers in request: Upgrade=" + upgrade
                    + ", Connection=" + connection);
        }
        List<String> offered = new ArrayList<>();
        for (String value : request.getHeaders().getValuesList(VERSION_HEADER)) {
            for (String p : value.split(",")) {
                if (!p.isBlank()) {
                    offered.add(p.trim());
                }
            }
        }
        if (offered.isEmpty()) {
            return "";
        }
        for (String o : offered) {
            if (supported.contains(o)) {
                return o;
            }
        }
        throw new HttpError(403, "unable to upgrade: unable to negotiate protocol: client supports " + offered
                + ", server supports " + supported);
    }

    /**
     * Answers 101 and serves a SPDY session on the connection with the handler {@code handlerFor}
     * makes. {@code onFailure} runs when the 101 could not be written (nothing will be served).
     */
    static void accept(Request request, Response response, Callback callback, String version, String what,
            Function<SpdySession, SpdySession.Handler> handlerFor, Runnable onFailure) {
        HttpFields.Mutable headers = HttpFields.build();
        headers.put(HttpHeader.CONNECTION, "Upgrade");
        headers.put(HttpHeader.UPGRADE, PROTOCOL);
        if (!version.isEmpty()) {
            headers.put(VERSION_HEADER, version);
        }
        Callback guarded = new Callback() {
            @Override
            public void succeeded() {
                callback.succeeded();
            }

            @Override
            public void failed(Throwable x) {
                onFailure.run();
                callback.failed(x);
            }
        };
        request.addIdleTimeoutListener(t -> false);
        RawUpgrade.upgrade(request, response, guarded, headers, what, connection -> serve(connection, what, handlerFor));
    }

    private static void serve(RawConnection connection, String what, Function<SpdySession, SpdySession.Handler> handlerFor) {
        SpdySession session = new SpdySession(new SpdySession.Transport() {
            @Override
            public void write(byte[] frame) throws IOException {
                connection.output().write(frame);
            }

            @Override
            public void close() {
                connection.close();
            }
        }, what);
        session.handler(handlerFor.apply(session));
        session.serve(connection.input());
    }
}
