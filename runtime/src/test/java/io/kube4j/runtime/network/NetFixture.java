package io.kube4j.runtime.network;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One test's own network world: a random suffix, a bridge name and a /24 (or smaller) subnet no
 * route of this host uses, network namespaces made with {@code ip netns add}; {@link #close()}
 * removes them all, the bridge, and any iptables nat rule whose comment names one of the test's
 * sandboxes (best effort, so that a failed test leaves nothing behind).
 */
final class NetFixture implements AutoCloseable {

    final String suffix;
    final String bridge;
    final String subnetBase; // "10.X.Y"
    private final List<String> namespaces = new ArrayList<>();

    NetFixture() throws IOException, InterruptedException {
        suffix = Long.toHexString(ThreadLocalRandom.current().nextLong(0x10000, 0xfffff));
        bridge = "k4t-" + suffix;
        String routes = run("ip", "-4", "route", "show", "table", "all").out();
        String base = null;
        for (int attempt = 0; attempt < 50 && base == null; attempt++) {
            String candidate = "10." + ThreadLocalRandom.current().nextInt(200, 250) + "." + ThreadLocalRandom.current().nextInt(0, 256);
            if (!routes.contains(candidate + ".")) {
                base = candidate;
            }
        }
        if (base == null) {
            throw new IllegalStateException("no free subnet found");
        }
        subnetBase = base;
    }

    /** Creates a network namespace named after the suffix; returns its path. */
    Path netns(String name) throws IOException, InterruptedException {
        String ns = "k4t-" + suffix + "-" + name;
        namespaces.add(ns);
        Result r = run("ip", "netns", "add", ns);
        if (r.code() != 0) {
            throw new IllegalStateException("ip netns add " + ns + ": " + r.err());
        }
        return Path.of("/var/run/netns", ns);
    }

    String nsName(Path netns) {
        return netns.getFileName().toString();
    }

    void deleteNetns(Path netns) throws IOException, InterruptedException {
        run("ip", "netns", "del", nsName(netns));
    }

    /** The nat table's rules (iptables -S) that mention {@code text}. */
    List<String> natRulesMentioning(String text) throws IOException, InterruptedException {
        List<String> found = new ArrayList<>();
        for (String line : run("iptables", "-w", "-t", "nat", "-S").out().split("\n")) {
            if (line.contains(text)) {
                found.add(line);
            }
        }
        return found;
    }

    @Override
    public void close() throws IOException {
        try {
            cleanUp();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while cleaning up", e);
        }
    }

    private void cleanUp() throws IOException, InterruptedException {
        for (String ns : namespaces) {
            run("ip", "netns", "del", ns);
        }
        run("ip", "link", "del", bridge);
        // Rules the plugins made for this test's sandboxes (their ids carry the suffix) and the chains they jump to.
        Set<String> chains = new HashSet<>();
        Pattern jump = Pattern.compile("-j (CNI-[A-Za-z0-9-]+)");
        for (String rule : natRulesMentioning(suffix)) {
            if (rule.startsWith("-A ")) {
                Matcher m = jump.matcher(rule);
                if (m.find()) {
                    chains.add(m.group(1));
                }
                run("sh", "-c", "iptables -w -t nat -D " + rule.substring(3));
            }
        }
        for (String chain : chains) {
            if (!chain.equals("CNI-HOSTPORT-DNAT") && !chain.equals("CNI-HOSTPORT-SETMARK") && !chain.equals("CNI-HOSTPORT-MASQ")) {
                run("iptables", "-w", "-t", "nat", "-F", chain);
                run("iptables", "-w", "-t", "nat", "-X", chain);
            }
        }
    }

    record Result(int code, String out, String err) {}

    static Result run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).start();
        p.getOutputStream().close();
        byte[][] bytes = new byte[2][];
        Thread o = Thread.ofVirtual().start(() -> bytes[0] = readAll(p.getInputStream()));
        Thread e = Thread.ofVirtual().start(() -> bytes[1] = readAll(p.getErrorStream()));
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("timed out: " + String.join(" ", command));
        }
        o.join();
        e.join();
        return new Result(p.exitValue(), new String(bytes[0], StandardCharsets.UTF_8), new String(bytes[1], StandardCharsets.UTF_8));
    }

    private static byte[] readAll(java.io.InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }

    static boolean available() {
        return "root".equals(System.getProperty("user.name"))
                && Files.isExecutable(CniConfig.DEBIAN_PLUGIN_DIR.resolve("bridge"))
                && Files.isExecutable(CniConfig.DEBIAN_PLUGIN_DIR.resolve("host-local"))
                && Files.isExecutable(CniConfig.DEBIAN_PLUGIN_DIR.resolve("loopback"))
                && Files.isExecutable(CniConfig.DEBIAN_PLUGIN_DIR.resolve("portmap"))
                && Files.isExecutable(Path.of("/usr/bin/busybox"))
                && (Files.isExecutable(Path.of("/usr/sbin/ip")) || Files.isExecutable(Path.of("/sbin/ip")))
                && (Files.isExecutable(Path.of("/usr/sbin/iptables")) || Files.isExecutable(Path.of("/sbin/iptables")));
    }
}
