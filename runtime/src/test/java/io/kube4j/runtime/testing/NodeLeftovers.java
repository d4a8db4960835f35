package io.kube4j.runtime.testing;

import io.kube4j.runtime.linux.Cgroups;
import io.kube4j.runtime.linux.Commands;
import io.kube4j.runtime.linux.Mounts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Removes by force what a test's node may have left on the host when it did not (or could not)
 * clean up through the API: runc containers under its runc root, conmon processes serving its data
 * dir, mounts under its data dir, its cgroups, its bridge and the NAT rules the CNI plugins made for
 * its network. Each step runs even if an earlier one failed; problems go to stderr, never thrown.
 *
 * @param runcRoot the node's runc state directory
 * @param dataDir the node's data dir (overlays, namespaces, volumes are mounted under it)
 * @param cgroupPrefix the node's cgroup root, e.g. {@code /kube4j-e2e-ab12}
 * @param bridge the node's CNI bridge
 * @param cniNetwork the node's CNI network name (the plugins' iptables comments name it)
 */
public record NodeLeftovers(Path runcRoot, Path dataDir, String cgroupPrefix, String bridge, String cniNetwork) {

    /** Runs every step. */
    public void remove() {
        if (Files.isDirectory(runcRoot)) {
            Commands.Outcome list = Commands.run(List.of("runc", "--root", runcRoot.toString(), "list", "-q"), 10);
            if (list.ok()) {
                list.output().lines().map(String::strip).filter(id -> !id.isEmpty())
                        .forEach(id -> Commands.run(List.of("runc", "--root", runcRoot.toString(), "delete", "--force", id), 20));
            }
        }
        // conmon (and the PID-namespace holders) outlive containers only if runc's delete failed.
        Commands.run(List.of("pkill", "-9", "-f", "conmon.*" + dataDir), 10);
        List<Path> mounts = new ArrayList<>(Mounts.mountsUnder(dataDir));
        mounts.sort(Comparator.comparingInt(Path::getNameCount).reversed());
        mounts.forEach(Mounts::unmount);
        if (cgroupPrefix != null && !cgroupPrefix.isBlank()) {
            try {
                Cgroups.host().remove(cgroupPrefix);
            } catch (RuntimeException e) {
                System.err.println("NodeLeftovers: cgroups " + cgroupPrefix + ": " + e);
            }
        }
        if (bridge != null) {
            Commands.run(List.of("ip", "link", "delete", bridge), 10);
        }
        if (cniNetwork != null) {
            removeNatRules();
        }
        deleteTree(runcRoot);
    }

    /** Every nat rule whose comment names the network, then the CNI chains left empty by that. */
    private void removeNatRules() {
        Commands.Outcome rules = Commands.run(List.of("iptables", "-t", "nat", "-S"), 10);
        if (!rules.ok()) {
            return;
        }
        List<String> chains = new ArrayList<>();
        for (String line : rules.output().lines().toList()) {
            if (line.startsWith("-A ") && line.contains(cniNetwork)) {
                List<String> argv = new ArrayList<>(List.of("iptables", "-t", "nat", "-D"));
                argv.addAll(ShellWords.split(line.substring(3)));
                Commands.run(argv, 10);
                String chain = line.split(" ")[1];
                if (chain.startsWith("CNI-") && !chain.startsWith("CNI-HOSTPORT")) {
                    chains.add(chain);
                }
            }
        }
        for (String line : rules.output().lines().toList()) {
            for (String chain : chains) {
                if (line.startsWith("-A ") && line.contains("-j " + chain)) {
                    List<String> argv = new ArrayList<>(List.of("iptables", "-t", "nat", "-D"));
                    argv.addAll(ShellWords.split(line.substring(3)));
                    Commands.run(argv, 10);
                }
            }
        }
        for (String chain : chains) {
            Commands.run(List.of("iptables", "-t", "nat", "-F", chain), 10);
            Commands.run(List.of("iptables", "-t", "nat", "-X", chain), 10);
        }
    }

    /** Deletes a directory tree without following links; what cannot go is reported. */
    public static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    System.err.println("NodeLeftovers: cannot delete " + p + ": " + e);
                }
            });
        } catch (IOException | java.io.UncheckedIOException e) {
            System.err.println("NodeLeftovers: cannot walk " + dir + ": " + e);
        }
    }

    /** Splits an iptables -S line into words, keeping quoted comments whole. */
    static final class ShellWords {
        private ShellWords() {}

        static List<String> split(String line) {
            List<String> words = new ArrayList<>();
            StringBuilder word = new StringBuilder();
            boolean quoted = false;
            boolean any = false;
            for (char c : line.toCharArray()) {
                if (c == '"') {
                    quoted = !quoted;
                    any = true;
                } else if (c == ' ' && !quoted) {
                    if (any) {
                        words.add(word.toString());
                    }
                    word.setLength(0);
                    any = false;
                } else {
                    word.append(c);
                    any = true;
                }
            }
            if (any) {
                words.add(word.toString());
            }
            return words;
        }
    }
}
