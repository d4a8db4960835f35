package io.kube4j.kubelet.node;

import io.fabric8.kubernetes.api.model.Taint;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How a {@link NodeAgent} registers and reports its Node (upstream's kubelet flags of the same names).
 *
 * @param nodeName the Node's name (--hostname-override, else the host name, lowercased)
 * @param nodeIp the InternalIP address (--node-ip); null: the host's first non-loopback IPv4
 * @param hostname the Hostname address and the kubernetes.io/hostname label
 * @param nodeLabels extra labels set at registration (--node-labels)
 * @param registerWithTaints taints set at registration (--register-with-taints)
 * @param podCidr set on the Node's spec if it has none (--pod-cidr); null: left to the controller manager
 * @param kubeletPort daemonEndpoints.kubeletEndpoint.Port (--port, 10250)
 * @param capacityOverrides resource → quantity replacing what the machine reports
 * @param systemReserved resource → quantity (--system-reserved)
 * @param kubeReserved resource → quantity (--kube-reserved)
 * @param evictionHard signal → threshold, only the part that reserves allocatable matters here (--eviction-hard)
 * @param maxPods the pods capacity (--max-pods, 110)
 * @param leaseDuration the Lease's leaseDurationSeconds (--node-lease-duration-seconds, 40 s); renewed every quarter of it
 * @param statusUpdateFrequency how often the status is computed (--node-status-update-frequency, 10 s)
 * @param statusReportFrequency how often an unchanged status is still written (--node-status-report-frequency, 5 min)
 * @param rootDir the kubelet's root directory; its filesystem is the ephemeral-storage capacity (--root-dir)
 * @param hostRoot where the host's /proc, /sys and /etc are read from ("/"; a sample tree in tests)
 * @param kubeletVersion nodeInfo.kubeletVersion
 * @param maxImagesInNodeStatus the largest images reported in status.images (--node-status-max-images, 50)
 */
public record NodeAgentOptions(
        String nodeName,
        String nodeIp,
        String hostname,
        Map<String, String> nodeLabels,
        List<Taint> registerWithTaints,
        String podCidr,
        int kubeletPort,
        Map<String, String> capacityOverrides,
        Map<String, String> systemReserved,
        Map<String, String> kubeReserved,
        Map<String, String> evictionHard,
        int maxPods,
        Duration leaseDuration,
        Duration statusUpdateFrequency,
        Duration statusReportFrequency,
        Path rootDir,
        Path hostRoot,
        String kubeletVersion,
        int maxImagesInNodeStatus) {

    public static final String KUBELET_VERSION = "v1.33.0-kube4j";

    /** Upstream's default hard eviction thresholds on Linux. */
    public static final Map<String, String> DEFAULT_EVICTION_HARD =
            Map.of("memory.available", "100Mi", "nodefs.available", "10%", "imagefs.available", "15%", "nodefs.inodesFree", "5%");

    public NodeAgentOptions {
        if (nodeName == null || nodeName.isBlank()) {
            throw new IllegalArgumentException("a node name is required");
        }
        nodeLabels = Map.copyOf(nodeLabels);
        registerWithTaints = List.copyOf(registerWithTaints);
        capacityOverrides = Map.copyOf(capacityOverrides);
        systemReserved = Map.copyOf(systemReserved);
        kubeReserved = Map.copyOf(kubeReserved);
        evictionHard = Map.copyOf(evictionHard);
        if (maxPods <= 0 || kubeletPort <= 0 || kubeletPort > 65_535) {
            throw new IllegalArgumentException("maxPods must be positive and kubeletPort a TCP port");
        }
    }

    /** Upstream's defaults for a node called {@code nodeName} whose kubelet keeps its state in {@code rootDir}. */
    public static NodeAgentOptions defaults(String nodeName, Path rootDir) {
        return new NodeAgentOptions(nodeName, null, nodeName, Map.of(), List.of(), null, 10250, Map.of(), Map.of(), Map.of(),
                DEFAULT_EVICTION_HARD, 110, Duration.ofSeconds(40), Duration.ofSeconds(10), Duration.ofMinutes(5), rootDir, Path.of("/"),
                KUBELET_VERSION, 50);
    }

    public NodeAgentOptions withNodeIp(String ip) {
        return new NodeAgentOptions(nodeName, ip, hostname, nodeLabels, registerWithTaints, podCidr, kubeletPort, capacityOverrides,
                systemReserved, kubeReserved, evictionHard, maxPods, leaseDuration, statusUpdateFrequency, statusReportFrequency, rootDir,
                hostRoot, kubeletVersion, maxImagesInNodeStatus);
    }

    public NodeAgentOptions withLabelsAndTaints(Map<String, String> labels, List<Taint> taints) {
        return new NodeAgentOptions(nodeName, nodeIp, hostname, labels, taints, podCidr, kubeletPort, capacityOverrides,
                systemReserved, kubeReserved, evictionHard, maxPods, leaseDuration, statusUpdateFrequency, statusReportFrequency, rootDir,
                hostRoot, kubeletVersion, maxImagesInNodeStatus);
    }

    public NodeAgentOptions withPodCidr(String cidr) {
        return new NodeAgentOptions(nodeName, nodeIp, hostname, nodeLabels, registerWithTaints, cidr, kubeletPort, capacityOverrides,
                systemReserved, kubeReserved, evictionHard, maxPods, leaseDuration, statusUpdateFrequency, statusReportFrequency, rootDir,
                hostRoot, kubeletVersion, maxImagesInNodeStatus);
    }

    public NodeAgentOptions withResources(Map<String, String> overrides, Map<String, String> system, Map<String, String> kube, int pods) {
        return new NodeAgentOptions(nodeName, nodeIp, hostname, nodeLabels, registerWithTaints, podCidr, kubeletPort, overrides,
                system, kube, evictionHard, pods, leaseDuration, statusUpdateFrequency, statusReportFrequency, rootDir,
                hostRoot, kubeletVersion, maxImagesInNodeStatus);
    }

    /** Shorter periods, for tests and hollow nodes. */
    public NodeAgentOptions withTiming(Duration lease, Duration statusUpdate, Duration statusReport) {
        return new NodeAgentOptions(nodeName, nodeIp, hostname, nodeLabels, registerWithTaints, podCidr, kubeletPort, capacityOverrides,
                systemReserved, kubeReserved, evictionHard, maxPods, lease, statusUpdate, statusReport, rootDir,
                hostRoot, kubeletVersion, maxImagesInNodeStatus);
    }

    public NodeAgentOptions withKubeletPort(int port) {
        return new NodeAgentOptions(nodeName, nodeIp, hostname, nodeLabels, registerWithTaints, podCidr, port, capacityOverrides,
                systemReserved, kubeReserved, evictionHard, maxPods, leaseDuration, statusUpdateFrequency, statusReportFrequency, rootDir,
                hostRoot, kubeletVersion, maxImagesInNodeStatus);
    }
}
