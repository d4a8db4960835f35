package io.kube4j.bench.kubelet;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kube4j.bench.MachineInfo;
import io.kube4j.runtime.testing.NodeLeftovers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code run-kubelet-bench.sh hollow}: the footprint of simulated nodes, against kubemark's hollow
 * node. {@code bin/kube4j server --disable-agent} and {@code bin/kube4j hollow-nodes --count N} run
 * as two processes; once every Node is Ready and a settling pause has passed, the hollow-nodes
 * JVM's CPU (and the server's) is taken over an idle minute, then its RSS, thread count and heap
 * after a full GC; then a Deployment of {@code podsPerNode × N} pods is created (scheduled by the
 * server's scheduler) and the same is measured again once it is available. Every wait is bounded;
 * both processes are stopped and the directory deleted at the end.
 */
final class HollowBench {

    static final double KUBEMARK_MB = 220;
    static final double KUBEMARK_CORES = 0.09;
    private static final Duration SETTLE = Duration.ofSeconds(20);
    private static final Duration WINDOW = Duration.ofSeconds(60);

    private HollowBench() {
    }

    /** One measurement of both processes. */
    record Sample(double hollowCores, double serverCores, long rssMiB, long heapMiB, long threads) {
    }

    static int run(int nodes, int podsPerNode, Path out) throws Exception {
        Path launcher = Path.of("bin/kube4j").toAbsolutePath();
        String suffix = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(2);
        Path work = Path.of("bench/target/kubelet-bench/hollow-" + suffix).toAbsolutePath();
        Files.createDirectories(work);
        String load = Files.readString(Path.of("/proc/loadavg")).strip();
        String report;
        try (BenchServer server = BenchServer.start(launcher, work, List.of("--disable-agent"), Duration.ofMinutes(3));
             KubernetesClient client = server.client(64)) {
            long t0 = System.nanoTime();
            double registeredS;
            Sample idle;
            Sample withPods;
            double availableS;
            try (LauncherProcess hollow = LauncherProcess.start(launcher, List.of("hollow-nodes", "--kubeconfig",
                    server.kubeconfig().toString(), "--count", Integer.toString(nodes), "--data-dir", work.resolve("nodes").toString(),
                    "--register-timeout", "25m"), work.resolve("hollow-nodes.log"))) {
                hollow.awaitLog("all " + nodes + " nodes registered", Duration.ofMinutes(26));
                registeredS = (System.nanoTime() - t0) / 1e9;
                Waits.until(nodes + " Nodes Ready", Duration.ofMinutes(5), () -> readyNodes(client) >= nodes);
                double readyS = (System.nanoTime() - t0) / 1e9;
                System.out.printf(Locale.ROOT, "%d hollow nodes registered after %.1f s, all Ready after %.1f s%n", nodes, registeredS,
                        readyS);
                idle = sample(server, hollow);
                System.out.println("idle: " + idle);

                int replicas = nodes * podsPerNode;
                client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("kbench").endMetadata().build()).create();
                long t1 = System.nanoTime();
                client.apps().deployments().inNamespace("kbench").resource(deployment(replicas)).create();
                Waits.until(replicas + " replicas available", Duration.ofMinutes(15), () -> available(client) >= replicas);
                availableS = (System.nanoTime() - t1) / 1e9;
                System.out.printf(Locale.ROOT, "Deployment of %d replicas available after %.1f s%n", replicas, availableS);
                withPods = sample(server, hollow);
                System.out.println("with pods: " + withPods);
            }
            report = report(nodes, podsPerNode, registeredS, availableS, idle, withPods, load, work);
        } finally {
            // Hollow nodes mount nothing; whatever is mounted under the directory all the same goes first.
            new NodeLeftovers(work.resolve("no-runc-root"), work, null, null, null).remove();
            NodeLeftovers.deleteTree(work);
        }
        System.out.println(report);
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, report);
        System.out.println("written to " + out);
        return 0;
    }

    /** After a settling pause: both JVMs' CPU over an idle minute, then the hollow JVM's RSS, threads and heap after GC. */
    private static Sample sample(BenchServer server, LauncherProcess hollow) throws Exception {
        Thread.sleep(SETTLE);
        Duration h0 = hollow.cpu();
        Duration s0 = server.process().cpu();
        long w0 = System.nanoTime();
        Thread.sleep(WINDOW);
        double wall = System.nanoTime() - w0;
        double hollowCores = hollow.cpu().minus(h0).toNanos() / wall;
        double serverCores = server.process().cpu().minus(s0).toNanos() / wall;
        long rss = hollow.rssKiB() / 1024;
        long threads = hollow.threads();
        long heap = hollow.heapAfterGcKiB() / 1024;
        return new Sample(hollowCores, serverCores, rss, heap, threads);
    }

    private static long readyNodes(KubernetesClient client) {
        return client.nodes().list().getItems().stream().filter(HollowBench::ready).count();
    }

    private static boolean ready(Node n) {
        return n.getStatus() != null && n.getStatus().getConditions() != null && n.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static int available(KubernetesClient client) {
        Deployment d = client.apps().deployments().inNamespace("kbench").withName("hollow").get();
        return d == null || d.getStatus() == null || d.getStatus().getAvailableReplicas() == null ? 0 : d.getStatus().getAvailableReplicas();
    }

    static Deployment deployment(int replicas) {
        return new DeploymentBuilder()
                .withNewMetadata().withName("hollow").endMetadata()
                .withNewSpec().withReplicas(replicas)
                .withNewSelector().addToMatchLabels("app", "hollow").endSelector()
                .withNewTemplate()
                .withNewMetadata().addToLabels("app", "hollow").endMetadata()
                .withNewSpec()
                .addNewContainer().withName("app").withImage("registry.k8s.io/pause:3.10")
                .withNewResources().withRequests(Map.of("cpu", new Quantity("10m"), "memory", new Quantity("16Mi"))).endResources()
                .endContainer()
                .endSpec().endTemplate().endSpec().build();
    }

    static String report(int nodes, int podsPerNode, double registeredS, double availableS, Sample idle, Sample withPods,
            String load, Path work) {
        StringBuilder t = new StringBuilder();
        t.append(String.format(Locale.ROOT, "%d hollow nodes (kube4j hollow-nodes, one JVM) against kube4j server --disable-agent; "
                + "registered after %.1f s; then %d pods (%d per node) available after %.1f s%n%n", nodes, registeredS,
                nodes * podsPerNode, podsPerNode, availableS));
        t.append("| measure | idle, no pods | with pods | kubemark per hollow node | ratio (with pods / kubemark) |\n");
        t.append("|---|---|---|---|---|\n");
        t.append(String.format(Locale.ROOT, "| hollow-nodes RSS, total (MiB) | %d | %d | | |%n", idle.rssMiB(), withPods.rssMiB()));
        t.append(String.format(Locale.ROOT, "| hollow-nodes heap after GC, total (MiB) | %d | %d | | |%n", idle.heapMiB(),
                withPods.heapMiB()));
        t.append(String.format(Locale.ROOT, "| hollow-nodes threads | %d | %d | | |%n", idle.threads(), withPods.threads()));
        t.append(String.format(Locale.ROOT, "| RSS per node (MiB) | %.2f | %.2f | %.0f MB | %.4f |%n", idle.rssMiB() / (double) nodes,
                withPods.rssMiB() / (double) nodes, KUBEMARK_MB, withPods.rssMiB() / (double) nodes / KUBEMARK_MB));
        t.append(String.format(Locale.ROOT, "| heap after GC per node (MiB) | %.2f | %.2f | | |%n", idle.heapMiB() / (double) nodes,
                withPods.heapMiB() / (double) nodes));
        t.append(String.format(Locale.ROOT, "| hollow-nodes CPU, total (cores, over %d s) | %.3f | %.3f | | |%n", WINDOW.toSeconds(),
                idle.hollowCores(), withPods.hollowCores()));
        t.append(String.format(Locale.ROOT, "| CPU per node (cores) | %.5f | %.5f | %.2f | %.4f |%n", idle.hollowCores() / nodes,
                withPods.hollowCores() / nodes, KUBEMARK_CORES, withPods.hollowCores() / nodes / KUBEMARK_CORES));
        t.append(String.format(Locale.ROOT, "| server (store, apiserver, scheduler, controller manager) CPU (cores) | %.3f | %.3f | | |%n",
                idle.serverCores(), withPods.serverCores()));
        t.append("\nMachine (load average at start: ").append(load).append(")\n").append(MachineInfo.describeHost(work));
        return t.toString();
    }
}
