package io.kube4j.runtime.linux;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs host commands (mount, unshare, runc...) to completion with a time bound, capturing their
 * output. Stateless and thread-safe.
 */
public final class Commands {

    private Commands() {}

    /** A finished command: exit code (-1 if it timed out and was killed) and merged output. */
    public record Outcome(int exitCode, String output) {
        public boolean ok() {
            return exitCode == 0;
        }
    }

    /** Runs {@code argv} with stdin from /dev/null, stdout and stderr merged, killed after {@code timeoutSeconds}. */
    public static Outcome run(List<String> argv, long timeoutSeconds) {
        ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        try {
            Process process = builder.start();
            byte[][] out = new byte[1][];
            Thread reader = Thread.ofVirtual().start(() -> {
                try {
                    out[0] = process.getInputStream().readAllBytes();
                } catch (IOException e) {
                    out[0] = new byte[0];
                }
            });
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
                reader.join(1000);
                return new Outcome(-1, "timed out after " + timeoutSeconds + "s: " + String.join(" ", argv));
            }
            reader.join(5000);
            return new Outcome(process.exitValue(), out[0] == null ? "" : new String(out[0], StandardCharsets.UTF_8).trim());
        } catch (IOException e) {
            return new Outcome(127, "cannot run " + argv.getFirst() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(-1, "interrupted: " + String.join(" ", argv));
        }
    }
}
