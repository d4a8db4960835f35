package io.kube4j.bench.kubelet;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kube4j.bench.FreePorts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@code bin/kube4j server} on loopback random ports with its state in {@code dir/data} (the
 * node agent's under {@code dir/data/agent}), logging to {@code dir/server.log}; {@link #start}
 * returns when it logged that it is ready. Not thread-safe. {@link #close()} stops the process and
 * leaves the directory to the caller.
 */
final class BenchServer implements AutoCloseable {

    private final Path dir;
    private final LauncherProcess process;

    private BenchServer(Path dir, LauncherProcess process) {
        this.dir = dir;
        this.process = process;
    }

    static BenchServer start(Path launcher, Path dir, List<String> flags, Duration timeout) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        List<Integer> ports = FreePorts.pick(3);
        List<String> args = new ArrayList<>(List.of("server", "--data-dir", dir.resolve("data").toString(),
                "--secure-port", ports.get(0).toString(), "--bind-address", "127.0.0.1",
                "--store-client-url", "http://127.0.0.1:" + ports.get(1),
                "--store-peer-url", "http://127.0.0.1:" + ports.get(2)));
        args.addAll(flags);
        LauncherProcess process = LauncherProcess.start(launcher, args, dir.resolve("server.log"));
        BenchServer server = new BenchServer(dir, process);
        try {
            process.awaitLog("kube4j server ready", timeout);
            return server;
        } catch (IOException | InterruptedException | RuntimeException e) {
            process.close();
            throw e;
        }
    }

    Path dataDir() {
        return dir.resolve("data");
    }

    /** The node agent's data dir ({@code kube4j server} keeps it under {@code DATA_DIR/agent}). */
    Path agentDataDir() {
        return dataDir().resolve("agent");
    }

    Path kubeconfig() {
        return dataDir().resolve("kubeconfig.yaml");
    }

    LauncherProcess process() {
        return process;
    }

    /** A fabric8 client as the cluster admin, allowing {@code concurrency} requests at once. */
    KubernetesClient client(int concurrency) throws IOException {
        Config config = Config.fromKubeconfig(Files.readString(kubeconfig()));
        config.setMaxConcurrentRequests(concurrency);
        config.setMaxConcurrentRequestsPerHost(concurrency);
        config.setRequestTimeout(60_000);
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    @Override
    public void close() {
        process.close();
    }
}
