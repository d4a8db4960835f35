package io.kube4j.bench.kubelet;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.kube4j.bench.MachineInfo;
import io.kube4j.runtime.testing.NodeLeftovers;
import io.kube4j.runtime.testing.TestImages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * {@code run-kubelet-bench.sh startup}: pod startup latency on one real node, as upstream's SLO
 * measures it (image already present). {@code bin/kube4j server} runs with its node agent on an
 * isolated bridge, pod range, runc root, cgroup root and kubelet port ({@link RealNode}); busybox is
 * imported with {@code kube4j images import}; per run N pods ({@code sleep 3600}) are created all at
 * once through the API and each one's latency is taken from just before its create call to the watch
 * event that shows it Running (and, separately, bound to the node and Ready). Then they are deleted and the next run
 * starts. At the end the server stops and the node's leftovers (containers, mounts, cgroups,
 * bridge, iptables rules) are removed. Skips (exit 0) without root, runc, conmon or busybox.
 */
final class StartupBench {

    static final String NAMESPACE = "kbench";
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(5);

    private StartupBench() {
    }

    /** One run: create call -> its answer, -> bound (spec.nodeName seen), -> Running, -> Ready, per pod; the whole batch; pods that never got there. */
    record RunResult(Percentiles createCall, Percentiles bound, Percentiles running, Percentiles ready, double allReadyS, int missing, CpuSample cpu) {
    }

    static int run(int pods, int runs, Path out) throws Exception {
        String skip = whyNot();
        if (skip != null) {
            System.out.println("kubelet startup bench skipped: " + skip);
            return 0;
        }
        Path launcher = Path.of("bin/kube4j").toAbsolutePath();
        RealNode node = RealNode.random();
        Path work = Path.of("bench/target/kubelet-bench/startup-" + node.suffix()).toAbsolutePath();
        Files.createDirectories(work);
        String load = Files.readString(Path.of("/proc/loadavg")).strip();
        List<RunResult> results = new ArrayList<>();
        NodeLeftovers leftovers = new NodeLeftovers(node.runcRoot(), work.resolve("data").resolve("agent"), node.cgroupRoot(),
                node.bridge(), node.bridge());
        // Interrupted (Ctrl-C): the ProcessReaper kills the server; its containers, mounts, cgroups and bridge go here.
        Thread onAbort = new Thread(() -> {
            leftovers.remove();
            NodeLeftovers.deleteTree(node.runcRoot().getParent());
        }, "kubelet-bench-leftovers");
        Runtime.getRuntime().addShutdownHook(onAbort);
        BenchServer server = null;
        try {
            Path layout = TestImages.busyboxLayout(work.resolve("busybox-layout"));
            System.out.println("starting kube4j server with node " + node.nodeName() + " (bridge " + node.bridge() + ", pods "
                    + node.clusterCidr() + ", runc root " + node.runcRoot() + ", cgroup " + node.cgroupRoot() + ") in " + work);
            server = BenchServer.start(launcher, work, node.serverFlags(Math.max(110, pods + 10)), Duration.ofMinutes(3));
            importImage(launcher, server, layout, work);
            try (KubernetesClient client = server.client(Math.max(64, pods + 16))) {
                awaitNodeReady(client, node.nodeName(), Duration.ofMinutes(3));
                client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
                        .create();
                Waits.until("the default ServiceAccount of " + NAMESPACE, Duration.ofMinutes(1),
                        () -> client.serviceAccounts().inNamespace(NAMESPACE).withName("default").get() != null);
                warmUp(client);
                long jvm = server.process().jvm().pid();
                for (int r = 1; r <= runs; r++) {
                    CpuSample before = CpuSample.of(jvm);
                    RunResult measured = measure(client, node.nodeName(), "r" + r, pods);
                    RunResult result = new RunResult(measured.createCall(), measured.bound(), measured.running(), measured.ready(), measured.allReadyS(),
                            measured.missing(), CpuSample.of(jvm).minus(before));
                    results.add(result);
                    System.out.printf(Locale.ROOT, "run %d: create call %s; bound %s; Running %s; Ready %s; all Ready after %.2f s; missing %d; "
                            + "CPU: server JVM %.1f s, its commands %.1f s, machine %.1f s%n", r,
                            result.createCall(), result.bound(), result.running(), result.ready(), result.allReadyS(), result.missing(),
                            result.cpu().jvmS(), result.cpu().childrenS(), result.cpu().machineBusyS());
                    deleteAll(client, "r" + r);
                }
            }
        } finally {
            if (server != null) {
                server.close();
                // The node agent's step timings (with -Dlogback.configurationFile in KUBE4J_JAVA_OPTS) outlive the work dir.
                Path kept = out.toAbsolutePath().resolveSibling(out.getFileName() + ".server.log");
                Files.createDirectories(kept.getParent());
                Files.copy(server.process().log(), kept, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            leftovers.remove();
            NodeLeftovers.deleteTree(node.runcRoot().getParent());
            Runtime.getRuntime().removeShutdownHook(onAbort);
        }
        String report = report(pods, results, load, work);
        System.out.println(report);
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, report);
        System.out.println("written to " + out);
        NodeLeftovers.deleteTree(work);
        return results.stream().anyMatch(r -> r.missing() > 0) ? 1 : 0;
    }

    /** Why this host cannot run the benchmark, or null. */
    static String whyNot() throws IOException {
        String uid = Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("Uid:"))
                .map(l -> l.split("\\s+")[2]).findFirst().orElse("?");
        if (!"0".equals(uid)) {
            return "needs root (runc, mounts, cgroups, a bridge); running as uid " + uid;
        }
        for (String binary : List.of("runc", "conmon")) {
            if (!onPath(binary)) {
                return "needs " + binary + " on PATH or in /usr/sbin, /usr/bin";
            }
        }
        if (!Files.isExecutable(TestImages.BUSYBOX_BINARY)) {
            return "needs Debian's busybox-static at " + TestImages.BUSYBOX_BINARY + " for the image";
        }
        return null;
    }

    private static boolean onPath(String binary) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
        dirs.addAll(List.of("/usr/sbin", "/usr/bin", "/sbin", "/bin"));
        return dirs.stream().filter(d -> !d.isEmpty()).anyMatch(d -> Files.isExecutable(Path.of(d, binary)));
    }

    private static void importImage(Path launcher, BenchServer server, Path layout, Path work) throws Exception {
        Path agent = server.agentDataDir();
        Waits.until("the node's image store in " + agent, Duration.ofMinutes(2), () -> Files.isDirectory(agent.resolve("images")));
        Path log = work.resolve("images-import.log");
        Process p = new ProcessBuilder(launcher.toString(), "images", "import", "--data-dir", agent.toString(), layout.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        p.getOutputStream().close();
        if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("kube4j images import failed:\n" + Files.readString(log, StandardCharsets.UTF_8));
        }
    }

    private static void awaitNodeReady(KubernetesClient client, String name, Duration timeout) throws Exception {
        Waits.until("Node " + name + " Ready", timeout, () -> {
            Node n = client.nodes().withName(name).get();
            return n != null && n.getStatus() != null && n.getStatus().getConditions() != null
                    && n.getStatus().getConditions().stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
        });
    }

    static RunResult measure(KubernetesClient client, String nodeName, String run, int pods) throws Exception {
        Map<String, Long> created = new ConcurrentHashMap<>();
        Map<String, Long> answered = new ConcurrentHashMap<>();
        Map<String, Long> bound = new ConcurrentHashMap<>();
        Map<String, Long> running = new ConcurrentHashMap<>();
        Map<String, Long> ready = new ConcurrentHashMap<>();
        Watcher<Pod> watcher = new Watcher<>() {
            @Override
            public void eventReceived(Action action, Pod pod) {
                long now = System.nanoTime();
                String name = pod.getMetadata().getName();
                if (pod.getSpec() != null && pod.getSpec().getNodeName() != null && !pod.getSpec().getNodeName().isEmpty()) {
                    bound.putIfAbsent(name, now);
                }
                if (pod.getStatus() == null) {
                    return;
                }
                if ("Running".equals(pod.getStatus().getPhase())) {
                    running.putIfAbsent(name, now);
                }
                if (pod.getStatus().getConditions() != null && pod.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()))) {
                    ready.putIfAbsent(name, now);
                }
            }

            @Override
            public void onClose(WatcherException cause) {
                System.err.println("pod watch closed: " + cause);
            }
        };
        long t0 = System.nanoTime();
        try (Watch watch = client.pods().inNamespace(NAMESPACE).withLabel("kbench-run", run).watch(watcher);
             ExecutorService creators = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < pods; i++) {
                String name = "startup-" + run + "-" + i;
                creators.submit(() -> {
                    created.put(name, System.nanoTime());
                    client.pods().inNamespace(NAMESPACE).resource(pod(name, run)).create();
                    answered.put(name, System.nanoTime());
                    return null;
                });
            }
            creators.shutdown();
            if (!creators.awaitTermination(2, TimeUnit.MINUTES)) {
                throw new IOException("creating " + pods + " pods took over 2 minutes");
            }
            long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
            while ((running.size() < pods || ready.size() < pods) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        }
        long last = ready.values().stream().mapToLong(Long::longValue).max().orElse(t0);
        return new RunResult(Percentiles.of(latencies(created, answered)), Percentiles.of(latencies(created, bound)), Percentiles.of(latencies(created, running)), Percentiles.of(latencies(created, ready)),
                (last - t0) / 1e9, pods - Math.min(running.size(), ready.size()), null);
    }

    private static List<Double> latencies(Map<String, Long> created, Map<String, Long> reached) {
        List<Double> out = new ArrayList<>();
        reached.forEach((name, at) -> out.add((at - created.get(name)) / 1e9));
        return out;
    }

    static Pod pod(String name, String run) {
        return new PodBuilder()
                .withNewMetadata().withName(name).addToLabels("kbench-run", run).endMetadata()
                .withNewSpec()
                .withTerminationGracePeriodSeconds(1L)
                .addNewContainer().withName("sleep").withImage(TestImages.BUSYBOX).withImagePullPolicy("Never")
                .withCommand("sleep", "3600")
                .endContainer()
                .endSpec().build();
    }

    /**
     * One pod started and deleted before the measured runs: the harness's client decodes its first
     * Pod in the measured window otherwise (fabric8's Jackson builds its deserializers under one lock,
     * which held 100 concurrent create answers and watch events up to 5 s on the first run), and the
     * node's first sandbox and container pay class loading that a node in service paid long ago.
     */
    private static void warmUp(KubernetesClient client) throws Exception {
        client.pods().inNamespace(NAMESPACE).list();
        Pod pod = pod("startup-warmup", "warmup");
        client.pods().inNamespace(NAMESPACE).resource(pod).create();
        Waits.until("the warm-up pod Running", Duration.ofMinutes(2), () -> {
            Pod p = client.pods().inNamespace(NAMESPACE).withName("startup-warmup").get();
            return p != null && p.getStatus() != null && "Running".equals(p.getStatus().getPhase());
        });
        deleteAll(client, "warmup");
    }

    private static void deleteAll(KubernetesClient client, String run) throws Exception {
        try {
            client.pods().inNamespace(NAMESPACE).withLabel("kbench-run", run).delete();
        } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
            // A collection delete of 100 pods may outlast the client's 60 s on a loaded machine; it goes on server-side.
            System.err.println("deleting the pods of " + run + ": " + e.getMessage() + "; waiting for them to go");
        }
        Waits.until("the pods of " + run + " deleted", Duration.ofMinutes(3),
                () -> client.pods().inNamespace(NAMESPACE).withLabel("kbench-run", run).list().getItems().isEmpty());
    }

    static String report(int pods, List<RunResult> results, String loadAtStart, Path work) {
        StringBuilder t = new StringBuilder();
        t.append(String.format(Locale.ROOT, "Pod startup latency, %d pods created at once on one runc node (image present); "
                + "create call -> watch event; %d runs%n%n", pods, results.size()));
        t.append("| run | create call p50 (s) | p99 | bound p50 (s) | bound p99 | Running p50 (s) | p90 | p99 | max | Ready p50 (s) | p99 | all Ready after (s) | missing "
                + "| server CPU (s) | its commands' CPU (s) | machine busy (s) |\n");
        t.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (int i = 0; i < results.size(); i++) {
            RunResult r = results.get(i);
            t.append(String.format(Locale.ROOT, "| %d | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %d | %.1f | %.1f | %.1f |%n", i + 1,
                    r.createCall().p50(), r.createCall().p99(), r.bound().p50(), r.bound().p99(), r.running().p50(), r.running().p90(), r.running().p99(), r.running().max(), r.ready().p50(), r.ready().p99(),
                    r.allReadyS(), r.missing(), r.cpu().jvmS(), r.cpu().childrenS(), r.cpu().machineBusyS()));
        }
        double p99 = Percentiles.median(results.stream().map(r -> r.running().p99()).toList());
        t.append(String.format(Locale.ROOT, "| median | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | |%n",
                Percentiles.median(results.stream().map(r -> r.createCall().p50()).toList()),
                Percentiles.median(results.stream().map(r -> r.createCall().p99()).toList()),
                Percentiles.median(results.stream().map(r -> r.bound().p50()).toList()),
                Percentiles.median(results.stream().map(r -> r.bound().p99()).toList()),
                Percentiles.median(results.stream().map(r -> r.running().p50()).toList()),
                Percentiles.median(results.stream().map(r -> r.running().p90()).toList()), p99,
                Percentiles.median(results.stream().map(r -> r.running().max()).toList()),
                Percentiles.median(results.stream().map(r -> r.ready().p50()).toList()),
                Percentiles.median(results.stream().map(r -> r.ready().p99()).toList()),
                Percentiles.median(results.stream().map(RunResult::allReadyS).toList())).replace("| |\n", "| | | | |\n"));
        t.append(String.format(Locale.ROOT, "%nRunning p99 (median of runs) / upstream SLO of 5 s: %.2f%n%n", p99 / 5.0));
        t.append("Machine (load average at start: ").append(loadAtStart).append(")\n").append(MachineInfo.describeHost(work));
        return t.toString();
    }
}
