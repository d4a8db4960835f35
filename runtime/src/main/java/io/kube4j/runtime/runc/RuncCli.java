package io.kube4j.runtime.runc;

import io.kube4j.runtime.linux.Commands;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** runc's short commands against one state root (start, kill, delete). Immutable and thread-safe. */
record RuncCli(Path runc, Path root) {

    List<String> argv(String... args) {
        List<String> argv = new ArrayList<>(List.of(runc.toString(), "--root", root.toString()));
        argv.addAll(List.of(args));
        return argv;
    }

    Commands.Outcome start(String id) {
        return Commands.run(argv("start", id), 60);
    }

    Commands.Outcome kill(String id, String signal) {
        return Commands.run(argv("kill", id, signal), 30);
    }

    Commands.Outcome delete(String id) {
        return Commands.run(argv("delete", "--force", id), 60);
    }

    String version() {
        Commands.Outcome out = Commands.run(List.of(runc.toString(), "--version"), 10);
        return out.ok() ? out.output().lines().findFirst().orElse("").replace("runc version ", "") : "unknown";
    }
}
