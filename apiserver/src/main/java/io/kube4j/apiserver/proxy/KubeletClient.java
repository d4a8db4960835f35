package io.kube4j.apiserver.proxy;

import io.kube4j.apiserver.pki.KeyedCertificate;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * How the apiserver calls kubelets: HTTPS presenting the apiserver's kubelet client certificate
 * (upstream's {@code --kubelet-client-certificate}; CN {@value #USER}), without verifying the
 * kubelet's serving certificate, as upstream does when no {@code --kubelet-certificate-authority}
 * is given (kubelets serve self-signed certificates). HTTP/1.1, so that WebSocket upgrades work.
 * Thread-safe; {@link #close} releases the connection pool.
 */
public final class KubeletClient implements AutoCloseable {

    /** The user the apiserver's kubelet client certificate names (kubeadm's). */
    public static final String USER = "kube-apiserver-kubelet-client";
    /** Its group: upstream's superuser group, which a kubelet authorizes for everything. */
    public static final String GROUP = "system:masters";

    private static final char[] PASSWORD = "in-memory".toCharArray();
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http;
    private final SSLContext tls;

    private KubeletClient(HttpClient http, SSLContext tls) {
        this.http = http;
        this.tls = tls;
    }

    /** A client presenting {@code identity} (null: no client certificate; kubelets will refuse it). */
    public static KubeletClient create(KeyedCertificate identity) {
        try {
            KeyManager[] keys = null;
            if (identity != null) {
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                store.setKeyEntry("identity", identity.privateKey(), PASSWORD,
                        new X509Certificate[] {identity.certificate()});
                KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX");
                kmf.init(store, PASSWORD);
                keys = kmf.getKeyManagers();
            }
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(keys, new TrustManager[] {new AnyServer()}, null);
            HttpClient http = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .sslContext(tls)
                    .connectTimeout(CONNECT_TIMEOUT)
                    .executor(Executors.newVirtualThreadPerTaskExecutor())
                    .build();
            return new KubeletClient(http, tls);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build the kubelet client's TLS context", e);
        }
    }

    /** A GET whose body the caller reads (and closes) as it arrives. */
    public HttpResponse<InputStream> get(URI uri) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    /**
     * Sends any request (the proxy subresources'); redirects are not followed.
     *
     * @throws IOException when the kubelet cannot be reached or the exchange fails
     */
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body)
            throws IOException, InterruptedException {
        return http.send(request, body);
    }

    /**
     * Opens a WebSocket to the kubelet offering {@code protocols} (in the client's order).
     *
     * @return completes with the socket, or exceptionally (a {@code WebSocketHandshakeException}
     *     carries the kubelet's refusal)
     */
    public CompletableFuture<WebSocket> webSocket(URI uri, List<String> protocols, WebSocket.Listener listener) {
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(CONNECT_TIMEOUT);
        if (!protocols.isEmpty()) {
            builder.subprotocols(protocols.getFirst(), protocols.subList(1, protocols.size()).toArray(String[]::new));
        }
        return builder.buildAsync(uri, listener);
    }

    /**
     * A TLS connection to the kubelet at {@code uri}'s host and port with the same identity and
     * trust as {@link #get}, handshake done, for a request this side writes itself (upgrades the
     * HTTP client cannot make, as SPDY's). The caller owns and closes the socket.
     */
    public SSLSocket connect(URI uri) throws IOException {
        int port = uri.getPort() < 0 ? 443 : uri.getPort();
        Socket plain = new Socket();
        try {
            plain.connect(new java.net.InetSocketAddress(uri.getHost(), port), (int) CONNECT_TIMEOUT.toMillis());
            plain.setTcpNoDelay(true);
            SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(plain, uri.getHost(), port, true);
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setApplicationProtocols(new String[] {"http/1.1"});
            socket.setSSLParameters(parameters);
            socket.setSoTimeout((int) CONNECT_TIMEOUT.toMillis());
            socket.startHandshake();
            socket.setSoTimeout(0);
            return socket;
        } catch (IOException | RuntimeException e) {
            plain.close();
            throw e;
        }
    }

    @Override
    public void close() {
        http.close();
    }

    /** Trusts any kubelet serving certificate (upstream's default without a kubelet CA). */
    private static final class AnyServer extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
