package io.kube4j.kubelet.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.LocalPortForward;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import io.fabric8.kubernetes.client.dsl.LogWatch;
import io.kube4j.apiserver.testing.TestApiServer;
import io.kube4j.runtime.ContainerStatus;
import io.kube4j.runtime.SandboxStatus;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The apiserver's pods/log, exec and portforward proxied to a {@link KubeletServer} over the fake
 * runtime, through fabric8 (WebSocket exec and port-forward).
 */
@Timeout(60)
class KubeletProxyIT {

    static KubeletBehindApi harness;
    static TestApiServer api;
    static KubernetesClient client;
    static FakeRuntime runtime;
    static Path dir;
    static Path webLog;
    static SandboxStatus webSandbox;

    @BeforeAll
    static void start() throws Exception {
        harness = KubeletBehindApi.start("kubelet-proxy-it");
        api = harness.api;
        client = harness.client;
        runtime = harness.runtime;
        dir = harness.dir;
        webSandbox = runtime.addSandbox("default", "web", "uid-web");
        webLog = dir.resolve("web.log");
        Files.writeString(webLog, "2024-01-01T00:00:01Z stdout F first\n2024-01-01T00:00:02Z stderr F second\n");
        Path previousLog = dir.resolve("web-0.log");
        Files.writeString(previousLog, "2024-01-01T00:00:00Z stdout F crashed\n");
        runtime.addContainer(webSandbox, "app", 0, false, previousLog);
        runtime.addContainer(webSandbox, "app", 1, true, webLog);
        harness.serve("node-a", List::of);
        harness.node("node-dead", KubeletBehindApi.closedPort());
        harness.runningPod("web", "node-a", List.of("app"), List.of());
        harness.runningPod("multi", "node-a", List.of("a", "b"), List.of("init"));
        harness.runningPod("pending", null, List.of("app"), List.of());
        harness.runningPod("orphan", "node-dead", List.of("app"), List.of());
    }

    @AfterAll
    static void stop() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void logsWithOptions() {
        var web = client.pods().inNamespace("default").withName("web");
        assertEquals("first\nsecond\n", web.getLog());
        assertEquals("second\n", web.tailingLines(1).getLog());
        assertEquals("crashed\n", web.terminated().getLog());
        assertEquals("first\nsecond\n", web.inContainer("app").getLog());
    }

    @Test
    void logErrorsAsUpstream() {
        KubernetesClientException several = assertThrows(KubernetesClientException.class,
                () -> client.pods().inNamespace("default").withName("multi").getLog());
        assertEquals(400, several.getCode());
        assertTrue(several.getMessage().contains(
                "a container name must be specified for pod multi, choose one of: [a b] or one of the init containers: [init]"),
                several.getMessage());
        KubernetesClientException unknown = assertThrows(KubernetesClientException.class,
                () -> client.pods().inNamespace("default").withName("web").inContainer("nope").getLog());
        assertEquals(400, unknown.getCode());
        assertTrue(unknown.getMessage().contains("container nope is not valid for pod web"), unknown.getMessage());
        KubernetesClientException noHost = assertThrows(KubernetesClientException.class,
                () -> client.pods().inNamespace("default").withName("pending").getLog());
        assertEquals(400, noHost.getCode());
        assertTrue(noHost.getMessage().contains("pod pending does not have a host assigned"), noHost.getMessage());
        KubernetesClientException absent = assertThrows(KubernetesClientException.class,
                () -> client.pods().inNamespace("default").withName("absent").inContainer("x").getLog());
        assertEquals(404, absent.getCode());
    }

    @Test
    void anUnreachableKubeletIs503WithTheDialError() throws Exception {
        // A plain client: fabric8 retries 503s with back-off.
        java.net.http.HttpResponse<String> dead = api.http().send(java.net.http.HttpRequest.newBuilder(
                api.url().resolve("/api/v1/namespaces/default/pods/orphan/log")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(503, dead.statusCode());
        assertTrue(dead.body().contains("error dialing backend: dial tcp 127.0.0.1:"), dead.body());
        assertTrue(dead.body().contains("\"reason\":\"ServiceUnavailable\""), dead.body());
    }

    @Test
    void followedLogStreamsNewLinesUntilTheContainerEnds() throws Exception {
        SandboxStatus sandbox = runtime.addSandbox("default", "follow", "uid-follow");
        Path log = dir.resolve("follow.log");
        Files.writeString(log, "2024-01-01T00:00:01Z stdout F early\n");
        ContainerStatus c = runtime.addContainer(sandbox, "app", 0, true, log);
        harness.runningPod("follow", "node-a", List.of("app"), List.of());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (LogWatch watch = client.pods().inNamespace("default").withName("follow").watchLog(out)) {
            waitFor(() -> out.toString(StandardCharsets.UTF_8).contains("early"));
            Files.writeString(log, "2024-01-01T00:00:02Z stdout F late\n", StandardOpenOption.APPEND);
            waitFor(() -> out.toString(StandardCharsets.UTF_8).contains("late"));
            runtime.exit(c.id());
            watch.onClose().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        assertEquals("early\nlate\n", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void execWithStdinAndExitCodes() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ExecWatch watch = client.pods().inNamespace("default").withName("web").redirectingInput()
                .writingOutput(out).exec("cat")) {
            OutputStream in = watch.getInput();
            in.write("through the apiserver\n".getBytes(StandardCharsets.UTF_8));
            in.flush();
            waitFor(() -> out.toString(StandardCharsets.UTF_8).contains("through the apiserver"));
        }
        // fabric8 refuses an exec without any stream: keep stdout (empty here).
        try (ExecWatch watch = client.pods().inNamespace("default").withName("web").writingOutput(new ByteArrayOutputStream())
                .exec("sh", "-c", "exit 3")) {
            assertEquals(3, watch.exitCode().get(10, TimeUnit.SECONDS));
        }
        ByteArrayOutputStream hi = new ByteArrayOutputStream();
        try (ExecWatch watch = client.pods().inNamespace("default").withName("web").writingOutput(hi)
                .exec("echo", "hi")) {
            assertEquals(0, watch.exitCode().get(10, TimeUnit.SECONDS));
        }
        waitFor(() -> hi.toString(StandardCharsets.UTF_8).equals("hi\n"));
    }

    @Test
    void portForwardThroughTheApiserver() throws Exception {
        try (ServerSocket echo = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                try (Socket s = echo.accept()) {
                    s.getInputStream().transferTo(s.getOutputStream());
                } catch (Exception ignored) {
                    // test over
                }
            });
            try (LocalPortForward forward = client.pods().inNamespace("default").withName("web")
                    .portForward(echo.getLocalPort());
                    Socket socket = new Socket(InetAddress.getLoopbackAddress(), forward.getLocalPort())) {
                socket.setSoTimeout(10_000);
                socket.getOutputStream().write("ping\n".getBytes(StandardCharsets.UTF_8));
                socket.getOutputStream().flush();
                InputStream in = socket.getInputStream();
                assertEquals("ping\n", new String(in.readNBytes(5), StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void kubectlLogsAndExec() throws Exception {
        Kubectl133 kubectl = Kubectl133.require(api.kubeconfig());
        Kubectl133.Result logs = kubectl.run(null, "logs", "web");
        assertEquals("first\nsecond\n", logs.out(), logs.err());
        assertEquals("second\n", kubectl.run(null, "logs", "web", "--tail=1").out());
        assertEquals("crashed\n", kubectl.run(null, "logs", "web", "--previous").out());
        Kubectl133.Result several = kubectl.run(null, "logs", "multi");
        // kubectl picks the first container itself (as with upstream); the fake runtime has none for it.
        assertEquals(1, several.exit());
        assertTrue(several.err().contains("Defaulted container \"a\" out of: a, b, init (init)"), several.err());
        assertTrue(several.err().contains("Error from server (BadRequest): container \"a\" in pod \"multi\" is "
                + "waiting to start: ContainerCreating"), several.err());

        Kubectl133.Result hi = kubectl.run(null, "exec", "web", "--", "echo", "hi");
        assertEquals(0, hi.exit(), hi.err());
        assertEquals("hi\n", hi.out());
        Kubectl133.Result three = kubectl.run(null, "exec", "web", "--", "sh", "-c", "exit 3");
        assertEquals(3, three.exit(), three.err());
        assertTrue(three.err().contains("command terminated with exit code 3"), three.err());
        Kubectl133.Result echo = kubectl.run("hello from stdin\n", "exec", "-i", "web", "--", "cat");
        assertEquals(0, echo.exit(), echo.err());
        assertEquals("hello from stdin\n", echo.out());
        // The kubelet's refusal reaches the user, though kubectl retries it over SPDY.
        Kubectl133.Result notCreated = kubectl.run(null, "exec", "multi", "-c", "a", "--", "echo");
        assertEquals(1, notCreated.exit());
        assertTrue(notCreated.err().contains("container \"a\" in pod \"multi\" is waiting to start: ContainerCreating"),
                notCreated.err());
        // The fake runtime's main process is a cat: attach echoes stdin until it closes.
        Kubectl133.Result attach = kubectl.run("attached\n", "attach", "-i", "web");
        assertEquals(0, attach.exit(), attach.err());
        assertTrue(attach.out().contains("attached\n"), attach.out());
    }

    @Test
    void kubectlLogsFollowEndsWithTheContainer() throws Exception {
        Kubectl133 kubectl = Kubectl133.require(api.kubeconfig());
        SandboxStatus sandbox = runtime.addSandbox("default", "tail", "uid-tail");
        Path log = dir.resolve("tail.log");
        Files.writeString(log, "2024-01-01T00:00:01Z stdout F early\n");
        ContainerStatus c = runtime.addContainer(sandbox, "app", 0, true, log);
        harness.runningPod("tail", "node-a", List.of("app"), List.of());
        Process p = kubectl.start("logs", "-f", "tail");
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Thread reader = Thread.ofVirtual().start(() -> {
                try {
                    p.getInputStream().transferTo(out);
                } catch (java.io.IOException ignored) {
                    // process ended
                }
            });
            waitFor(() -> out.toString(StandardCharsets.UTF_8).contains("early"));
            Files.writeString(log, "2024-01-01T00:00:02Z stdout F late\n", StandardOpenOption.APPEND);
            waitFor(() -> out.toString(StandardCharsets.UTF_8).contains("late"));
            assertTrue(p.isAlive(), "kubectl logs -f follows while the container runs");
            runtime.exit(c.id());
            assertTrue(p.waitFor(10, TimeUnit.SECONDS), "kubectl logs -f ends with the container");
            reader.join(5_000);
            assertEquals("early\nlate\n", out.toString(StandardCharsets.UTF_8));
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void kubectlPortForward() throws Exception {
        Kubectl133 kubectl = Kubectl133.require(api.kubeconfig());
        try (ServerSocket echo = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                try (Socket s = echo.accept()) {
                    byte[] line = s.getInputStream().readNBytes(5);
                    s.getOutputStream().write(line);
                    s.getOutputStream().flush();
                } catch (Exception ignored) {
                    // test over
                }
            });
            try (Kubectl133.PortForward forward = kubectl.portForward("pod/web", echo.getLocalPort())) {
                Process p = forward.process();
                int local = forward.localPort();
                try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), local)) {
                    socket.setSoTimeout(10_000);
                    socket.getOutputStream().write("ping\n".getBytes(StandardCharsets.UTF_8));
                    socket.getOutputStream().flush();
                    assertEquals("ping\n", new String(socket.getInputStream().readNBytes(5), StandardCharsets.UTF_8));
                }
                assertTrue(p.isAlive(), "kubectl port-forward keeps running after a connection");
            }
        }
    }

    static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(20);
        }
    }
}
