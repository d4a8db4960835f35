package io.kube4j.kubelet.config;

import io.fabric8.kubernetes.api.model.Quantity;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The node-level settings pods' runtime configs are made from (upstream's kubelet flags).
 *
 * @param clusterDns the cluster DNS servers (--cluster-dns); empty: ClusterFirst falls back to Default
 * @param clusterDomain the cluster domain (--cluster-domain, "cluster.local")
 * @param podLogsDir where pods' log directories go (upstream /var/log/pods)
 * @param podsDir the kubelet's pods directory (upstream /var/lib/kubelet/pods): per pod its
 *     etc-hosts file, termination-message files and volumes
 * @param cgroupRoot the cgroup the kubepods hierarchy goes under ("/" for the top)
 * @param resolvConf the host resolv.conf pods with dnsPolicy Default get (--resolv-conf); null: none
 *     (as upstream's empty flag: nameserver 127.0.0.1)
 * @param nodeHostsFile the node's hosts file, copied for host-network pods (/etc/hosts)
 * @param seccompDir the directory Localhost seccomp profiles are relative to (upstream ROOT/seccomp)
 * @param nodeName this node's name (to read its Node for status.hostIP and allocatable)
 * @param nodeIps the node's IPs, used when its Node cannot be read
 * @param nodeAllocatable the node's allocatable resources, used when its Node cannot be read
 *     (limits default to them in the downward API)
 * @param memoryCapacityBytes the node's memory, for the Burstable oom_score_adj formula
 */
public record PodConfigOptions(
        List<String> clusterDns,
        String clusterDomain,
        Path podLogsDir,
        Path podsDir,
        String cgroupRoot,
        Path resolvConf,
        Path nodeHostsFile,
        Path seccompDir,
        String nodeName,
        List<String> nodeIps,
        Map<String, Quantity> nodeAllocatable,
        long memoryCapacityBytes) {

    public PodConfigOptions {
        clusterDns = List.copyOf(clusterDns);
        clusterDomain = clusterDomain == null ? "" : clusterDomain;
        cgroupRoot = cgroupRoot == null || cgroupRoot.isEmpty() ? "/" : cgroupRoot;
        nodeIps = List.copyOf(nodeIps);
        nodeAllocatable = Map.copyOf(nodeAllocatable);
        if (memoryCapacityBytes <= 0) {
            throw new IllegalArgumentException("memoryCapacityBytes must be positive");
        }
    }

    /** Upstream's defaults under {@code root} (pods in ROOT/pods, logs in ROOT/logs/pods, seccomp in ROOT/seccomp), cluster.local, the host's resolv.conf and hosts. */
    public static PodConfigOptions defaults(Path root, String nodeName, List<String> clusterDns, long memoryCapacityBytes) {
        return new PodConfigOptions(clusterDns, "cluster.local", root.resolve("logs/pods"), root.resolve("pods"), "/",
                Path.of("/etc/resolv.conf"), Path.of("/etc/hosts"), root.resolve("seccomp"), nodeName, List.of(),
                Map.of(), memoryCapacityBytes);
    }
}
