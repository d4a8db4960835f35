package io.kube4j.kubelet.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The grpc handler against a real HTTP/2 server (Jetty, h2c prior knowledge). */
class GrpcProbeTest {

    private GrpcTestServer server;
    private final GrpcProbe probe = new GrpcProbe();

    @BeforeEach
    void start() throws Exception {
        server = new GrpcTestServer();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private ProbeResult check(String service) {
        return probe.run("127.0.0.1", server.port(), service, Duration.ofSeconds(1));
    }

    @Test
    void servingIsSuccessAndTheServiceNameIsSent() {
        assertThat(check(null)).isEqualTo(ProbeResult.success("service healthy"));
        assertThat(check("ok")).isEqualTo(ProbeResult.success("service healthy"));
        assertThat(server.services).containsExactly("", "ok");
        assertThat(server.userAgents).allSatisfy(ua -> assertThat(ua).startsWith("kube-probe/1.33"));
    }

    @Test
    void otherStatusesAndRpcErrorsFailWithUpstreamsMessages() {
        assertThat(check("down")).isEqualTo(ProbeResult.failure("service unhealthy (responded with \"NOT_SERVING\")"));
        assertThat(check("other")).isEqualTo(ProbeResult.failure("service unhealthy (responded with \"SERVICE_UNKNOWN\")"));
        assertThat(check("unknown")).isEqualTo(ProbeResult.failure(
                "error: health rpc probe failed: rpc error: code = NotFound desc = unknown service"));
        assertThat(check("unimplemented")).isEqualTo(ProbeResult.failure(
                "this server does not implement the grpc health protocol (grpc.health.v1.Health): unknown service grpc.health.v1.Health"));
    }

    @Test
    void aSlowServerTimesOutAndAClosedPortFails() throws Exception {
        long start = System.nanoTime();
        assertThat(check("slow")).isEqualTo(ProbeResult.failure("timeout: health rpc did not complete within 1s"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2500));
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        assertThat(probe.run("127.0.0.1", closed, "", Duration.ofSeconds(1))).isEqualTo(ProbeResult.failure(
                "error: failed to connect service at \"127.0.0.1:" + closed + "\": dial tcp 127.0.0.1:" + closed
                        + ": connect: connection refused"));
    }

    @Test
    void protobufAndHpackEncodings() throws Exception {
        assertThat(GrpcHealthCall.request("")).isEmpty();
        assertThat(GrpcHealthCall.request("ab")).containsExactly(0x0a, 2, 'a', 'b');
        assertThat(GrpcHealthCall.status(new byte[] {0x08, 0x01})).isEqualTo(1);
        assertThat(GrpcHealthCall.status(new byte[0])).isZero();
        assertThat(GrpcHealthCall.status(new byte[] {0x12, 0x01, 'x', 0x08, 0x02})).as("unknown fields skipped").isEqualTo(2);
        var out = new java.io.ByteArrayOutputStream();
        GrpcHealthCall.integer(out, 1337, 5, 0);
        assertThat(out.toByteArray()).containsExactly(31, 154 - 256, 10); // RFC 7541 C.1.2
        assertThat(GrpcHealthCall.percentDecode("a%20b%")).isEqualTo("a b%");
    }
}
