package io.kube4j.controllers.garbagecollector;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the installed {@code kubectl} against a kubeconfig, for ITs; each call bounded to 60 s. Stateless. */
public final class Kubectl {

    /** What a kubectl run printed (stdout and stderr together) and its exit code. */
    public record Result(int exitCode, String output) {
    }

    private final Path kubeconfig;

    public Kubectl(Path kubeconfig) {
        this.kubeconfig = kubeconfig;
    }

    public Result run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out;
        try (var in = p.getInputStream()) {
            out = in.readAllBytes();
        }
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("kubectl " + String.join(" ", args) + " timed out");
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
