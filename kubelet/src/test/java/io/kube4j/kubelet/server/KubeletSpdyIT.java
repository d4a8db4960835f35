package io.kube4j.kubelet.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kube4j.apiserver.testing.TestApiServer;
import io.kube4j.runtime.SandboxStatus;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * exec, attach and port-forward over plain SPDY/3.1 (an HTTP/1.1 {@code Upgrade: SPDY/3.1}) from a
 * real kubectl through a real apiserver, which tunnels the connection to a {@link KubeletServer}
 * over the fake runtime: Debian's kubectl 1.20 (which speaks nothing else) and kubectl 1.33 with
 * its WebSocket protocols switched off. Skipped, saying why, when a kubectl is not installed.
 */
@Timeout(90)
class KubeletSpdyIT {

    static KubeletBehindApi harness;
    static TestApiServer api;
    static KubernetesClient client;
    static FakeRuntime runtime;
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        harness = KubeletBehindApi.start("kubelet-spdy-it");
        api = harness.api;
        client = harness.client;
        runtime = harness.runtime;
        dir = harness.dir;
        SandboxStatus web = runtime.addSandbox("default", "web", "uid-web");
        Path log = dir.resolve("web.log");
        Files.writeString(log, "");
        runtime.addContainer(web, "app", 0, true, log);
        SandboxStatus waiting = runtime.addSandbox("default", "waiting", "uid-waiting");
        runtime.addContainer(waiting, "app", 0, false, log);
        harness.serve("node-s", List::of);
        harness.runningPod("web", "node-s", List.of("app"), List.of());
        harness.runningPod("waiting", "node-s", List.of("app"), List.of());
    }

    @AfterAll
    static void stop() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void debianKubectlExecsWithStdinAndExitCodes() throws Exception {
        execs(Kubectl133.debian(api.kubeconfig()));
    }

    @Test
    void kubectl133ForcedToSpdyExecs() throws Exception {
        execs(Kubectl133.require(api.kubeconfig()).withEnv(Map.of("KUBECTL_REMOTE_COMMAND_WEBSOCKETS", "false")));
    }

    private static void execs(Kubectl133 kubectl) throws Exception {
        Kubectl133.Result hi = kubectl.run(null, "exec", "web", "--", "echo", "hi");
        assertEquals(0, hi.exit(), hi.err());
        assertEquals("hi\n", hi.out());
        Kubectl133.Result both = kubectl.run(null, "exec", "web", "--", "sh", "-c", "echo out; echo err >&2");
        assertEquals(0, both.exit(), both.err());
        assertEquals("out\n", both.out());
        assertTrue(both.err().contains("err\n"), both.err());
        Kubectl133.Result three = kubectl.run(null, "exec", "web", "--", "sh", "-c", "exit 3");
        assertEquals(3, three.exit(), three.err());
        assertTrue(three.err().contains("command terminated with exit code 3"), three.err());
        String text = "hello from stdin\n".repeat(5000); // 85 kB: several DATA frames each way
        Kubectl133.Result echo = kubectl.run(text, "exec", "-i", "web", "--", "cat");
        assertEquals(0, echo.exit(), echo.err());
        assertEquals(text, echo.out());
        Kubectl133.Result refused = kubectl.run(null, "exec", "waiting", "--", "echo");
        assertEquals(1, refused.exit());
        assertTrue(refused.err().contains("is not running") || refused.err().contains("waiting to start"),
                refused.err());
    }

    /** {@code exec -it} under a terminal (util-linux's script(1) gives kubectl a pty): the resize stream too. */
    @Test
    void debianKubectlExecsWithATerminal() throws Exception {
        Kubectl133 kubectl = Kubectl133.debian(api.kubeconfig());
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")),
                "util-linux's script is not installed");
        String line = kubectl.binary() + " --kubeconfig " + kubectl.kubeconfig() + " exec -it web -- head -n1";
        Process p = new ProcessBuilder("/usr/bin/script", "-qec", line, "/dev/null").redirectErrorStream(true).start();
        try {
            p.getOutputStream().write("typed\n".getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().flush();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Thread reader = Thread.ofVirtual().start(() -> {
                try {
                    p.getInputStream().transferTo(out);
                } catch (java.io.IOException ignored) {
                    // ended
                }
            });
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "exec -it ends with its command");
            reader.join(5_000);
            assertEquals(0, p.exitValue(), out.toString(StandardCharsets.UTF_8));
            assertTrue(out.toString(StandardCharsets.UTF_8).contains("typed"), out.toString(StandardCharsets.UTF_8));
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void debianKubectlAttaches() throws Exception {
        Kubectl133 kubectl = Kubectl133.debian(api.kubeconfig());
        // The fake runtime's main process is a cat: attach echoes stdin until it closes.
        Kubectl133.Result attach = kubectl.run("attached\n", "attach", "-i", "web");
        assertEquals(0, attach.exit(), attach.err());
        assertTrue(attach.out().contains("attached\n"), attach.out());
    }

    @Test
    void debianKubectlPortForwardsBothWays() throws Exception {
        portForwards(Kubectl133.debian(api.kubeconfig()));
    }

    @Test
    void kubectl133ForcedToSpdyPortForwards() throws Exception {
        portForwards(Kubectl133.require(api.kubeconfig()).withEnv(Map.of("KUBECTL_PORT_FORWARD_WEBSOCKETS", "false")));
    }

    /**
     * Two connections through one kubectl: 1 MiB to an echo server and back, then a short exchange.
     * (No half-close: the fake runtime's pod connection is a plain socket whose output closes it.)
     */
    private static void portForwards(Kubectl133 kubectl) throws Exception {
        try (ServerSocket echo = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                for (int i = 0; i < 2; i++) {
                    try (Socket s = echo.accept()) {
                        s.getInputStream().transferTo(s.getOutputStream());
                    } catch (Exception ignored) {
                        return;
                    }
                }
            });
            try (Kubectl133.PortForward forward = kubectl.portForward("pod/web", echo.getLocalPort())) {
                Process p = forward.process();
                int local = forward.localPort();
                byte[] payload = new byte[1 << 20];
                new Random(7).nextBytes(payload);
                try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), local)) {
                    socket.setSoTimeout(20_000);
                    Thread writer = Thread.ofVirtual().start(() -> {
                        try {
                            socket.getOutputStream().write(payload);
                            socket.getOutputStream().flush();
                        } catch (java.io.IOException ignored) {
                            // the read below fails
                        }
                    });
                    byte[] back = new byte[payload.length];
                    new DataInputStream(socket.getInputStream()).readFully(back);
                    writer.join(5_000);
                    assertArrayEquals(payload, back);
                }
                try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), local)) {
                    socket.setSoTimeout(10_000);
                    socket.getOutputStream().write("ping\n".getBytes(StandardCharsets.UTF_8));
                    socket.getOutputStream().flush();
                    assertEquals("ping\n", new String(socket.getInputStream().readNBytes(5), StandardCharsets.UTF_8));
                }
                assertTrue(p.isAlive(), "kubectl port-forward keeps running after its connections");
            }
        }
    }
}
