package io.kube4j.kubelet.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kube4j.apiserver.testing.TestApiServer;
import io.kube4j.runtime.SandboxStatus;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A measurement, not a regression test (run with {@code -Dkube4j.bench.portforward=true}): the
 * throughput of {@code kubectl port-forward} through the apiserver and a {@link KubeletServer}
 * (fake runtime: the "pod" port is a loopback server), 64 MiB each way, median of 3, for kubectl
 * 1.33 over WebSocket (SPDY tunnelled in it, its default), kubectl 1.33 forced to plain SPDY, and
 * Debian's kubectl 1.20 (plain SPDY). Each transfer is checked for its byte count.
 */
@Timeout(600)
class PortForwardThroughputIT {

    private static final int SIZE = 64 << 20;

    @Test
    void measure() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("kube4j.bench.portforward"), "-Dkube4j.bench.portforward=true runs it");
        try (KubeletBehindApi harness = KubeletBehindApi.start("pf-bench")) {
            TestApiServer api = harness.api;
            SandboxStatus sandbox = harness.runtime.addSandbox("default", "web", "uid-web");
            Path log = harness.dir.resolve("web.log");
            Files.writeString(log, "");
            harness.runtime.addContainer(sandbox, "app", 0, true, log);
            harness.serve("node-b", List::of);
            harness.runningPod("web", "node-b", List.of("app"), List.of());
            Kubectl133 newest = Kubectl133.require(api.kubeconfig());
            Map<String, Kubectl133> clients = new java.util.LinkedHashMap<>();
            clients.put("kubectl 1.33 WebSocket", newest);
            clients.put("kubectl 1.33 SPDY", newest.withEnv(Map.of("KUBECTL_PORT_FORWARD_WEBSOCKETS", "false")));
            clients.put("kubectl 1.20 SPDY", Kubectl133.debian(api.kubeconfig()));
            for (var e : clients.entrySet()) {
                System.out.println("BENCH " + e.getKey() + ": " + run(e.getValue()));
            }
        }
    }

    private static String run(Kubectl133 kubectl) throws Exception {
        try (ServerSocket pod = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            // The "pod": connections alternate download (64 MiB out, then close) and upload (count, ack).
            Thread server = Thread.ofVirtual().start(() -> {
                for (int i = 0; ; i++) {
                    try (Socket s = pod.accept()) {
                        if (i % 2 == 0) {
                            OutputStream out = s.getOutputStream();
                            byte[] chunk = new byte[64 * 1024];
                            for (int sent = 0; sent < SIZE; sent += chunk.length) {
                                out.write(chunk);
                            }
                            out.flush();
                        } else {
                            InputStream in = s.getInputStream();
                            long got = 0;
                            byte[] buffer = new byte[64 * 1024];
                            int n;
                            while (got < SIZE && (n = in.read(buffer)) >= 0) {
                                got += n;
                            }
                            s.getOutputStream().write(1);
                            s.getOutputStream().flush();
                        }
                    } catch (Exception ignored) {
                        return;
                    }
                }
            });
            try (Kubectl133.PortForward forward = kubectl.portForward("pod/web", pod.getLocalPort())) {
                int local = forward.localPort();
                List<Double> down = new ArrayList<>();
                List<Double> up = new ArrayList<>();
                for (int round = 0; round < 3; round++) {
                    down.add(download(local));
                    up.add(upload(local));
                }
                return String.format("download %.0f MiB/s (runs %s), upload %.0f MiB/s (runs %s)", median(down),
                        format(down), median(up), format(up));
            } finally {
                pod.close();
                server.join(5_000);
            }
        }
    }

    private static double download(int local) throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), local)) {
            socket.setSoTimeout(60_000);
            long start = System.nanoTime();
            long got = socket.getInputStream().transferTo(OutputStream.nullOutputStream());
            double seconds = (System.nanoTime() - start) / 1e9;
            assertEquals(SIZE, got);
            return SIZE / (1024.0 * 1024.0) / seconds;
        }
    }

    private static double upload(int local) throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), local)) {
            socket.setSoTimeout(60_000);
            long start = System.nanoTime();
            byte[] chunk = new byte[64 * 1024];
            OutputStream out = socket.getOutputStream();
            for (int sent = 0; sent < SIZE; sent += chunk.length) {
                out.write(chunk);
            }
            out.flush();
            assertEquals(1, socket.getInputStream().read());
            double seconds = (System.nanoTime() - start) / 1e9;
            return SIZE / (1024.0 * 1024.0) / seconds;
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static String format(List<Double> values) {
        return values.stream().map(v -> String.format("%.0f", v)).toList().toString();
    }
}
