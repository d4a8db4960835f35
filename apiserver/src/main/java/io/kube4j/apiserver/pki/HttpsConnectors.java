package io.kube4j.apiserver.pki;

import java.time.Duration;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http2.HTTP2Cipher;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The apiserver's HTTPS listener: TLS, then ALPN choosing HTTP/2 ({@code h2}) or HTTP/1.1
 * ({@code http/1.1}, also the choice for clients that offer no ALPN), through the JDK's ALPN.
 *
 * <p>Limits follow kube-apiserver's: up to {@value #MAX_CONCURRENT_STREAMS} concurrent streams per
 * HTTP/2 connection, since client-go multiplexes all of a process's watches over one connection;
 * 1 MiB of request headers. The idle timeout is long ({@link #IDLE_TIMEOUT}) because a watch with
 * no events sends nothing for as long as its server-side timeout (upstream: 30 to 60 minutes);
 * handlers may shorten it per request for ordinary calls.
 */
public final class HttpsConnectors {

    /** HTTP/2 streams one connection may have open at once (kube-apiserver's default). */
    public static final int MAX_CONCURRENT_STREAMS = 1000;
    /** Idle time after which a connection or HTTP/2 stream is closed. */
    public static final Duration IDLE_TIMEOUT = Duration.ofMinutes(65);
    /** Largest request header block accepted (Go's {@code MaxHeaderBytes} in upstream's server). */
    public static final int MAX_REQUEST_HEADER_BYTES = 1 << 20;
    /** HTTP/2 receive windows: large enough that a big create or apply is not throttled. */
    private static final int STREAM_RECV_WINDOW = 1 << 20;
    private static final int SESSION_RECV_WINDOW = 16 << 20;

    private HttpsConnectors() {
    }

    /**
     * Adds (does not start) an HTTPS connector on {@code bindAddress:port} to {@code server}.
     *
     * @param bindAddress the address to listen on; null or {@code 0.0.0.0} for all IPv4
     *                    interfaces, {@code ::} for all
     * @param port        the port; 0 picks a free one (read it from the connector once started)
     * @return the connector, already added to the server
     */
    public static ServerConnector add(Server server, ClusterPki pki, String bindAddress, int port) {
        HttpConfiguration http = new HttpConfiguration();
        http.setSecureScheme("https");
        http.setSecurePort(port);
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setRequestHeaderSize(MAX_REQUEST_HEADER_BYTES);
        // The host-name check belongs to the client; the server presents one certificate for all names.
        http.addCustomizer(new SecureRequestCustomizer(false));

        HttpConnectionFactory http1 = new HttpConnectionFactory(http);
        HTTP2ServerConnectionFactory http2 = new HTTP2ServerConnectionFactory(http);
        http2.setMaxConcurrentStreams(MAX_CONCURRENT_STREAMS);
        http2.setStreamIdleTimeout(IDLE_TIMEOUT.toMillis());
        http2.setInitialStreamRecvWindow(STREAM_RECV_WINDOW);
        http2.setInitialSessionRecvWindow(SESSION_RECV_WINDOW);

        ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory(http2.getProtocol(), http1.getProtocol());
        alpn.setDefaultProtocol(http1.getProtocol());

        SslContextFactory.Server tls = pki.sslContextFactory();
        // HTTP/2 forbids some TLS 1.2 suites; this puts the permitted ones first.
        tls.setCipherComparator(HTTP2Cipher.COMPARATOR);
        SslConnectionFactory ssl = new SslConnectionFactory(tls, alpn.getProtocol());

        ServerConnector connector = new ServerConnector(server, ssl, alpn, http2, http1);
        connector.setHost(bindAddress == null || bindAddress.isEmpty() ? null : bindAddress);
        connector.setPort(port);
        connector.setIdleTimeout(IDLE_TIMEOUT.toMillis());
        server.addConnector(connector);
        return connector;
    }
}
