package io.kube4j.kubelet.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kube4j.apiserver.pki.CertificateAuthority;
import io.kube4j.apiserver.proxy.KubeletClient;
import io.kube4j.kubelet.stats.NodeUsage;
import io.kube4j.kubelet.stats.SummaryProvider;
import io.kube4j.runtime.SandboxStatus;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The kubelet's plain SPDY/3.1 upgrade on the wire, with a hand-written client over TLS: the
 * version handshake, its refusals, and exec and port-forward sessions on the taken-over connection.
 */
@Timeout(60)
class KubeletSpdyUpgradeTest {

    private static Path dir;
    private static FakeRuntime runtime;
    private static KubeletServer server;
    private static KubeletClient apiserver;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("kubelet-spdy-test");
        CertificateAuthority ca = CertificateAuthority.generate("test-ca", Instant.now(), Duration.ofDays(1));
        runtime = new FakeRuntime();
        SandboxStatus sandbox = runtime.addSandbox("default", "web", "uid-1");
        Path log = dir.resolve("app.log");
        Files.writeString(log, "");
        runtime.addContainer(sandbox, "app", 0, true, log);
        server = KubeletServer.start(KubeletServerConfig.defaults("node-a", "127.0.0.1", 0, dir, ca.certificate()),
                runtime, List::of, new SummaryProvider("node-a", runtime, new NodeUsage(Path.of("/proc"))),
                Duration.ofMillis(50));
        apiserver = KubeletClient.create(ca.issueClient(KubeletServerConfig.APISERVER_USER, List.of(), Instant.now(),
                Duration.ofDays(1)));
    }

    @AfterAll
    static void stop() throws Exception {
        if (apiserver != null) {
            apiserver.close();
        }
        if (server != null) {
            server.close();
        }
        if (runtime != null) {
            runtime.close();
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** An answer head: status and lower-case headers; {@code in} is positioned after it. */
    private record Head(int status, Map<String, String> headers, InputStream in, OutputStream out, Socket socket) {}

    /** Sends an upgrade request (and {@code early} bytes right behind it) and reads the answer's head. */
    private static Head request(String target, String upgrade, List<String> versions, byte[] early) throws Exception {
        URI uri = URI.create("https://127.0.0.1:" + server.port() + target);
        Socket socket = apiserver.connect(uri);
        socket.setSoTimeout(20_000);
        StringBuilder head = new StringBuilder("POST " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Connection: Upgrade\r\nUpgrade: " + upgrade + "\r\nContent-Length: 0\r\n");
        for (String v : versions) {
            head.append("X-Stream-Protocol-Version: ").append(v).append("\r\n");
        }
        head.append("\r\n");
        OutputStream out = socket.getOutputStream();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        all.writeBytes(early);
        out.write(all.toByteArray());
        out.flush();
        InputStream in = new BufferedInputStream(socket.getInputStream());
        String status = line(in);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String l = line(in); !l.isEmpty(); l = line(in)) {
            int colon = l.indexOf(':');
            headers.put(l.substring(0, colon).trim().toLowerCase(Locale.ROOT), l.substring(colon + 1).trim());
        }
        return new Head(Integer.parseInt(status.split(" ")[1]), headers, in, out, socket);
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

    private static String body(Head head) throws Exception {
        int length = Integer.parseInt(head.headers().getOrDefault("content-length", "0"));
        return new String(head.in().readNBytes(length), StandardCharsets.UTF_8);
    }

    @Test
    void theFirstVersionTheClientListsThatTheKubeletSpeaksIsChosen() throws Exception {
        Head head = request("/exec/default/web/app?command=true&stdout=1", "SPDY/3.1",
                List.of("v9.channel.k8s.io", "v3.channel.k8s.io", "v4.channel.k8s.io"), new byte[0]);
        try (Socket s = head.socket()) {
            assertEquals(101, head.status());
            assertEquals("v3.channel.k8s.io", head.headers().get("x-stream-protocol-version"));
            assertEquals("SPDY/3.1", head.headers().get("upgrade"));
            assertTrue(head.headers().get("connection").equalsIgnoreCase("upgrade"));
        }
    }

    @Test
    void noVersionInCommonIs403NamingBothLists() throws Exception {
        Head head = request("/exec/default/web/app?command=true&stdout=1", "SPDY/3.1", List.of("v5.channel.k8s.io"),
                new byte[0]);
        try (Socket s = head.socket()) {
            assertEquals(403, head.status());
            String body = body(head);
            assertTrue(body.contains("unable to negotiate protocol: client supports [v5.channel.k8s.io], server supports"
                    + " [v4.channel.k8s.io, v3.channel.k8s.io, v2.channel.k8s.io, channel.k8s.io]"), body);
        }
        Head portForward = request("/portForward/default/web", "SPDY/3.1", List.of("v4.channel.k8s.io"), new byte[0]);
        try (Socket s = portForward.socket()) {
            assertEquals(403, portForward.status());
        }
    }

    @Test
    void anotherSpdyVersionIs400AndTheRuntimesRefusalComesFirst() throws Exception {
        Head old = request("/exec/default/web/app?command=true&stdout=1", "SPDY/2", List.of(), new byte[0]);
        try (Socket s = old.socket()) {
            assertEquals(400, old.status());
            assertTrue(body(old).contains("missing upgrade headers"));
        }
        Head absent = request("/exec/default/nope/app?command=true&stdout=1", "SPDY/3.1",
                List.of("v4.channel.k8s.io"), new byte[0]);
        try (Socket s = absent.socket()) {
            assertEquals(400, absent.status());
            assertTrue(body(absent).contains("container \"app\" in pod \"nope\" is waiting to start"));
        }
    }

    @Test
    void execOverTheTakenOverConnectionWithStreamsSentBeforeThe101() throws Exception {
        SpdyFrames client = new SpdyFrames();
        // Frames right behind the request: Jetty's HTTP parser reads them ahead, the session must get them.
        ByteArrayOutputStream early = new ByteArrayOutputStream();
        early.writeBytes(client.synStream(1, Map.of("streamType", "error"), 0));
        early.writeBytes(client.synStream(3, Map.of("streamType", "stdin"), 0));
        early.writeBytes(client.synStream(5, Map.of("streamType", "stdout"), 0));
        early.writeBytes(SpdyFrames.ping(1));
        Head head = request("/exec/default/web/app?command=cat&stdin=1&stdout=1", "SPDY/3.1",
                List.of("v4.channel.k8s.io"), early.toByteArray());
        try (Socket s = head.socket()) {
            assertEquals(101, head.status());
            byte[] text = "over spdy\n".getBytes(StandardCharsets.UTF_8);
            head.out().write(SpdyFrames.data(3, SpdyFrames.FLAG_FIN, text, 0, text.length));
            head.out().flush();
            ByteArrayOutputStream stdout = new ByteArrayOutputStream();
            ByteArrayOutputStream error = new ByteArrayOutputStream();
            int replies = 0;
            boolean pong = false;
            boolean goAway = false;
            for (int i = 0; i < 200 && !goAway; i++) {
                SpdyFrames.Frame frame = SpdyFrames.read(head.in());
                switch (frame) {
                    case SpdyFrames.Control c when c.type() == SpdyFrames.SYN_REPLY -> {
                        client.replyHeaders(c.payload());
                        replies++;
                    }
                    case SpdyFrames.Control c when c.type() == SpdyFrames.PING -> pong = ByteBuffer.wrap(c.payload()).getInt() == 1;
                    case SpdyFrames.Control c when c.type() == SpdyFrames.GOAWAY -> goAway = true;
                    case SpdyFrames.Data d when d.streamId() == 5 -> stdout.writeBytes(d.data());
                    case SpdyFrames.Data d when d.streamId() == 1 -> error.writeBytes(d.data());
                    case null -> throw new AssertionError("the connection ended before GOAWAY");
                    default -> { }
                }
            }
            assertEquals(3, replies);
            assertTrue(pong, "the ping is echoed");
            assertTrue(goAway);
            assertEquals("over spdy\n", stdout.toString(StandardCharsets.UTF_8));
            assertEquals("{\"metadata\":{},\"status\":\"Success\"}", error.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void portForwardPairsStreamsByRequestIdAndReportsAnUnreachablePort() throws Exception {
        try (ServerSocket echo = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                try (Socket s = echo.accept()) {
                    s.getOutputStream().write(s.getInputStream().readNBytes(4));
                    s.getOutputStream().flush();
                } catch (Exception ignored) {
                    // test over
                }
            });
            int closedPort;
            try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                closedPort = closed.getLocalPort();
            }
            Head head = request("/portForward/default/web", "SPDY/3.1", List.of("portforward.k8s.io"), new byte[0]);
            try (Socket s = head.socket()) {
                assertEquals(101, head.status());
                assertEquals("portforward.k8s.io", head.headers().get("x-stream-protocol-version"));
                SpdyFrames client = new SpdyFrames();
                String port = String.valueOf(echo.getLocalPort());
                head.out().write(client.synStream(1, Map.of("streamType", "error", "port", port, "requestID", "0"), 0));
                head.out().write(client.synStream(3, Map.of("streamType", "data", "port", port, "requestID", "0"), 0));
                head.out().write(SpdyFrames.data(3, 0, "ping".getBytes(StandardCharsets.UTF_8), 0, 4));
                String dead = String.valueOf(closedPort);
                head.out().write(client.synStream(5, Map.of("streamType", "error", "port", dead, "requestID", "1"), 0));
                head.out().write(client.synStream(7, Map.of("streamType", "data", "port", dead, "requestID", "1"), 0));
                head.out().flush();
                ByteArrayOutputStream data = new ByteArrayOutputStream();
                ByteArrayOutputStream refusal = new ByteArrayOutputStream();
                boolean dataFin = false;
                boolean refusalFin = false;
                for (int i = 0; i < 200 && !(dataFin && refusalFin); i++) {
                    SpdyFrames.Frame frame = SpdyFrames.read(head.in());
                    if (frame instanceof SpdyFrames.Control c && c.type() == SpdyFrames.SYN_REPLY) {
                        client.replyHeaders(c.payload());
                    } else if (frame instanceof SpdyFrames.Data d && d.streamId() == 3) {
                        data.writeBytes(d.data());
                        dataFin |= (d.flags() & SpdyFrames.FLAG_FIN) != 0;
                    } else if (frame instanceof SpdyFrames.Data d && d.streamId() == 5) {
                        refusal.writeBytes(d.data());
                        refusalFin |= (d.flags() & SpdyFrames.FLAG_FIN) != 0;
                    } else if (frame == null) {
                        throw new AssertionError("the connection ended");
                    }
                }
                assertEquals("ping", data.toString(StandardCharsets.UTF_8));
                assertTrue(dataFin, "the pod's end finishes the data stream");
                assertTrue(refusal.toString(StandardCharsets.UTF_8).startsWith("error forwarding port " + dead + " to pod"),
                        refusal.toString(StandardCharsets.UTF_8));
            }
        }
    }
}
