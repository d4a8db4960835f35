package io.kube4j.apiserver.proxy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * The real kubectl 1.33 ({@code kubectl.1.33} beside the {@code kubectl} on PATH, as the other
 * kubectl tests find it) for the proxy tests: {@code get --raw} and a {@code kubectl proxy} on a
 * free port. Tests are skipped, saying why, when it is missing.
 */
record ProxyKubectl(Path binary, Path kubeconfig) {

    private static final Pattern SERVING = Pattern.compile("Starting to serve on 127\\.0\\.0\\.1:(\\d+)");

    static ProxyKubectl require(Path kubeconfig) {
        Path found = null;
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path kubectl = Path.of(dir.isEmpty() ? "." : dir, "kubectl");
            if (Files.isExecutable(kubectl)) {
                try {
                    Path candidate = kubectl.toRealPath().getParent().resolve("kubectl.1.33");
                    found = Files.isExecutable(candidate) ? candidate : null;
                } catch (IOException ignored) {
                    found = null;
                }
                break;
            }
        }
        Assumptions.assumeTrue(found != null, "kubectl.1.33 is not beside the kubectl on PATH");
        return new ProxyKubectl(found, kubeconfig);
    }

    record Result(int exit, String out, String err) {}

    /** Runs kubectl to its end (at most 30 s). */
    Result run(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(binary.toString(), "--kubeconfig", kubeconfig.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).start();
        try {
            p.getOutputStream().close();
            CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readQuietly(p.getInputStream()));
            CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readQuietly(p.getErrorStream()));
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                throw new AssertionError("kubectl " + String.join(" ", args) + " did not end within 30 s");
            }
            return new Result(p.exitValue(), new String(out.get(5, TimeUnit.SECONDS), StandardCharsets.UTF_8),
                    new String(err.get(5, TimeUnit.SECONDS), StandardCharsets.UTF_8));
        } finally {
            p.destroyForcibly();
        }
    }

    /** A running {@code kubectl proxy --port=0}; close ends it. */
    record Proxy(Process process, int port) implements AutoCloseable {
        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    /** Starts {@code kubectl proxy} on a free loopback port and waits (at most 15 s) until it serves. */
    Proxy proxy() throws Exception {
        Process p = new ProcessBuilder(binary.toString(), "--kubeconfig", kubeconfig.toString(), "proxy", "--port=0")
                .redirectErrorStream(true).start();
        CompletableFuture<Integer> port = new CompletableFuture<>();
        // reads kubectl's output to its end, so that kubectl never blocks on a full pipe
        Thread.ofVirtual().start(() -> {
            BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            try {
                String line;
                while ((line = r.readLine()) != null) {
                    Matcher m = SERVING.matcher(line);
                    if (m.find()) {
                        port.complete(Integer.parseInt(m.group(1)));
                    }
                }
                port.completeExceptionally(new IllegalStateException("kubectl proxy ended without serving"));
            } catch (IOException e) {
                port.completeExceptionally(e);
            }
        });
        try {
            return new Proxy(p, port.get(15, TimeUnit.SECONDS));
        } catch (Exception e) {
            p.destroyForcibly();
            throw e;
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
