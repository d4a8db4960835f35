package io.kube4j.runtime.runc;

import static org.assertj.core.api.Assertions.assertThat;

import io.kube4j.runtime.ContainerConfig;
import io.kube4j.runtime.ContainerStats;
import io.kube4j.runtime.ExecResult;
import io.kube4j.runtime.PortStream;
import io.kube4j.runtime.SandboxStatus;
import io.kube4j.runtime.StreamSession;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Streams into running containers: shared pod network, exec, execSync, attach, port-forward, stats. */
class RuncStreamsIT {

    private RuncHarness harness;
    private RuncRuntime runtime;

    @BeforeEach
    void setUp() throws Exception {
        RuncHarness.assumeHost();
        harness = new RuncHarness();
        runtime = harness.runtime();
    }

    @AfterEach
    void tearDown() {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void twoContainersOfAPodShareItsNetwork() throws Exception {
        SandboxStatus sandbox = runtime.runSandbox(harness.sandbox("net"));
        String server = runtime.createContainer(sandbox.id(), RuncHarness.container("server", List.of("sh", "-c", "sleep 30 | nc -l -p 8080")));
        runtime.startContainer(server);
        String client = runtime.createContainer(sandbox.id(), RuncHarness.container("client", List.of("sh", "-c",
                "for i in $(seq 1 100); do echo hello-over-lo | nc 127.0.0.1 8080 && exit 0; sleep 0.1; done; exit 1")));
        runtime.startContainer(client);
        assertThat(RuncHarness.awaitExit(runtime, client, Duration.ofSeconds(20)).exitCode()).isZero();
        RuncHarness.awaitLog(runtime.container(server).orElseThrow().logPath(), "hello-over-lo", Duration.ofSeconds(10));

        // and its IPC: one /dev/shm for the pod
        String writer = runtime.createContainer(sandbox.id(), RuncHarness.container("writer",
                List.of("sh", "-c", "echo shared-memory > /dev/shm/note")));
        runtime.startContainer(writer);
        RuncHarness.awaitExit(runtime, writer, Duration.ofSeconds(20));
        String reader = runtime.createContainer(sandbox.id(), RuncHarness.container("reader", List.of("cat", "/dev/shm/note")));
        runtime.startContainer(reader);
        RuncHarness.awaitExit(runtime, reader, Duration.ofSeconds(20));
        RuncHarness.awaitLog(runtime.container(reader).orElseThrow().logPath(), "shared-memory", Duration.ofSeconds(5));
    }

    @Test
    void execSyncExecAndTerminal() throws Exception {
        SandboxStatus sandbox = runtime.runSandbox(harness.sandbox("exec"));
        String id = runtime.createContainer(sandbox.id(), RuncHarness.container("sleeper", List.of("sleep", "300")));
        runtime.startContainer(id);

        ExecResult result = runtime.execSync(id, List.of("sh", "-c", "cat /etc/hostname; echo oops >&2; exit 4"), Duration.ofSeconds(10));
        assertThat(result.exitCode()).isEqualTo(4);
        assertThat(new String(result.stdout(), StandardCharsets.UTF_8)).isEqualTo("exec\n");
        assertThat(new String(result.stderr(), StandardCharsets.UTF_8)).isEqualTo("oops\n");

        long before = System.nanoTime();
        ExecResult slow = runtime.execSync(id, List.of("sleep", "30"), Duration.ofSeconds(1));
        assertThat(slow.timedOut()).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(10));
        assertThat(runtime.execSync(id, List.of("sh", "-c", "ps | grep -c 'sleep 30' | grep -v 1"), Duration.ofSeconds(5))
                .exitCode()).as("the timed-out process was killed").isZero();

        try (StreamSession cat = runtime.exec(id, List.of("cat"), false, true)) {
            cat.stdin().write("piped through\n".getBytes(StandardCharsets.UTF_8));
            cat.stdin().close();
            assertThat(new String(cat.stdout().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("piped through\n");
            assertThat(cat.waitFor()).isZero();
        }

        try (StreamSession tty = runtime.exec(id, List.of("sh", "-c",
                "[ -t 0 ] && [ -t 1 ] && echo has-a-tty; read line; echo size:$(stty size) got:$line; exit 3"), true, true)) {
            StringBuilder seen = new StringBuilder();
            byte[] buf = new byte[1024];
            int n;
            while (!seen.toString().contains("has-a-tty") && (n = tty.stdout().read(buf)) > 0) {
                seen.append(new String(buf, 0, n, StandardCharsets.UTF_8));
            }
            tty.resize(100, 40);
            RuncHarness.sleep(200);
            tty.stdin().write("typed\n".getBytes(StandardCharsets.UTF_8));
            tty.stdin().flush();
            CompletableFuture<String> rest = readAll(tty.stdout());
            assertThat(tty.waitFor()).isEqualTo(3);
            assertThat(rest.get(10, TimeUnit.SECONDS)).contains("size:40 100 got:typed");
        }

        ContainerStats stats = runtime.stats(id).orElseThrow();
        assertThat(stats.memoryUsageBytes()).isPositive();
        assertThat(stats.cpuUsageNanos()).isPositive();
    }

    @Test
    void attachSeesOutputAndFeedsStdin() throws Exception {
        SandboxStatus sandbox = runtime.runSandbox(harness.sandbox("attach"));
        ContainerConfig echo = new ContainerConfig("echo", 0, "busybox:test",
                List.of("sh", "-c", "while read line; do echo got:$line; echo err:$line >&2; done; exit 7"), List.of(), "",
                List.of(), List.of(), "echo/0.log", true, true, false, ContainerConfig.Resources.NONE,
                ContainerConfig.Security.DEFAULT, Map.of(), Map.of());
        String id = runtime.createContainer(sandbox.id(), echo);
        runtime.startContainer(id);
        try (StreamSession attached = runtime.attach(id, true, false)) {
            CompletableFuture<String> out = readAll(attached.stdout());
            CompletableFuture<String> err = readAll(attached.stderr());
            attached.stdin().write("first\n".getBytes(StandardCharsets.UTF_8));
            attached.stdin().flush();
            RuncHarness.awaitLog(runtime.container(id).orElseThrow().logPath(), "got:first", Duration.ofSeconds(10));
            attached.stdin().close(); // stdinOnce: conmon closes the process's stdin, the loop ends
            assertThat(attached.waitFor()).isEqualTo(7);
            attached.close();
            assertThat(out.get(10, TimeUnit.SECONDS)).contains("got:first");
            assertThat(err.get(10, TimeUnit.SECONDS)).contains("err:first");
        }
    }

    @Test
    void portForwardReachesAServerInThePod() throws Exception {
        SandboxStatus sandbox = runtime.runSandbox(harness.sandbox("pf"));
        String id = runtime.createContainer(sandbox.id(), RuncHarness.container("server",
                List.of("sh", "-c", "echo pong-from-pod | nc -l -p 9090")));
        runtime.startContainer(id);
        String reply = null;
        for (int attempt = 0; attempt < 100 && reply == null; attempt++) {
            try (PortStream stream = runtime.portForward(sandbox.id(), 9090)) {
                reply = new String(stream.input().readAllBytes(), StandardCharsets.UTF_8);
            } catch (io.kube4j.runtime.RuntimeFailure e) {
                RuncHarness.sleep(100); // the server is not listening yet
            }
        }
        assertThat(reply).isEqualTo("pong-from-pod\n");
        try (java.net.ServerSocket hostSide = new java.net.ServerSocket(0)) {
            // the connection was made in the pod's namespace: the host's loopback port is not it
            assertThat(hostSide.getLocalPort()).isPositive();
        }
    }

    private static CompletableFuture<String> readAll(InputStream in) {
        CompletableFuture<String> result = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[4096];
            try {
                int n;
                while ((n = in.read(buf)) > 0) {
                    out.write(buf, 0, n);
                }
            } catch (IOException e) {
                // end of the session
            }
            result.complete(out.toString(StandardCharsets.UTF_8));
        });
        return result;
    }
}
