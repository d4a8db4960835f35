package io.kube4j.kubelet;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Everything a kubelet is configured with (upstream's flag names in the parameter docs), whoever
 * starts it: {@code kube4j kubelet} alone or the agent inside {@code kube4j server}. Immutable.
 *
 * @param nodeName the Node's name ({@code --hostname-override}; default the host name, lower case)
 * @param nodeIp the node's InternalIP ({@code --node-ip}); null: the host's first non-loopback IPv4
 * @param nodeLabels extra labels ({@code --node-labels})
 * @param taints taints at registration, {@code key=value:Effect} each ({@code --register-with-taints})
 * @param podCidr the node's pod range ({@code --pod-cidr}); null: the Node's spec.podCIDR, waited for
 * @param address the kubelet server's address ({@code --address}, 0.0.0.0)
 * @param port the kubelet server's port ({@code --port}, 10250)
 * @param dataDir the agent's state: images, containers, sandboxes, pod volumes ({@code --data-dir})
 * @param podLogsDir where container logs go (upstream /var/log/pods)
 * @param podManifestPath static pod manifests ({@code --pod-manifest-path}); null: none
 * @param clusterDns DNS server IPs for ClusterFirst pods ({@code --cluster-dns}); empty: the host's resolv.conf
 * @param clusterDomain the cluster's DNS domain ({@code --cluster-domain}, cluster.local)
 * @param maxPods the most pods ({@code --max-pods}, 110)
 * @param containerRuntime "runc" (real containers) or "simulated" (a hollow node)
 * @param runcRoot runc's state directory ({@code --runc-root})
 * @param cgroupRoot the cgroup pods go under ({@code --cgroup-root}, /kube4j)
 * @param cniBinDir the CNI plugins ({@code --cni-bin-dir}, /usr/lib/cni)
 * @param cniBridge the pod network's bridge ({@code --cni-bridge}, kube4j0)
 * @param imagesImportDir image archives imported at start, for air-gapped hosts; null: none
 * @param insecureRegistries registries pulled over plain HTTP besides loopback ones
 * @param tlsCertFile the server certificate ({@code --tls-cert-file}); null: self-signed under dataDir
 * @param tlsKeyFile its key ({@code --tls-private-key-file})
 * @param clientCaFile the CA whose client certificates may call the kubelet ({@code --client-ca-file})
 * @param nodeStatusUpdateFrequency how often node status is computed ({@code --node-status-update-frequency}, 10s)
 * @param syncFrequency how often every pod is re-synced ({@code --sync-frequency}, 1m)
 * @param imageGcHighThresholdPercent image GC starts above this disk use (85)
 * @param imageGcLowThresholdPercent and frees down to this (80)
 * @param evictionHard hard eviction thresholds ({@code --eviction-hard}, e.g. memory.available=100Mi)
 * @param kubeReserved resources kept for Kubernetes' daemons ({@code --kube-reserved})
 * @param systemReserved resources kept for the system ({@code --system-reserved})
 * @param capacityOverrides resource name → quantity replacing what the machine reports in the
 *     Node's capacity (no upstream kubelet flag: {@code kube4j hollow-nodes --capacity} sets it, as
 *     kubemark's hollow node reports a fake machine rather than its host); empty: the machine's
 */
public record KubeletSettings(
        String nodeName,
        String nodeIp,
        Map<String, String> nodeLabels,
        List<String> taints,
        String podCidr,
        String address,
        int port,
        Path dataDir,
        Path podLogsDir,
        Path podManifestPath,
        List<String> clusterDns,
        String clusterDomain,
        int maxPods,
        String containerRuntime,
        Path runcRoot,
        String cgroupRoot,
        Path cniBinDir,
        String cniBridge,
        Path imagesImportDir,
        List<String> insecureRegistries,
        Path tlsCertFile,
        Path tlsKeyFile,
        Path clientCaFile,
        Duration nodeStatusUpdateFrequency,
        Duration syncFrequency,
        int imageGcHighThresholdPercent,
        int imageGcLowThresholdPercent,
        Map<String, String> evictionHard,
        Map<String, String> kubeReserved,
        Map<String, String> systemReserved,
        Map<String, String> capacityOverrides) {

    public KubeletSettings {
        capacityOverrides = Map.copyOf(capacityOverrides);
        nodeLabels = Map.copyOf(nodeLabels);
        taints = List.copyOf(taints);
        clusterDns = List.copyOf(clusterDns);
        insecureRegistries = List.copyOf(insecureRegistries);
        evictionHard = Map.copyOf(evictionHard);
        kubeReserved = Map.copyOf(kubeReserved);
        systemReserved = Map.copyOf(systemReserved);
    }

    /** The settings without capacity overrides: the machine's capacity is reported. */
    public KubeletSettings(String nodeName, String nodeIp, Map<String, String> nodeLabels, List<String> taints, String podCidr,
            String address, int port, Path dataDir, Path podLogsDir, Path podManifestPath, List<String> clusterDns,
            String clusterDomain, int maxPods, String containerRuntime, Path runcRoot, String cgroupRoot, Path cniBinDir,
            String cniBridge, Path imagesImportDir, List<String> insecureRegistries, Path tlsCertFile, Path tlsKeyFile,
            Path clientCaFile, Duration nodeStatusUpdateFrequency, Duration syncFrequency, int imageGcHighThresholdPercent,
            int imageGcLowThresholdPercent, Map<String, String> evictionHard, Map<String, String> kubeReserved,
            Map<String, String> systemReserved) {
        this(nodeName, nodeIp, nodeLabels, taints, podCidr, address, port, dataDir, podLogsDir, podManifestPath, clusterDns,
                clusterDomain, maxPods, containerRuntime, runcRoot, cgroupRoot, cniBinDir, cniBridge, imagesImportDir,
                insecureRegistries, tlsCertFile, tlsKeyFile, clientCaFile, nodeStatusUpdateFrequency, syncFrequency,
                imageGcHighThresholdPercent, imageGcLowThresholdPercent, evictionHard, kubeReserved, systemReserved, Map.of());
    }

    /** With {@code overrides} as the capacity overrides (the rest unchanged). */
    public KubeletSettings withCapacityOverrides(Map<String, String> overrides) {
        return new KubeletSettings(nodeName, nodeIp, nodeLabels, taints, podCidr, address, port, dataDir, podLogsDir, podManifestPath,
                clusterDns, clusterDomain, maxPods, containerRuntime, runcRoot, cgroupRoot, cniBinDir, cniBridge, imagesImportDir,
                insecureRegistries, tlsCertFile, tlsKeyFile, clientCaFile, nodeStatusUpdateFrequency, syncFrequency,
                imageGcHighThresholdPercent, imageGcLowThresholdPercent, evictionHard, kubeReserved, systemReserved, overrides);
    }

    public static final String RUNC = "runc";
    public static final String SIMULATED = "simulated";

    /** Upstream's defaults, state under {@code dataDir}, for node {@code nodeName}. */
    public static KubeletSettings defaults(String nodeName, Path dataDir) {
        return new KubeletSettings(nodeName, null, Map.of(), List.of(), null, "0.0.0.0", 10250, dataDir,
                dataDir.resolve("pod-logs"), null, List.of(), "cluster.local", 110, RUNC, Path.of("/run/kube4j/runc"),
                "/kube4j", Path.of("/usr/lib/cni"), "kube4j0", dataDir.resolve("images-import"), List.of(), null, null,
                null, Duration.ofSeconds(10), Duration.ofMinutes(1), 85, 80, Map.of("memory.available", "100Mi",
                        "nodefs.available", "10%", "imagefs.available", "15%", "nodefs.inodesFree", "5%"),
                Map.of(), Map.of());
    }
}
