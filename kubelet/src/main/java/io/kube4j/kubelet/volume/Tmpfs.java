package io.kube4j.kubelet.volume;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * tmpfs mounts for memory-backed volumes (emptyDir medium Memory, secrets and projected volumes),
 * through mount(8)/umount(8); only root can mount. Stateless and thread-safe.
 */
final class Tmpfs {

    private Tmpfs() {}

    static boolean canMount() {
        try {
            return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue() == 0;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** Mounts a tmpfs at {@code dir} (size in bytes, 0: the kernel's default) unless one is there. */
    static void mount(Path dir, long sizeBytes) throws IOException {
        if (mountPoints().contains(dir.toAbsolutePath().normalize().toString())) {
            return;
        }
        List<String> cmd = new ArrayList<>(List.of("mount", "-t", "tmpfs"));
        if (sizeBytes > 0) {
            cmd.addAll(List.of("-o", "size=" + sizeBytes));
        }
        cmd.addAll(List.of("tmpfs", dir.toString()));
        run(cmd);
    }

    /** Unmounts every mount at or under {@code dir}, deepest first. */
    static void unmountUnder(Path dir) throws IOException {
        String prefix = dir.toAbsolutePath().normalize().toString();
        List<String> under = new ArrayList<>();
        for (String mp : mountPoints()) {
            if (mp.equals(prefix) || mp.startsWith(prefix + "/")) {
                under.add(mp);
            }
        }
        under.sort((a, b) -> b.length() - a.length());
        for (String mp : under) {
            run(List.of("umount", mp));
        }
    }

    /** The mount points of this mount namespace (/proc/self/mountinfo, octal escapes decoded). */
    static List<String> mountPoints() throws IOException {
        List<String> out = new ArrayList<>();
        Path info = Path.of("/proc/self/mountinfo");
        if (!Files.exists(info)) {
            return out;
        }
        for (String line : Files.readAllLines(info, StandardCharsets.UTF_8)) {
            String[] f = line.split(" ");
            if (f.length > 4) {
                out.add(unescape(f[4]));
            }
        }
        return out;
    }

    private static String unescape(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '\\' && i + 3 < s.length()) {
                out.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(s.charAt(i));
            }
        }
        return out.toString();
    }

    private static void run(List<String> cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", cmd) + ": timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(String.join(" ", cmd) + ": interrupted", e);
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: exit status " + p.exitValue() + ": " + output);
        }
    }
}
