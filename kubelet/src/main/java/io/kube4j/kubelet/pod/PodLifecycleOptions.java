package io.kube4j.kubelet.pod;

import io.kube4j.kubelet.credentials.PullCredentials;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;

/**
 * How the pod lifecycle runs.
 *
 * @param podLogRoot where pods' log directories go (upstream: /var/log/pods); the sandbox config
 *     from RuntimeConfigs names the pod's own directory under it
 * @param nodeIps the node's IPs, the primary first (status.hostIP/hostIPs, host-network pods' IPs)
 * @param syncFrequency how often every pod is synced even when nothing changed (upstream: 1 m)
 * @param relistPeriod how often the runtime is listed to notice container changes (upstream's PLEG: 1 s)
 * @param crashBackoffInitial CrashLoopBackOff's first delay (upstream: 10 s)
 * @param crashBackoffMax its cap (upstream: 300 s); a container that ran twice as long starts over
 * @param imageBackoffInitial ImagePullBackOff's first delay (upstream: 10 s)
 * @param imageBackoffMax its cap (upstream: 300 s)
 * @param registryAuth the credentials to try for a pod's image pulls (from its imagePullSecrets); anonymous by default
 * @param clock the time source (a fake one in tests)
 */
public record PodLifecycleOptions(
        Path podLogRoot,
        List<String> nodeIps,
        Duration syncFrequency,
        Duration relistPeriod,
        Duration crashBackoffInitial,
        Duration crashBackoffMax,
        Duration imageBackoffInitial,
        Duration imageBackoffMax,
        PullCredentials registryAuth,
        InstantSource clock) {

    public PodLifecycleOptions {
        nodeIps = List.copyOf(nodeIps);
    }

    /** Upstream's defaults. */
    public static PodLifecycleOptions defaults(Path podLogRoot, List<String> nodeIps) {
        return new PodLifecycleOptions(
                podLogRoot,
                nodeIps,
                Duration.ofMinutes(1),
                Duration.ofSeconds(1),
                Duration.ofSeconds(10),
                Duration.ofSeconds(300),
                Duration.ofSeconds(10),
                Duration.ofSeconds(300),
                PullCredentials.ANONYMOUS,
                InstantSource.system());
    }

    public PodLifecycleOptions withBackoff(Duration initial, Duration max) {
        return new PodLifecycleOptions(podLogRoot, nodeIps, syncFrequency, relistPeriod, initial, max, initial, max, registryAuth, clock);
    }

    public PodLifecycleOptions withClock(InstantSource clock) {
        return new PodLifecycleOptions(podLogRoot, nodeIps, syncFrequency, relistPeriod, crashBackoffInitial, crashBackoffMax,
                imageBackoffInitial, imageBackoffMax, registryAuth, clock);
    }

    public PodLifecycleOptions withRegistryAuth(PullCredentials auth) {
        return new PodLifecycleOptions(podLogRoot, nodeIps, syncFrequency, relistPeriod, crashBackoffInitial, crashBackoffMax,
                imageBackoffInitial, imageBackoffMax, auth, clock);
    }
}
