package io.kube4j.runtime;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A sandbox as the runtime knows it now (CRI's PodSandboxStatus).
 *
 * @param ips the pod's IPs, first the primary; empty for a host-network sandbox (the pod uses the node's)
 * @param networkNamespace the path of its network namespace (a bind mount), null for host network
 */
public record SandboxStatus(
        String id,
        SandboxConfig config,
        State state,
        Instant createdAt,
        List<String> ips,
        Path networkNamespace) {

    public SandboxStatus {
        ips = List.copyOf(ips);
    }

    public enum State {
        READY,
        NOT_READY
    }

    public Map<String, String> labels() {
        return config.labels();
    }
}
