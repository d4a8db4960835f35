package io.kube4j.runtime.runc;

import io.kube4j.runtime.SandboxConfig;
import java.time.Instant;
import java.util.List;

/**
 * A sandbox's state as stored in its directory (sandbox.json): rewritten whole on every change.
 *
 * @param ips the pod's IPs from the pod network (empty for host network)
 * @param stopped the sandbox was stopped (its network released)
 * @param pidHolder the pid of the process holding the pod's shared PID namespace, 0 if none
 */
record SandboxRecord(String id, SandboxConfig config, Instant createdAt, List<String> ips, boolean stopped, long pidHolder) {

    SandboxRecord {
        ips = List.copyOf(ips);
    }

    SandboxRecord withStopped() {
        return new SandboxRecord(id, config, createdAt, ips, true, pidHolder);
    }
}
