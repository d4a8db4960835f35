package io.kube4j.kubelet.probe;

import io.kube4j.runtime.ContainerRuntime;
import io.kube4j.runtime.ExecResult;
import io.kube4j.runtime.RuntimeFailure;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * An exec probe: the command runs in the container through the runtime's execSync; exit code 0 is
 * success, any other code a failure with the command's output, and a command still running at the
 * timeout a failure (upstream's ExecProbeTimeout behaviour).
 */
final class ExecProbe {

    /** Upstream keeps at most 10 KiB of a probe command's output. */
    static final int MAX_OUTPUT = 10 * 1024;

    private final ContainerRuntime runtime;

    ExecProbe(ContainerRuntime runtime) {
        this.runtime = runtime;
    }

    ProbeResult run(List<String> command, ProbeTarget target, Duration timeout) {
        ExecResult result;
        try {
            result = runtime.execSync(target.containerId(), command, timeout);
        } catch (RuntimeFailure e) {
            return ProbeResult.error(e.getMessage());
        }
        if (result.timedOut()) {
            return ProbeResult.failure("command \"" + String.join(" ", command) + "\" timed out");
        }
        String output = output(result);
        return result.exitCode() == 0 ? ProbeResult.success(output) : ProbeResult.failure(output);
    }

    private static String output(ExecResult result) {
        byte[] out = result.stdout() == null ? new byte[0] : result.stdout();
        byte[] err = result.stderr() == null ? new byte[0] : result.stderr();
        byte[] all = new byte[Math.min(MAX_OUTPUT, out.length + err.length)];
        int fromOut = Math.min(out.length, all.length);
        System.arraycopy(out, 0, all, 0, fromOut);
        System.arraycopy(err, 0, all, fromOut, all.length - fromOut);
        return new String(all, StandardCharsets.UTF_8);
    }
}
