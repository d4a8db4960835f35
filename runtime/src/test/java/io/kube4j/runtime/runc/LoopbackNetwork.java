package io.kube4j.runtime.runc;

import io.kube4j.runtime.PodNetwork;
import io.kube4j.runtime.RuntimeFailure;
import io.kube4j.runtime.SandboxConfig;
import io.kube4j.runtime.linux.Commands;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** A test {@link PodNetwork} that only brings up the namespace's loopback and gives no IP; it records what it saw. */
final class LoopbackNetwork implements PodNetwork {

    final Set<String> up = ConcurrentHashMap.newKeySet();
    final Set<String> tornDown = ConcurrentHashMap.newKeySet();

    @Override
    public List<String> setUp(String sandboxId, SandboxConfig config, Path netns) {
        Commands.Outcome out = Commands.run(List.of("nsenter", "--net=" + netns, "ip", "link", "set", "lo", "up"), 10);
        if (!out.ok()) {
            throw new RuntimeFailure(RuntimeFailure.Reason.NETWORK, "loopback up failed: " + out.output());
        }
        up.add(sandboxId);
        return List.of();
    }

    @Override
    public void tearDown(String sandboxId, SandboxConfig config, Path netns) {
        tornDown.add(sandboxId);
    }
}
