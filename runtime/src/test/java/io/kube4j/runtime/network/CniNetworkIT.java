package io.kube4j.runtime.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kube4j.runtime.RuntimeFailure;
import io.kube4j.runtime.SandboxConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The real plugins (bridge, host-local, loopback, portmap) on namespaces, a bridge and a subnet of the test's own. Root only. */
@Timeout(60)
class CniNetworkIT {

    @TempDir
    Path state;
    private NetFixture net;

    @BeforeEach
    void setUp() throws Exception {
        assumeTrue(NetFixture.available(), "needs root, the CNI plugins in /usr/lib/cni, busybox, ip and iptables");
        net = new NetFixture();
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (net != null) {
            net.close();
        }
    }

    private CniNetwork network(String cidr) {
        return new CniNetwork(CniConfig.of("k4t-net-" + net.suffix, net.bridge, cidr, state));
    }

    private static SandboxConfig sandbox(String name, List<SandboxConfig.PortMapping> ports) {
        return new SandboxConfig(name, "default", "uid-" + name, 0, name, Path.of("/tmp"), null, List.of(), ports,
                false, false, false, false, "", Map.of(), Map.of(), Map.of());
    }

    @Test
    void twoPodsGetAddressesInTheCidrAndTalkOverTcp() throws Exception {
        CniNetwork network = network(net.subnetBase + ".0/24");
        Path nsA = net.netns("a");
        Path nsB = net.netns("b");
        String idA = "sb-a-" + net.suffix;
        String idB = "sb-b-" + net.suffix;
        List<String> ipsA = network.setUp(idA, sandbox("a", List.of()), nsA);
        List<String> ipsB = network.setUp(idB, sandbox("b", List.of()), nsB);
        try {
            assertThat(ipsA).hasSize(1);
            assertThat(ipsB).hasSize(1);
            assertThat(ipsA.getFirst()).startsWith(net.subnetBase + ".").isNotEqualTo(net.subnetBase + ".1");
            assertThat(ipsB.getFirst()).startsWith(net.subnetBase + ".").isNotEqualTo(ipsA.getFirst());
            // loopback is up in the pod
            assertThat(NetFixture.run("ip", "netns", "exec", net.nsName(nsA), "ip", "link", "show", "lo").out()).contains("UP");

            // pod b -> pod a
            Process listener = listen(nsA, 8080);
            try {
                awaitListening(nsA, 8080);
                NetFixture.Result sent = NetFixture.run("ip", "netns", "exec", net.nsName(nsB), "sh", "-c",
                        "echo hello-from-b | busybox nc -w 3 " + ipsA.getFirst() + " 8080");
                assertThat(sent.code()).as(sent.err()).isZero();
                assertThat(received(listener)).contains("hello-from-b");
            } finally {
                listener.destroyForcibly();
            }

            // the host -> pod a
            Process hostListener = listen(nsA, 8081);
            try {
                awaitListening(nsA, 8081);
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress(ipsA.getFirst(), 8081), 3000);
                    socket.getOutputStream().write("hello-from-host\n".getBytes(StandardCharsets.UTF_8));
                }
                assertThat(received(hostListener)).contains("hello-from-host");
            } finally {
                hostListener.destroyForcibly();
            }
        } finally {
            network.tearDown(idA, sandbox("a", List.of()), nsA);
            network.tearDown(idB, sandbox("b", List.of()), nsB);
        }
        assertThat(Files.list(state.resolve("ipam").resolve("k4t-net-" + net.suffix))
                .map(p -> p.getFileName().toString()).filter(n -> n.startsWith("10."))).isEmpty();
        assertThat(net.natRulesMentioning(idA)).as("masquerade rules of a").isEmpty();
        assertThat(net.natRulesMentioning(idB)).as("masquerade rules of b").isEmpty();
        assertThat(state.resolve("results")).isEmptyDirectory();
    }

    @Test
    void delReleasesTheAddressEvenWhenTheNamespaceIsGone() throws Exception {
        // A /30 has a single pod address: the second pod gets it only once the first released it.
        CniNetwork network = network(net.subnetBase + ".0/30");
        Path nsA = net.netns("a");
        Path nsB = net.netns("b");
        String idA = "sb-a-" + net.suffix;
        String idB = "sb-b-" + net.suffix;
        assertThat(network.setUp(idA, sandbox("a", List.of()), nsA)).containsExactly(net.subnetBase + ".2");

        assertThatThrownBy(() -> network.setUp(idB, sandbox("b", List.of()), nsB))
                .isInstanceOfSatisfying(RuntimeFailure.class, f -> {
                    assertThat(f.reason()).isEqualTo(RuntimeFailure.Reason.NETWORK);
                    assertThat(f.getMessage()).contains("CNI plugin bridge ADD failed").contains("no IP addresses available");
                });

        net.deleteNetns(nsA);
        network.tearDown(idA, sandbox("a", List.of()), nsA);
        network.tearDown(idA, sandbox("a", List.of()), nsA); // idempotent

        assertThat(network.setUp(idB, sandbox("b", List.of()), nsB)).containsExactly(net.subnetBase + ".2");
        network.tearDown(idB, sandbox("b", List.of()), nsB);
        assertThat(net.natRulesMentioning(idA)).as("rules of the pod whose namespace vanished").isEmpty();
        assertThat(net.natRulesMentioning(idB)).isEmpty();
    }

    @Test
    void hostPortReachesThePodFromTheHost() throws Exception {
        CniNetwork network = network(net.subnetBase + ".0/24");
        Path ns = net.netns("p");
        String id = "sb-p-" + net.suffix;
        int hostPort = ThreadLocalRandom.current().nextInt(20000, 30000);
        SandboxConfig sandbox = sandbox("p", List.of(new SandboxConfig.PortMapping(8080, hostPort, "TCP", "")));
        network.setUp(id, sandbox, ns);
        try {
            assertThat(net.natRulesMentioning(id)).as("portmap's rules").isNotEmpty();
            Process listener = listen(ns, 8080);
            try {
                awaitListening(ns, 8080);
                String gateway = network.config().gateway(); // an address of this host
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress(gateway, hostPort), 3000);
                    socket.getOutputStream().write("via-host-port\n".getBytes(StandardCharsets.UTF_8));
                }
                assertThat(received(listener)).contains("via-host-port");
            } finally {
                listener.destroyForcibly();
            }
        } finally {
            network.tearDown(id, sandbox, ns);
        }
        assertThat(net.natRulesMentioning(id)).as("portmap and masquerade rules after DEL").isEmpty();
    }

    private Process listen(Path ns, int port) throws IOException {
        return new ProcessBuilder("ip", "netns", "exec", net.nsName(ns), "busybox", "nc", "-l", "-p", String.valueOf(port))
                .redirectErrorStream(true).start();
    }

    /** Waits (at most 5 s) until something listens on the port in the namespace. */
    private void awaitListening(Path ns, int port) throws Exception {
        String hex = String.format(":%04X ", port);
        for (int i = 0; i < 100; i++) {
            String tcp = NetFixture.run("ip", "netns", "exec", net.nsName(ns), "cat", "/proc/net/tcp", "/proc/net/tcp6").out();
            if (tcp.lines().anyMatch(l -> l.contains(hex) && l.contains(" 0A "))) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("nothing listens on " + port);
    }

    private static String received(Process listener) throws Exception {
        if (!listener.waitFor(5, TimeUnit.SECONDS)) {
            listener.destroyForcibly();
        }
        try (InputStream in = listener.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

}
