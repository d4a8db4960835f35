package io.kube4j.runtime;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a pod sandbox is made of (CRI's PodSandboxConfig).
 *
 * @param name the pod's name
 * @param namespace the pod's namespace
 * @param uid the pod's UID
 * @param attempt how many sandboxes this pod had before this one (0 first)
 * @param hostname the pod's hostname (its name, or spec.hostname)
 * @param logDirectory the directory the pod's container logs go under (upstream: /var/log/pods/NS_NAME_UID)
 * @param dns the resolv.conf the pod's containers see; null: the host's
 * @param hostAliases extra /etc/hosts lines, "IP name..." each
 * @param portMappings hostPort mappings (CNI portmap)
 * @param hostNetwork the pod uses the node's network namespace (no CNI, the node's IP)
 * @param hostPid the pod uses the node's PID namespace
 * @param hostIpc the pod uses the node's IPC namespace
 * @param shareProcessNamespace the pod's containers share one PID namespace
 * @param cgroupParent the cgroup the pod's containers go under (e.g. "/kubepods/burstable/pod&lt;uid&gt;"),
 *     relative to the runtime's cgroup root
 * @param sysctls namespaced sysctls for the pod
 * @param labels stored and returned as given ({@link RuntimeLabels})
 * @param annotations stored and returned as given
 */
public record SandboxConfig(
        String name,
        String namespace,
        String uid,
        int attempt,
        String hostname,
        Path logDirectory,
        DnsConfig dns,
        List<String> hostAliases,
        List<PortMapping> portMappings,
        boolean hostNetwork,
        boolean hostPid,
        boolean hostIpc,
        boolean shareProcessNamespace,
        String cgroupParent,
        Map<String, String> sysctls,
        Map<String, String> labels,
        Map<String, String> annotations) {

    public SandboxConfig {
        hostAliases = List.copyOf(hostAliases);
        portMappings = List.copyOf(portMappings);
        sysctls = Map.copyOf(sysctls);
        labels = Map.copyOf(labels);
        annotations = Map.copyOf(annotations);
    }

    /** A pod's resolv.conf. */
    public record DnsConfig(List<String> servers, List<String> searches, List<String> options) {
        public DnsConfig {
            servers = List.copyOf(servers);
            searches = List.copyOf(searches);
            options = List.copyOf(options);
        }
    }

    /** A hostPort: {@code protocol} is TCP, UDP or SCTP; {@code hostIp} empty for all addresses. */
    public record PortMapping(int containerPort, int hostPort, String protocol, String hostIp) {}
}
