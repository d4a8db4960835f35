package io.kube4j.runtime.runc;

import io.kube4j.runtime.SandboxConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes the files a sandbox's containers mount: /etc/hosts (localhost entries, the pod's IP and
 * hostname, its host aliases), /etc/resolv.conf (the pod's DNS config, or the host's) and
 * /etc/hostname. Host-network pods get the host's hosts file and hostname, as upstream. Stateless.
 */
final class SandboxFiles {

    private SandboxFiles() {}

    static void write(Path dir, SandboxConfig config, List<String> ips) throws IOException {
        String hostname = config.hostNetwork() ? hostHostname() : config.hostname();
        Files.writeString(dir.resolve("hostname"), hostname + "\n");
        Files.writeString(dir.resolve("resolv.conf"), resolvConf(config.dns()));
        StringBuilder hosts = new StringBuilder();
        if (config.hostNetwork() && Files.isReadable(Path.of("/etc/hosts"))) {
            hosts.append(Files.readString(Path.of("/etc/hosts")));
            if (!hosts.isEmpty() && hosts.charAt(hosts.length() - 1) != '\n') {
                hosts.append('\n');
            }
        } else {
            hosts.append("# Kubernetes-managed hosts file.\n")
                    .append("127.0.0.1\tlocalhost\n")
                    .append("::1\tlocalhost ip6-localhost ip6-loopback\n")
                    .append("fe00::0\tip6-localnet\n")
                    .append("fe00::0\tip6-mcastprefix\n")
                    .append("fe00::1\tip6-allnodes\n")
                    .append("fe00::2\tip6-allrouters\n");
            for (String ip : ips) {
                hosts.append(ip).append('\t').append(hostname).append('\n');
            }
        }
        if (!config.hostAliases().isEmpty()) {
            hosts.append("\n# Entries added by HostAliases.\n");
            for (String alias : config.hostAliases()) {
                hosts.append(alias.trim().replaceFirst("\\s+", "\t")).append('\n');
            }
        }
        Files.writeString(dir.resolve("hosts"), hosts.toString());
    }

    private static String resolvConf(SandboxConfig.DnsConfig dns) throws IOException {
        if (dns == null) {
            Path host = Path.of("/etc/resolv.conf");
            return Files.isReadable(host) ? Files.readString(host) : "";
        }
        StringBuilder out = new StringBuilder();
        for (String server : dns.servers()) {
            out.append("nameserver ").append(server).append('\n');
        }
        if (!dns.searches().isEmpty()) {
            out.append("search ").append(String.join(" ", dns.searches())).append('\n');
        }
        if (!dns.options().isEmpty()) {
            out.append("options ").append(String.join(" ", dns.options())).append('\n');
        }
        return out.toString();
    }

    private static String hostHostname() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
