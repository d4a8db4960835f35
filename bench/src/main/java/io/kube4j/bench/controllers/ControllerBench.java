package io.kube4j.bench.controllers;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kube4j.bench.api.ApiServerProcess;
import io.kube4j.bench.hollow.HollowNodesProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Entry point of {@code bench/run-controller-bench.sh}: {@code bin/kube4j server} without its
 * controller manager (store, apiserver, scheduler in one process), {@code bin/kube4j
 * controller-manager} in a second process (so its CPU and memory are its own), and {@code bin/kube4j
 * hollow-nodes} in a third: real kubelets over the simulated runtime, which run the pods (nothing
 * executes) and report them Running and Ready through the kubelet's status manager, so the
 * Deployment becomes available through real kubelet status. The server runs without its own node
 * agent ({@code --disable-agent}): the hollow nodes are the only nodes. Per run: {@code kubectl apply} of an N-replica Deployment until N pods are created,
 * bound, and the Deployment is available; {@code kubectl set image} and {@code kubectl rollout
 * status} for a rolling update; {@code kubectl scale} to 10 N pods, then the controller manager's
 * CPU over the scale-up and over an idle minute, its RSS and its heap after a full GC.
 *
 * <p>Options: {@code --mode quick|full} (quick: 100 replicas on 10 nodes; full: 1,000 on 100),
 * {@code --runs N} (default 3), {@code --out FILE}, {@code --kube-api-qps Q} and {@code --kube-api-burst B}
 * (passed to the controller manager; upstream's defaults 20 and 30 otherwise).
 */
public final class ControllerBench {

    private ControllerBench() {
    }

    record Result(double createdS, double boundS, double availableS, double rolloutS, double scaleS,
            double scaleCpuS, double idleCpuPct, long rssMiB, long heapMiB, double serverCpuS, double scaleServerCpuS,
            double nodesReadyS, double scaleHollowCpuS, double loadAverage) {
    }

    public static void main(String[] args) throws Exception {
        String mode = "quick";
        int runs = 3;
        Path out = null;
        List<String> cmFlags = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--mode" -> mode = args[++i];
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--kube-api-qps", "--kube-api-burst" -> cmFlags.add(args[i] + "=" + args[++i]);
                default -> {
                    System.err.println("usage: [--mode quick|full] [--runs N] [--out FILE] [--kube-api-qps Q] [--kube-api-burst B]");
                    System.exit(2);
                }
            }
        }
        boolean full = "full".equals(mode);
        int replicas = full ? 1000 : 100;
        int nodes = full ? 100 : 10;
        if (out == null) {
            out = Path.of("bench/target/controller-bench-" + mode + "-"
                    + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".md");
        }
        List<Result> results = new ArrayList<>();
        for (int r = 1; r <= runs; r++) {
            Result res = run(replicas, nodes, cmFlags);
            results.add(res);
            System.out.printf(Locale.ROOT, "run %d: %s%n", r, res);
        }
        String table = table(replicas, nodes, results) + "\ncontroller-manager flags: "
                + (cmFlags.isEmpty() ? "defaults (--kube-api-qps=20 --kube-api-burst=30)" : String.join(" ", cmFlags)) + "\n";
        System.out.println(table);
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, table);
        System.out.println("written to " + out);
    }

    static Result run(int replicas, int nodeCount, List<String> cmFlags) throws Exception {
        Path launcher = Path.of("bin/kube4j").toAbsolutePath();
        Path work = Path.of("bench/target/controller-bench").toAbsolutePath();
        double load = loadAverage();
        try (ApiServerProcess server = ApiServerProcess.start(launcher, work, Duration.ofMinutes(3),
                List.of("--disable-controller-manager", "--disable-agent"))) {
            Path kubeconfig = server.kubeconfigPath();
            Config config = Config.fromKubeconfig(Files.readString(kubeconfig));
            config.setMaxConcurrentRequests(256);
            config.setMaxConcurrentRequestsPerHost(256);
            try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
                 // The nodes first, Ready before the controller manager starts: on a loaded machine its
                 // informers' first lists time out when both start at once.
                 HollowNodesProcess nodes = HollowNodesProcess.start(launcher, kubeconfig, nodeCount, "hollow", List.of(),
                         kubeconfig.getParent().resolve("hollow"), client, Duration.ofMinutes(5));
                 ControllerManagerProcess cm = ControllerManagerProcess.start(launcher, kubeconfig, kubeconfig.getParent(), cmFlags);
                 PodCounts pods = new PodCounts(client, "bench")) {
                cm.awaitReady(Duration.ofMinutes(2));
                System.out.printf(Locale.ROOT, "%d hollow nodes registered after %.1f s, Ready after %.1f s%n", nodeCount,
                        nodes.registeredSeconds(), nodes.readySeconds());
                client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("bench").endMetadata().build()).create();
                Path manifest = kubeconfig.getParent().resolve("deployment.yaml");
                Files.writeString(manifest, manifest(replicas));
                Duration serverCpu0 = serverCpu(server);

                long t0 = System.nanoTime();
                kubectl(kubeconfig, "apply", "-f", manifest.toString());
                Duration created = PodCounts.await("pods created", t0, Duration.ofMinutes(10), () -> pods.live() >= replicas);
                Duration bound = PodCounts.await("pods bound", t0, Duration.ofMinutes(10), () -> pods.bound() >= replicas);
                Duration available = PodCounts.await("deployment available", t0, Duration.ofMinutes(10),
                        () -> availableReplicas(client) >= replicas);

                long t1 = System.nanoTime();
                kubectl(kubeconfig, "-n", "bench", "set", "image", "deployment/bench", "app=registry.k8s.io/pause:3.10");
                kubectl(kubeconfig, "-n", "bench", "rollout", "status", "deployment/bench", "--timeout=15m");
                Duration rollout = Duration.ofNanos(System.nanoTime() - t1);

                int scaled = replicas * 10;
                Duration cpuBefore = cm.cpu();
                Duration serverCpuBefore = serverCpu(server);
                Duration hollowCpuBefore = nodes.process().cpu();
                long t2 = System.nanoTime();
                kubectl(kubeconfig, "-n", "bench", "scale", "deployment/bench", "--replicas=" + scaled);
                Duration scale = PodCounts.await("scaled deployment available", t2, Duration.ofMinutes(20),
                        () -> availableReplicas(client) >= scaled);
                Duration scaleCpu = cm.cpu().minus(cpuBefore);
                Duration scaleServerCpu = serverCpu(server).minus(serverCpuBefore);
                Duration scaleHollowCpu = nodes.process().cpu().minus(hollowCpuBefore);

                Duration idle0 = cm.cpu();
                long ti = System.nanoTime();
                Thread.sleep(Duration.ofSeconds(60));
                double idlePct = 100.0 * cm.cpu().minus(idle0).toNanos() / (System.nanoTime() - ti);
                long rss = cm.rssKiB() / 1024;
                long heap = cm.heapAfterGcKiB() / 1024;
                double serverCpu = s(serverCpu(server).minus(serverCpu0));
                return new Result(s(created), s(bound), s(available), s(rollout), s(scale), s(scaleCpu), idlePct, rss, heap, serverCpu,
                        s(scaleServerCpu), nodes.readySeconds(), s(scaleHollowCpu), load);
            }
        }
    }

    /** The 1-minute load average ({@code /proc/loadavg}), or -1 where there is none: the machine is shared. */
    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).strip().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static Duration serverCpu(ApiServerProcess server) {
        return server.jvm().info().totalCpuDuration().orElse(Duration.ZERO);
    }

    private static int availableReplicas(KubernetesClient client) {
        Deployment d = client.apps().deployments().inNamespace("bench").withName("bench").get();
        if (d == null || d.getStatus() == null || d.getStatus().getAvailableReplicas() == null) {
            return 0;
        }
        return d.getStatus().getAvailableReplicas();
    }

    private static double s(Duration d) {
        return d.toMillis() / 1000.0;
    }

    static String manifest(int replicas) {
        return """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: bench
                  namespace: bench
                spec:
                  replicas: %d
                  selector:
                    matchLabels: {app: bench}
                  template:
                    metadata:
                      labels: {app: bench}
                    spec:
                      containers:
                      - name: app
                        image: registry.k8s.io/pause:3.9
                        resources:
                          requests: {cpu: 10m, memory: 16Mi}
                """.formatted(replicas);
    }

    private static void kubectl(Path kubeconfig, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig.toString()));
        Collections.addAll(command, args);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(20, TimeUnit.MINUTES) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " failed: " + output);
        }
    }

    static String table(int replicas, int nodes, List<Result> results) {
        StringBuilder t = new StringBuilder();
        t.append(String.format(Locale.ROOT, "Deployment of %d replicas on %d hollow nodes (kube4j hollow-nodes: real kubelets, "
                + "simulated runtime), then scaled to %d; medians of %d runs%n%n",
                replicas, nodes, replicas * 10, results.size()));
        t.append("| measure | median | runs |\n|---|---|---|\n");
        row(t, "apply -> all pods created (s)", results, Result::createdS);
        row(t, "apply -> all pods bound (s)", results, Result::boundS);
        row(t, "apply -> Deployment available (s)", results, Result::availableS);
        row(t, "set image -> rollout status done (s)", results, Result::rolloutS);
        row(t, "scale x10 -> available (s)", results, Result::scaleS);
        row(t, "controller-manager CPU during scale x10 (s)", results, Result::scaleCpuS);
        row(t, "controller-manager CPU idle at 10x pods (% of a core)", results, Result::idleCpuPct);
        row(t, "controller-manager RSS at 10x pods (MiB)", results, r -> r.rssMiB());
        row(t, "controller-manager heap after GC at 10x pods (MiB)", results, r -> r.heapMiB());
        row(t, "server (store+apiserver+scheduler) CPU, whole run (s)", results, Result::serverCpuS);
        row(t, "server CPU during scale x10 (s)", results, Result::scaleServerCpuS);
        row(t, "controller-manager CPU / server CPU during scale x10", results, r -> r.scaleCpuS() / Math.max(0.001, r.scaleServerCpuS()));
        row(t, "hollow-nodes (kubelets) CPU during scale x10 (s)", results, Result::scaleHollowCpuS);
        row(t, "hollow nodes started -> all Ready (s)", results, Result::nodesReadyS);
        row(t, "load average (1 min) at run start", results, Result::loadAverage);
        return t.toString();
    }

    private static void row(StringBuilder t, String name, List<Result> results, java.util.function.ToDoubleFunction<Result> f) {
        List<Double> values = results.stream().map(f::applyAsDouble).sorted().toList();
        double median = values.get(values.size() / 2);
        t.append(String.format(Locale.ROOT, "| %s | %.2f | %s |%n", name, median,
                String.join(", ", values.stream().map(v -> String.format(Locale.ROOT, "%.2f", v)).toList())));
    }
}
