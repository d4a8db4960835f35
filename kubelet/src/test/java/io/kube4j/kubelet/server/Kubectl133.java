package io.kube4j.kubelet.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The Cloud SDK's pinned {@code kubectl.1.33} beside the {@code kubectl} on PATH (as the e2e
 * module finds it), or Debian's kubectl 1.20 ({@link #debian}), run with extra environment
 * variables; tests that need one are skipped, saying why, when it is not there.
 */
record Kubectl133(Path binary, Path kubeconfig, Map<String, String> env) {

    /** Where {@code bin/test} unpacks Debian's kubectl, unless {@code -Dkube4j.kubectl.debian} says otherwise. */
    static final String DEBIAN_PROPERTY = "kube4j.kubectl.debian";

    Kubectl133(Path binary, Path kubeconfig) {
        this(binary, kubeconfig, Map.of());
    }

    /** Debian's kubectl 1.20 (SPDY only for exec, attach and port-forward), or a skipped test. */
    static Kubectl133 debian(Path kubeconfig) {
        String configured = System.getProperty(DEBIAN_PROPERTY, "");
        Path binary = configured.isEmpty()
                ? Path.of(System.getProperty("user.home"), ".cache/kube4j/kubectl-debian/usr/bin/kubectl")
                : Path.of(configured);
        Assumptions.assumeTrue(Files.isExecutable(binary), "Debian's kubectl 1.20 is not at " + binary
                + " (-D" + DEBIAN_PROPERTY + "=PATH)");
        return new Kubectl133(binary, kubeconfig);
    }

    /** The same kubectl with more environment (e.g. {@code KUBECTL_REMOTE_COMMAND_WEBSOCKETS=false}). */
    Kubectl133 withEnv(Map<String, String> more) {
        Map<String, String> all = new java.util.HashMap<>(env);
        all.putAll(more);
        return new Kubectl133(binary, kubeconfig, Map.copyOf(all));
    }

    /** The binary, or a skipped test. */
    static Kubectl133 require(Path kubeconfig) {
        Path found = null;
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path kubectl = Path.of(dir.isEmpty() ? "." : dir, "kubectl");
            if (Files.isExecutable(kubectl)) {
                try {
                    Path candidate = kubectl.toRealPath().getParent().resolve("kubectl.1.33");
                    if (Files.isExecutable(candidate)) {
                        found = candidate;
                    }
                } catch (IOException ignored) {
                    // not resolvable: keep looking
                }
                break;
            }
        }
        Assumptions.assumeTrue(found != null, "kubectl.1.33 is not beside the kubectl on PATH");
        return new Kubectl133(found, kubeconfig);
    }

    /** A finished run. */
    record Result(int exit, String out, String err) {}

    Process start(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(binary.toString(), "--kubeconfig", kubeconfig.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(env);
        return builder.start();
    }

    /** A running {@code kubectl port-forward}; closing it stops kubectl (TERM, then KILL after 5 s). */
    record PortForward(Process process, int localPort) implements AutoCloseable {
        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    /** Starts {@code kubectl port-forward TARGET LOCAL:podPort} on a free loopback port; returns once it forwards (10 s at most). */
    PortForward portForward(String target, int podPort) throws Exception {
        int local;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            local = free.getLocalPort();
        }
        Process p = start("port-forward", target, local + ":" + podPort);
        PortForward forward = new PortForward(p, local);
        try {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            Thread.ofVirtual().start(() -> {
                try {
                    p.getInputStream().transferTo(out);
                } catch (IOException ignored) {
                    // ended
                }
            });
            KubeletProxyIT.waitFor(() -> out.toString(StandardCharsets.UTF_8).contains("Forwarding from"));
            return forward;
        } catch (Exception | AssertionError e) {
            forward.close();
            throw e;
        }
    }

    /** Runs to the end (at most 30 s) with {@code stdin} as its input. */
    Result run(String stdin, String... args) throws Exception {
        Process p = start(args);
        try {
            if (stdin != null) {
                p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            p.getOutputStream().close();
            byte[][] streams = new byte[2][];
            Thread o = Thread.ofVirtual().start(() -> streams[0] = readQuietly(p.getInputStream()));
            Thread e = Thread.ofVirtual().start(() -> streams[1] = readQuietly(p.getErrorStream()));
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                throw new AssertionError("kubectl " + String.join(" ", args) + " did not end within 30 s");
            }
            o.join(5_000);
            e.join(5_000);
            return new Result(p.exitValue(), new String(streams[0], StandardCharsets.UTF_8),
                    new String(streams[1], StandardCharsets.UTF_8));
        } finally {
            p.destroyForcibly();
        }
    }

    private static byte[] readQuietly(java.io.InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }
}
