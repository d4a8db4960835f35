package io.kube4j.runtime.runc;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.kube4j.runtime.ContainerConfig;
import io.kube4j.runtime.ContainerState;
import io.kube4j.runtime.ImageConfig;
import io.kube4j.runtime.SandboxConfig;
import io.kube4j.runtime.linux.Cgroups;
import io.kube4j.runtime.linux.Commands;
import io.kube4j.runtime.linux.Mounts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One isolated runc runtime for a test: its own data dir, runc root and cgroup prefix (all named
 * from a random suffix), and a cleanup that removes whatever is left (containers, mounts,
 * namespaces, cgroups, files) even after a failure.
 */
final class RuncHarness implements AutoCloseable {

    final String suffix = HexFormat.of().formatHex(randomBytes());
    final Path base = Path.of("/tmp/k6runc-" + suffix);
    final String cgroupPrefix = "/k6runc-" + suffix;
    final LoopbackNetwork network = new LoopbackNetwork();
    final BusyboxRootfs image;
    final RuncRuntimeConfig config;
    private final List<RuncRuntime> runtimes = new ArrayList<>();

    /** Skips the calling test unless this host can run containers. */
    static void assumeHost() {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root");
        for (String binary : List.of("/usr/sbin/runc", "/usr/bin/conmon", "/usr/bin/busybox", "/usr/bin/unshare", "/usr/bin/nsenter")) {
            assumeTrue(Files.isExecutable(Path.of(binary)), "needs " + binary);
        }
    }

    RuncHarness() throws IOException {
        this(BusyboxRootfs.defaultConfig());
    }

    RuncHarness(ImageConfig imageConfig) throws IOException {
        Files.createDirectories(base);
        image = BusyboxRootfs.build(base.resolve("image"), imageConfig);
        config = new RuncRuntimeConfig(base.resolve("data"), base.resolve("runc"), Path.of("/usr/sbin/runc"),
                Path.of("/usr/bin/conmon"), cgroupPrefix, Cgroups.host(), new NoImages(), image, network);
    }

    /** A runtime over this harness's directories (a second one plays a restarted kubelet's). */
    RuncRuntime runtime() {
        RuncRuntime runtime = new RuncRuntime(config);
        runtimes.add(runtime);
        return runtime;
    }

    SandboxConfig sandbox(String name) {
        return new SandboxConfig(name, "default", "uid-" + name, 0, name, base.resolve("logs").resolve(name), null,
                List.of("10.9.9.9 alias-one"), List.of(), false, false, false, false, "/pod-" + name, Map.of(),
                Map.of("io.kubernetes.pod.name", name), Map.of());
    }

    static ContainerConfig container(String name, List<String> command) {
        return container(name, command, ContainerConfig.Resources.NONE, ContainerConfig.Security.DEFAULT);
    }

    static ContainerConfig container(String name, List<String> command, ContainerConfig.Resources resources,
            ContainerConfig.Security security) {
        return new ContainerConfig(name, 0, "busybox:test", command, List.of(), "", List.of(), List.of(),
                name + "/0.log", false, false, false, resources, security, Map.of("io.kubernetes.container.name", name),
                Map.of());
    }

    static ContainerState.Exited awaitExit(RuncRuntime runtime, String id, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            ContainerState state = runtime.container(id).orElseThrow().state();
            if (state instanceof ContainerState.Exited exited) {
                return exited;
            }
            sleep(50);
        }
        throw new AssertionError("container " + id + " did not exit within " + timeout + ": "
                + runtime.container(id).orElseThrow().state());
    }

    static String awaitLog(Path log, String text, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(log)) {
                String content = Files.readString(log);
                if (content.contains(text)) {
                    return content;
                }
            }
            sleep(50);
        }
        throw new AssertionError("log " + log + " never contained '" + text + "': "
                + (Files.exists(log) ? Files.readString(log) : "(no file)"));
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Removes everything through the runtime, then by force whatever it left. */
    @Override
    public void close() {
        RuncRuntime runtime = runtimes.isEmpty() ? new RuncRuntime(config) : runtimes.getFirst();
        try {
            runtime.listSandboxes().forEach(s -> runtime.removeSandbox(s.id()));
            runtime.listContainers().forEach(c -> runtime.removeContainer(c.id()));
        } catch (RuntimeException e) {
            System.err.println("cleanup through the runtime failed: " + e);
        }
        RuncCli runc = new RuncCli(config.runc(), config.runcRoot());
        Commands.Outcome list = Commands.run(runc.argv("list", "-q"), 10);
        if (list.ok()) {
            list.output().lines().filter(l -> !l.isBlank()).forEach(id -> runc.delete(id.trim()));
        }
        List<Path> mounts = new ArrayList<>(Mounts.mountsUnder(base));
        mounts.sort((a, b) -> b.getNameCount() - a.getNameCount());
        mounts.forEach(Mounts::unmount);
        config.cgroups().remove(cgroupPrefix);
        try {
            Containers.deleteTree(base);
        } catch (IOException e) {
            System.err.println("cleanup of " + base + " failed: " + e);
        }
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[4];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }
}
