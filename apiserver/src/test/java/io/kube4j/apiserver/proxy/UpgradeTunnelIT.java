package io.kube4j.apiserver.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kube4j.apiserver.pki.CertificateAuthority;
import io.kube4j.apiserver.pki.SubjectNames;
import io.kube4j.apiserver.pki.TlsContexts;
import io.kube4j.apiserver.testing.TestApiServer;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The apiserver's SPDY tunnel against a scripted kubelet (TLS, raw HTTP/1.1): the client's upgrade
 * goes to the kubelet with its query and version headers, the kubelet's 101 and headers come back,
 * bytes pass both ways untouched, the kubelet's end ends the client's connection, and a kubelet
 * refusal reaches the client as a Status with its message.
 */
@Timeout(60)
class UpgradeTunnelIT {

    /** What the scripted kubelet saw: its request line and headers (names lower-case, values in order). */
    private record Seen(String requestLine, Map<String, List<String>> headers) {}

    private static TestApiServer api;
    private static KubernetesClient client;
    private static SSLServerSocket kubelet;
    private static final BlockingQueue<Seen> seen = new LinkedBlockingQueue<>();

    @BeforeAll
    static void start() throws Exception {
        api = TestApiServer.start();
        client = api.fabric8();
        CertificateAuthority ca = CertificateAuthority.generate("kubelet-ca", Instant.now(), Duration.ofDays(1));
        var serving = ca.issueServing("kubelet", new SubjectNames(Set.of("localhost"), Set.of("127.0.0.1")),
                Instant.now(), Duration.ofDays(1));
        kubelet = (SSLServerSocket) TlsContexts.server(serving, ca.certificate()).getServerSocketFactory()
                .createServerSocket(0, 10, InetAddress.getLoopbackAddress());
        kubelet.setWantClientAuth(true);
        Thread.ofVirtual().start(UpgradeTunnelIT::serveKubelet);
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName("node-t").endMetadata().build()).create();
        client.nodes().resource(new NodeBuilder(client.nodes().withName("node-t").get()).withNewStatus()
                .addNewAddress().withType("InternalIP").withAddress("127.0.0.1").endAddress()
                .withNewDaemonEndpoints().withNewKubeletEndpoint().withPort(kubelet.getLocalPort()).endKubeletEndpoint()
                .endDaemonEndpoints().endStatus().build()).updateStatus();
        Pod created = client.pods().inNamespace("default").resource(new PodBuilder().withNewMetadata().withName("web")
                .withNamespace("default").endMetadata().withNewSpec().withNodeName("node-t").addNewContainer()
                .withName("app").withImage("busybox").endContainer().endSpec().build()).create();
        client.pods().inNamespace("default").resource(new PodBuilder(created).withNewStatus().withPhase("Running")
                .endStatus().build()).updateStatus();
    }

    @AfterAll
    static void stop() throws Exception {
        if (kubelet != null) {
            kubelet.close();
        }
        if (client != null) {
            client.close();
        }
        if (api != null) {
            api.close();
        }
    }

    /** Each connection: read the head; "refuse" in the target is a 400, else a 101, "hello", then an echo. */
    private static void serveKubelet() {
        while (!kubelet.isClosed()) {
            Socket s;
            try {
                s = kubelet.accept();
            } catch (Exception e) {
                return;
            }
            Thread.ofVirtual().start(() -> {
                try (s) {
                    InputStream in = new BufferedInputStream(s.getInputStream());
                    Head head = head(in);
                    seen.add(new Seen(head.first(), head.headers()));
                    OutputStream out = s.getOutputStream();
                    if (head.first().contains("refuse")) {
                        byte[] body = "container app is not running".getBytes(StandardCharsets.UTF_8);
                        out.write(("HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\nContent-Length: "
                                + body.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                        out.write(body);
                        out.flush();
                        return;
                    }
                    out.write(("HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\n"
                            + "X-Stream-Protocol-Version: v4.channel.k8s.io\r\n\r\nhello").getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                    byte[] buffer = new byte[8192];
                    int n;
                    while ((n = in.read(buffer)) >= 0) {
                        if (n > 0 && buffer[n - 1] == '!') {
                            out.write(buffer, 0, n - 1);
                            return; // '!' ends the session from the kubelet's side
                        }
                        out.write(buffer, 0, n);
                        out.flush();
                    }
                } catch (Exception ignored) {
                    // connection over
                }
            });
        }
    }

    private record Head(String first, Map<String, List<String>> headers) {
        int status() {
            return Integer.parseInt(first.split(" ")[1]);
        }

        String header(String name) {
            List<String> values = headers.get(name);
            return values == null ? null : values.getFirst();
        }
    }

    private static Head head(InputStream in) throws Exception {
        String first = line(in);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String l = line(in); !l.isEmpty(); l = line(in)) {
            int colon = l.indexOf(':');
            headers.computeIfAbsent(l.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(l.substring(colon + 1).trim());
        }
        return new Head(first, headers);
    }

    private static String line(InputStream in) throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    private static SSLSocket connect(String target) throws Exception {
        SSLSocket socket = (SSLSocket) api.tls().getSocketFactory().createSocket(api.url().getHost(), api.url().getPort());
        socket.setSoTimeout(20_000);
        socket.getOutputStream().write(("POST " + target + " HTTP/1.1\r\nHost: " + api.url().getHost() + "\r\n"
                + "Connection: Upgrade\r\nUpgrade: SPDY/3.1\r\nX-Stream-Protocol-Version: v4.channel.k8s.io\r\n"
                + "X-Stream-Protocol-Version: v3.channel.k8s.io\r\nContent-Length: 0\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
        return socket;
    }

    @Test
    void theUpgradeReachesTheKubeletAndBytesPassBothWaysUntilItEnds() throws Exception {
        seen.clear();
        try (SSLSocket socket = connect("/api/v1/namespaces/default/pods/web/exec?command=cat&stdin=true&stdout=true")) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            Head head = head(in);
            assertEquals(101, head.status(), head.toString());
            assertEquals("SPDY/3.1", head.header("upgrade"));
            assertEquals("v4.channel.k8s.io", head.header("x-stream-protocol-version"));
            assertEquals("hello", new String(in.readNBytes(5), StandardCharsets.UTF_8), "the kubelet speaks first");
            Seen request = seen.poll(5, TimeUnit.SECONDS);
            assertEquals("POST /exec/default/web/app?command=cat&stdin=true&stdout=true HTTP/1.1", request.requestLine());
            assertEquals(List.of("v4.channel.k8s.io", "v3.channel.k8s.io"), request.headers().get("x-stream-protocol-version"));
            assertEquals(List.of("SPDY/3.1"), request.headers().get("upgrade"));
            assertTrue(request.headers().get("authorization") == null, "the client's credentials stay here");
            byte[] big = new byte[300_000];
            new java.util.Random(3).nextBytes(big);
            big[big.length - 1] = 0;
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    socket.getOutputStream().write(big);
                    socket.getOutputStream().flush();
                } catch (Exception ignored) {
                    // the read below fails
                }
            });
            byte[] back = in.readNBytes(big.length);
            writer.join(5_000);
            assertTrue(java.util.Arrays.equals(big, back), "bytes pass untouched both ways");
            socket.getOutputStream().write("bye!".getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            assertEquals("bye", new String(in.readNBytes(3), StandardCharsets.UTF_8));
            assertEquals(-1, in.read(), "the kubelet's end ends the client's connection");
        }
    }

    @Test
    void aKubeletRefusalReachesTheClientWithItsMessage() throws Exception {
        try (SSLSocket socket = connect("/api/v1/namespaces/default/pods/web/exec?command=refuse&stdout=true")) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            Head head = head(in);
            assertEquals(400, head.status());
            String body = new String(in.readNBytes(Integer.parseInt(head.header("content-length"))), StandardCharsets.UTF_8);
            assertTrue(body.contains("\"kind\":\"Status\""), body);
            assertTrue(body.contains("container app is not running"), body);
        }
    }

    @Test
    void apiserverValidationsComeFirst() throws Exception {
        try (SSLSocket socket = connect("/api/v1/namespaces/default/pods/web/exec?command=ls&stdout=true&container=nope")) {
            Head head = head(new BufferedInputStream(socket.getInputStream()));
            assertEquals(400, head.status());
        }
        try (SSLSocket socket = connect("/api/v1/namespaces/default/pods/absent/exec?command=ls&stdout=true")) {
            Head head = head(new BufferedInputStream(socket.getInputStream()));
            assertEquals(404, head.status());
        }
    }
}
