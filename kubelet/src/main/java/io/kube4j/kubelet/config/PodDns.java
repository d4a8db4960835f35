package io.kube4j.kubelet.config;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodDNSConfig;
import io.fabric8.kubernetes.api.model.PodDNSConfigOption;
import io.kube4j.kubelet.events.KubeletEvents;
import io.kube4j.runtime.SandboxConfig.DnsConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * A pod's resolv.conf as upstream's dns.Configurer.GetPodDNS: dnsPolicy ClusterFirst (off the
 * host network) and ClusterFirstWithHostNet use the cluster DNS servers, the searches
 * {@code NS.svc.DOMAIN svc.DOMAIN DOMAIN} then the host's, and {@code ndots:5}; without cluster
 * DNS they fall back to Default (a MissingClusterDNS event); Default (and ClusterFirst on the host
 * network) is the host's resolv.conf; None is empty; spec.dnsConfig is then merged in (servers and
 * searches appended without duplicates, options by name) and the result cut to upstream's limits
 * (3 servers, 32 searches of at most 2048 characters in all). Thread-safe.
 */
public final class PodDns {

    private static final int MAX_SERVERS = 3;
    private static final int MAX_SEARCHES = 32;
    private static final int MAX_SEARCH_CHARS = 2048;

    private final List<String> clusterDns;
    private final String clusterDomain;
    private final Path resolvConf;
    private final KubeletEvents events;

    public PodDns(List<String> clusterDns, String clusterDomain, Path resolvConf, KubeletEvents events) {
        this.clusterDns = List.copyOf(clusterDns);
        this.clusterDomain = clusterDomain;
        this.resolvConf = resolvConf;
        this.events = events;
    }

    public DnsConfig forPod(Pod pod) {
        String policy = pod.getSpec().getDnsPolicy() == null ? "ClusterFirst" : pod.getSpec().getDnsPolicy();
        boolean hostNetwork = Boolean.TRUE.equals(pod.getSpec().getHostNetwork());
        String type = switch (policy) {
            case "None" -> "none";
            case "ClusterFirstWithHostNet" -> "cluster";
            case "ClusterFirst" -> hostNetwork ? "host" : "cluster";
            default -> "host";
        };
        if (type.equals("cluster") && clusterDns.isEmpty()) {
            if (events != null) {
                events.pod(pod, null, "Warning", "MissingClusterDNS",
                        "pod: \"%s_%s(%s)\". kubelet does not have ClusterDNS IP configured and cannot create Pod using \"%s\" policy. Falling back to \"Default\" policy."
                                .formatted(pod.getMetadata().getName(), pod.getMetadata().getNamespace(), pod.getMetadata().getUid(), policy));
            }
            type = "host";
        }
        List<String> servers = new ArrayList<>();
        List<String> searches = new ArrayList<>();
        List<String> options = new ArrayList<>();
        if (!type.equals("none")) {
            DnsConfig host = hostConfig();
            servers.addAll(host.servers());
            searches.addAll(host.searches());
            options.addAll(host.options());
        }
        if (type.equals("cluster")) {
            servers = new ArrayList<>(clusterDns);
            if (!clusterDomain.isEmpty()) {
                String ns = pod.getMetadata().getNamespace();
                List<String> s = new ArrayList<>(List.of(ns + ".svc." + clusterDomain, "svc." + clusterDomain, clusterDomain));
                s.addAll(searches);
                searches = new ArrayList<>(new LinkedHashSet<>(s));
            }
            options = new ArrayList<>(List.of("ndots:5"));
        }
        PodDNSConfig extra = pod.getSpec().getDnsConfig();
        if (extra != null) {
            servers = merge(servers, extra.getNameservers());
            searches = merge(searches, extra.getSearches());
            options = mergeOptions(options, extra.getOptions());
        }
        return fitLimits(pod, new DnsConfig(servers, searches, options));
    }

    /** The host's resolv.conf (nameserver, search/domain, options); none configured: 127.0.0.1 and search "." as upstream. */
    DnsConfig hostConfig() {
        if (resolvConf == null) {
            return new DnsConfig(List.of("127.0.0.1"), List.of("."), List.of());
        }
        try {
            return parse(Files.exists(resolvConf) ? Files.readString(resolvConf) : "");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resolvConf, e);
        }
    }

    /** Parses resolv.conf text (the last search/domain line wins; a trailing dot is dropped; "." is ignored). */
    public static DnsConfig parse(String text) {
        List<String> servers = new ArrayList<>();
        List<String> searches = new ArrayList<>();
        List<String> options = new ArrayList<>();
        for (String raw : text.split("\n")) {
            String line = raw;
            int hash = line.indexOf('#');
            if (hash >= 0) {
                line = line.substring(0, hash);
            }
            int semi = line.indexOf(';');
            if (semi >= 0) {
                line = line.substring(0, semi);
            }
            String[] f = line.trim().split("\\s+");
            if (f.length < 2 || f[0].isEmpty()) {
                continue;
            }
            switch (f[0]) {
                case "nameserver" -> servers.add(f[1]);
                case "domain", "search" -> {
                    searches = new ArrayList<>();
                    for (int i = 1; i < f.length; i++) {
                        if (!f[i].equals(".")) {
                            searches.add(f[i].endsWith(".") ? f[i].substring(0, f[i].length() - 1) : f[i]);
                        }
                    }
                }
                case "options" -> options.addAll(List.of(f).subList(1, f.length));
                default -> { }
            }
        }
        return new DnsConfig(servers, searches, options);
    }

    /** The resolv.conf text of a config. */
    public static String render(DnsConfig dns) {
        StringBuilder out = new StringBuilder();
        if (!dns.searches().isEmpty()) {
            out.append("search ").append(String.join(" ", dns.searches())).append('\n');
        }
        for (String s : dns.servers()) {
            out.append("nameserver ").append(s).append('\n');
        }
        if (!dns.options().isEmpty()) {
            out.append("options ").append(String.join(" ", dns.options())).append('\n');
        }
        return out.toString();
    }

    private DnsConfig fitLimits(Pod pod, DnsConfig dns) {
        List<String> servers = dns.servers();
        if (servers.size() > MAX_SERVERS) {
            servers = servers.subList(0, MAX_SERVERS);
            warn(pod, "Nameserver limits were exceeded, some nameservers have been omitted, the applied nameserver line is: "
                    + String.join(" ", servers));
        }
        List<String> searches = new ArrayList<>(dns.searches());
        int chars = String.join(" ", searches).length();
        if (searches.size() > MAX_SEARCHES || chars > MAX_SEARCH_CHARS) {
            while (!searches.isEmpty() && (searches.size() > MAX_SEARCHES || String.join(" ", searches).length() > MAX_SEARCH_CHARS)) {
                searches.removeLast();
            }
            warn(pod, "Search Line limits were exceeded, some search paths have been omitted, the applied search line is: "
                    + String.join(" ", searches));
        }
        return new DnsConfig(servers, searches, dns.options());
    }

    private void warn(Pod pod, String message) {
        if (events != null) {
            events.pod(pod, null, "Warning", "DNSConfigForming", message);
        }
    }

    private static List<String> merge(List<String> base, List<String> extra) {
        LinkedHashSet<String> out = new LinkedHashSet<>(base);
        if (extra != null) {
            out.addAll(extra);
        }
        return new ArrayList<>(out);
    }

    private static List<String> mergeOptions(List<String> base, List<PodDNSConfigOption> extra) {
        Map<String, String> byName = new LinkedHashMap<>();
        for (String op : base) {
            int colon = op.indexOf(':');
            byName.put(colon < 0 ? op : op.substring(0, colon), colon < 0 ? "" : op.substring(colon + 1));
        }
        if (extra != null) {
            for (PodDNSConfigOption op : extra) {
                byName.put(op.getName(), op.getValue() == null ? "" : op.getValue());
            }
        }
        List<String> out = new ArrayList<>();
        byName.forEach((k, v) -> out.add(v.isEmpty() ? k : k + ":" + v));
        return out;
    }
}
