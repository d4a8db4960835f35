package io.kube4j.runtime.network;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes the masquerade rules the bridge plugin made for a sandbox (a rule in nat POSTROUTING
 * commented {@code name: "NET" id: "ID"} jumping to a per-sandbox {@code CNI-…} chain).
 *
 * <p>Why: the bridge plugin removes them on DEL only while the sandbox's namespace exists (it
 * learns the addresses from the interface); a DEL after the namespace vanished would leak them.
 * Best effort, stateless, thread-safe ({@code iptables -w} waits for the xtables lock).
 */
final class MasqueradeRules {

    private static final Logger log = LoggerFactory.getLogger(MasqueradeRules.class);

    private MasqueradeRules() {}

    static void remove(String networkName, String sandboxId, boolean ipv6) {
        String binary = ipv6 ? "ip6tables" : "iptables";
        String marker = "name: \\\"" + networkName + "\\\" id: \\\"" + sandboxId + "\\\"";
        List<String> rules;
        try {
            rules = run(binary, "-w", "-t", "nat", "-S", "POSTROUTING");
        } catch (IOException e) {
            log.debug("cannot list {} nat POSTROUTING: {}", binary, e.getMessage());
            return;
        }
        Set<String> chains = new LinkedHashSet<>();
        for (String rule : rules) {
            if (!rule.startsWith("-A POSTROUTING ") || !rule.contains(marker)) {
                continue;
            }
            List<String> words = split(rule);
            int jump = words.indexOf("-j");
            if (jump >= 0 && jump + 1 < words.size() && words.get(jump + 1).startsWith("CNI-")) {
                chains.add(words.get(jump + 1));
            }
            List<String> delete = new ArrayList<>(List.of(binary, "-w", "-t", "nat", "-D"));
            delete.addAll(words.subList(1, words.size()));
            tryRun(delete.toArray(String[]::new));
        }
        for (String chain : chains) {
            tryRun(binary, "-w", "-t", "nat", "-F", chain);
            tryRun(binary, "-w", "-t", "nat", "-X", chain);
            log.debug("removed masquerade chain {} of sandbox {}", chain, sandboxId);
        }
    }

    /** Splits a line of {@code iptables -S} into its words (double quotes group, backslash escapes). */
    static List<String> split(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean quoted = false;
        boolean inWord = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length()) {
                word.append(line.charAt(++i));
                inWord = true;
            } else if (c == '"') {
                quoted = !quoted;
                inWord = true;
            } else if (c == ' ' && !quoted) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }

    private static void tryRun(String... command) {
        try {
            run(command);
        } catch (IOException e) {
            log.debug("{}: {}", String.join(" ", command), e.getMessage());
        }
    }

    private static List<String> run(String... command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            process.getOutputStream().close();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("timed out");
            }
            String text = new String(out, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IOException(text.trim());
            }
            return text.lines().toList();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
