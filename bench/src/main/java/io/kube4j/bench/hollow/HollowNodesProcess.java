package io.kube4j.bench.hollow;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kube4j.bench.kubelet.LauncherProcess;
import io.kube4j.runtime.testing.NodeLeftovers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code bin/kube4j hollow-nodes}: N real kubelets over the simulated runtime in their own JVM (as
 * kubemark's hollow nodes), so that a benchmark's cluster gets nodes that register, renew Leases
 * and report their pods Running and Ready through the kubelet's own status manager, while the
 * processes being measured keep their CPU and memory to themselves. {@link #start} returns when the
 * process logged that all N registered and all N Nodes are Ready. State lives under
 * {@code dir/nodes}, the log in {@code dir/hollow-nodes.log}.
 *
 * <p>Not thread-safe. {@link #close()} stops the process (SIGTERM, SIGKILL after 30 s), copies its
 * log to {@link #LAST_LOG} and deletes {@code dir}; it is safe to call more than once.
 */
public final class HollowNodesProcess implements AutoCloseable {

    /** Where the last closed process's log is kept (the harness runs from the repository root). */
    public static final Path LAST_LOG = Path.of("bench/target/last-hollow-nodes.log");

    private final LauncherProcess process;
    private final Path dir;
    private final double registeredSeconds;
    private final double readySeconds;
    private boolean closed;

    private HollowNodesProcess(LauncherProcess process, Path dir, double registeredSeconds, double readySeconds) {
        this.process = process;
        this.dir = dir;
        this.registeredSeconds = registeredSeconds;
        this.readySeconds = readySeconds;
    }

    /**
     * Starts {@code count} hollow nodes named {@code namePrefix-0 .. namePrefix-(count-1)} and waits
     * until they are registered and Ready, within {@code timeout} in all.
     *
     * @param extraFlags more {@code hollow-nodes} flags, e.g. {@code --capacity cpu=4,memory=32Gi}
     * @param client a client of the same cluster, used to watch the Nodes become Ready
     * @throws IOException when the process exits or the nodes are not Ready in time (the process is
     *     stopped and the log's tail is in the message)
     */
    public static HollowNodesProcess start(Path launcher, Path kubeconfig, int count, String namePrefix, List<String> extraFlags,
            Path dir, KubernetesClient client, Duration timeout) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        long t0 = System.nanoTime();
        long deadline = t0 + timeout.toNanos();
        List<String> args = new ArrayList<>(List.of("hollow-nodes", "--kubeconfig", kubeconfig.toString(), "--count",
                Integer.toString(count), "--name-prefix", namePrefix, "--data-dir", dir.resolve("nodes").toString(),
                "--register-timeout", Math.max(1, timeout.toSeconds()) + "s"));
        args.addAll(extraFlags);
        LauncherProcess process = LauncherProcess.start(launcher, args, dir.resolve("hollow-nodes.log"));
        try {
            process.awaitLog("all " + count + " nodes registered", timeout);
            double registered = (System.nanoTime() - t0) / 1e9;
            awaitReady(client, namePrefix + "-", count, deadline, process);
            double ready = (System.nanoTime() - t0) / 1e9;
            return new HollowNodesProcess(process, dir, registered, ready);
        } catch (IOException | InterruptedException | RuntimeException e) {
            process.close();
            throw e;
        }
    }

    private static void awaitReady(KubernetesClient client, String prefix, int count, long deadline, LauncherProcess process)
            throws IOException, InterruptedException {
        long ready = 0;
        while (System.nanoTime() < deadline) {
            if (!process.alive()) {
                throw new IOException("kube4j hollow-nodes exited; last lines of its log:\n" + process.tail());
            }
            try {
                ready = client.nodes().list().getItems().stream()
                        .filter(n -> n.getMetadata().getName().startsWith(prefix) && ready(n)).count();
            } catch (RuntimeException e) {
                ready = 0; // the apiserver was busy: try again
            }
            if (ready >= count) {
                return;
            }
            Thread.sleep(500);
        }
        throw new IOException(ready + "/" + count + " hollow nodes Ready when the time ran out; last lines of "
                + process.log() + ":\n" + process.tail());
    }

    static boolean ready(Node n) {
        return n.getStatus() != null && n.getStatus().getConditions() != null && n.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /** Seconds from the start until the process logged that every node registered. */
    public double registeredSeconds() {
        return registeredSeconds;
    }

    /** Seconds from the start until every Node was Ready. */
    public double readySeconds() {
        return readySeconds;
    }

    /** The hollow-nodes JVM, for CPU and memory readings. */
    public LauncherProcess process() {
        return process;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            process.close();
            // The directory goes; its log stays readable until the next run.
            Files.copy(process.log(), LAST_LOG, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            System.err.println("could not keep " + process.log() + ": " + e.getMessage());
        } finally {
            // Hollow nodes mount nothing; whatever is mounted under the directory all the same goes first.
            try {
                new NodeLeftovers(dir.resolve("no-runc-root"), dir, null, null, null).remove();
            } finally {
                NodeLeftovers.deleteTree(dir);
            }
        }
    }
}
