package io.kube4j.kubelet.config;

import io.fabric8.kubernetes.api.model.HostAlias;
import java.util.List;

/**
 * The kubelet-managed /etc/hosts of a pod (upstream's ensureHostsFile): the header, localhost
 * lines and a line per pod IP with the FQDN (when the pod has a subdomain) and hostname; for a
 * host-network pod the node's own hosts file under its header instead. Then the hostAliases.
 * Stateless.
 */
public final class HostsFile {

    private HostsFile() {}

    /** The pod network's content. */
    public static String managed(List<String> podIps, String hostname, String hostDomain, List<HostAlias> aliases) {
        StringBuilder out = new StringBuilder("# Kubernetes-managed hosts file.\n");
        out.append("127.0.0.1\tlocalhost\n");
        out.append("::1\tlocalhost ip6-localhost ip6-loopback\n");
        out.append("fe00::0\tip6-localnet\n");
        out.append("fe00::0\tip6-mcastprefix\n");
        out.append("fe00::1\tip6-allnodes\n");
        out.append("fe00::2\tip6-allrouters\n");
        for (String ip : podIps) {
            if (hostDomain != null && !hostDomain.isEmpty()) {
                out.append(ip).append('\t').append(hostname).append('.').append(hostDomain).append('\t').append(hostname).append('\n');
            } else {
                out.append(ip).append('\t').append(hostname).append('\n');
            }
        }
        return out.append(aliases(aliases)).toString();
    }

    /** A host-network pod's content: the node's file with the managed header, then the aliases. */
    public static String hostNetwork(String nodeHosts, List<HostAlias> aliases) {
        return "# Kubernetes-managed hosts file (host network).\n" + nodeHosts + aliases(aliases);
    }

    /** The hostAliases as "IP name..." lines (for the sandbox config). */
    public static List<String> aliasLines(List<HostAlias> aliases) {
        return aliases == null ? List.of() : aliases.stream()
                .map(a -> a.getIp() + "\t" + String.join("\t", a.getHostnames() == null ? List.of() : a.getHostnames()))
                .toList();
    }

    private static String aliases(List<HostAlias> aliases) {
        if (aliases == null || aliases.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder("\n# Entries added by HostAliases.\n");
        for (String line : aliasLines(aliases)) {
            out.append(line).append('\n');
        }
        return out.toString();
    }
}
