package io.kube4j.kubelet.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TcpSocketProbeTest {

    private final TcpSocketProbe probe = new TcpSocketProbe();

    @Test
    void aListeningPortSucceedsAClosedOneFailsInGosWords() throws Exception {
        int closed;
        try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            closed = server.getLocalPort();
            assertThat(probe.run("127.0.0.1", server.getLocalPort(), Duration.ofSeconds(1)).status())
                    .isEqualTo(ProbeResult.Status.SUCCESS);
        }
        assertThat(probe.run("127.0.0.1", closed, Duration.ofSeconds(1)))
                .isEqualTo(ProbeResult.failure("dial tcp 127.0.0.1:" + closed + ": connect: connection refused"));
    }
}
