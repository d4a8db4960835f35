package io.kube4j.runtime.network;

import io.kube4j.runtime.PodNetwork;
import io.kube4j.runtime.RuntimeFailure;
import io.kube4j.runtime.SandboxConfig;
import io.kube4j.runtime.linux.NetworkNamespaces;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The pod network made by the standard CNI plugins (Debian's {@code containernetworking-plugins}),
 * driven as libcni drives a network configuration list: a {@code bridge} with {@code host-local}
 * addresses from the node's pod CIDR, then {@code portmap} for hostPorts (only for a pod that maps
 * one, see {@link #chain}), each plugin given the previous one's result; plus {@code lo} brought up
 * in every pod, as the loopback plugin would, but in-process ({@link NetworkNamespaces#loopbackUp}).
 *
 * <p>ADD's final result is cached on disk per sandbox ({@link CniResultCache}) and handed to every
 * plugin on DEL, which runs the chain in reverse. DEL succeeds when the sandbox's namespace is
 * already gone (the address is released all the same) and when the ADD never happened.
 *
 * <p>Thread-safe: it keeps no state in memory; the plugins lock their own files (host-local) and
 * iptables.
 */
public final class CniNetwork implements PodNetwork {

    private static final Logger log = LoggerFactory.getLogger(CniNetwork.class);
    static final String CNI_VERSION = "1.0.0";
    static final String POD_IFNAME = "eth0";
    static final String LOOPBACK_IFNAME = "lo";
    private static final Duration PLUGIN_TIMEOUT = Duration.ofSeconds(60);

    private final CniConfig config;
    private final CniPluginRunner runner;
    private final CniResultCache cache;

    /** Brings lo up in a pod's network namespace (a seam for the protocol tests, which have no real namespace). */
    @FunctionalInterface
    interface Loopback {
        void up(Path netns) throws IOException;
    }

    private final Loopback loopback;

    public CniNetwork(CniConfig config) {
        this(config, NetworkNamespaces::loopbackUp);
    }

    CniNetwork(CniConfig config, Loopback loopback) {
        this.config = config;
        this.loopback = loopback;
        this.runner = new CniPluginRunner(config.pluginDir(), PLUGIN_TIMEOUT);
        this.cache = new CniResultCache(config.cacheDir(), config.networkName());
    }

    public CniConfig config() {
        return config;
    }

    /** The network configuration list (cniVersion 1.0.0) this network runs: bridge (host-local), then portmap. */
    public ObjectNode conflist() {
        ObjectNode list = CniPluginRunner.JSON.createObjectNode();
        list.put("cniVersion", CNI_VERSION);
        list.put("name", config.networkName());
        ArrayNode plugins = list.putArray("plugins");

        ObjectNode bridge = plugins.addObject();
        bridge.put("type", "bridge");
        bridge.put("bridge", config.bridgeName());
        bridge.put("isGateway", true);
        bridge.put("ipMasq", config.ipMasq());
        bridge.put("hairpinMode", config.hairpin());
        if (config.mtu() > 0) {
            bridge.put("mtu", config.mtu());
        }
        ObjectNode ipam = bridge.putObject("ipam");
        ipam.put("type", "host-local");
        ObjectNode range = ipam.putArray("ranges").addArray().addObject();
        range.put("subnet", config.podCidr());
        range.put("gateway", config.gateway());
        ipam.putArray("routes").addObject().put("dst", config.podCidr().contains(":") ? "::/0" : "0.0.0.0/0");
        ipam.put("dataDir", config.ipamDataDir().toString());

        ObjectNode portmap = plugins.addObject();
        portmap.put("type", "portmap");
        portmap.putObject("capabilities").put("portMappings", true);
        portmap.put("snat", true);
        return list;
    }

    @Override
    public List<String> setUp(String sandboxId, SandboxConfig sandbox, Path netns) {
        String args = cniArgs(sandboxId, sandbox);
        long t0 = System.nanoTime();
        try {
            // What the loopback plugin's ADD does, without launching it: lo up in the pod's namespace.
            loopback.up(netns);
        } catch (IOException e) {
            throw new RuntimeFailure(RuntimeFailure.Reason.NETWORK, "cannot bring lo up in " + netns + ": " + e.getMessage(), e);
        }
        StringBuilder took = new StringBuilder("loopback ").append((System.nanoTime() - t0) / 1_000_000).append(" ms");
        ObjectNode runtimeConfig = runtimeConfig(sandbox);
        CniPluginRunner.Invocation add = new CniPluginRunner.Invocation("ADD", sandboxId, netns.toString(), POD_IFNAME, args);
        JsonNode result = null;
        try {
            for (JsonNode plugin : chain(runtimeConfig)) {
                long t = System.nanoTime();
                JsonNode next = runner.run(plugin.get("type").asString(), add, pluginConfig((ObjectNode) plugin, result, runtimeConfig));
                took.append(", ").append(plugin.get("type").asString()).append(' ').append((System.nanoTime() - t) / 1_000_000).append(" ms");
                if (next == null) {
                    throw new RuntimeFailure(RuntimeFailure.Reason.NETWORK,
                            "CNI plugin " + plugin.get("type").asString() + " ADD printed no result");
                }
                result = next;
            }
            List<String> ips = ips(result);
            if (ips.isEmpty()) {
                throw new RuntimeFailure(RuntimeFailure.Reason.NETWORK, "CNI network " + config.networkName() + " gave no IP: " + result);
            }
            cache.put(sandboxId, POD_IFNAME, new CniResultCache.Entry(result, runtimeConfig));
            log.debug("sandbox {} on network {}: {} ({})", sandboxId, config.networkName(), ips, took);
            return ips;
        } catch (RuntimeFailure failure) {
            // As a runtime must: undo the half-made attachment so that no address or rule leaks.
            try {
                delete(sandboxId, netns, args, result, runtimeConfig);
            } catch (RuntimeFailure undo) {
                failure.addSuppressed(undo);
            }
            throw failure;
        }
    }

    @Override
    public void tearDown(String sandboxId, SandboxConfig sandbox, Path netns) {
        CniResultCache.Entry cached = cache.get(sandboxId, POD_IFNAME).orElse(null);
        String args = cniArgs(sandboxId, sandbox);
        delete(sandboxId, netns, args, cached == null ? null : cached.result(),
                cached == null ? runtimeConfig(sandbox) : (ObjectNode) cached.runtimeConfig());
        cache.remove(sandboxId, POD_IFNAME);
    }

    /** DEL down the chain in reverse, every plugin tried even if one fails; the first failure is thrown. */
    private void delete(String sandboxId, Path netns, String args, JsonNode prevResult, ObjectNode runtimeConfig) {
        // A namespace that is gone is passed as none: the plugins then only release what lives outside it.
        String netnsPath = netns != null && Files.exists(netns) ? netns.toString() : "";
        CniPluginRunner.Invocation del = new CniPluginRunner.Invocation("DEL", sandboxId, netnsPath, POD_IFNAME, args);
        List<JsonNode> plugins = chain(runtimeConfig);
        RuntimeFailure first = null;
        for (JsonNode plugin : plugins.reversed()) {
            try {
                runner.run(plugin.get("type").asString(), del, pluginConfig((ObjectNode) plugin, prevResult, runtimeConfig));
            } catch (RuntimeFailure failure) {
                if (first == null) {
                    first = failure;
                } else {
                    first.addSuppressed(failure);
                }
            }
        }
        if (first == null && netnsPath.isEmpty() && config.ipMasq()) {
            // The bridge plugin only removes its masquerade rules while the namespace exists.
            MasqueradeRules.remove(config.networkName(), sandboxId, config.podCidr().contains(":"));
        }
        if (first != null) {
            throw first;
        }
    }

    /**
     * The plugins to run for a pod: the conflist's, without portmap when the pod maps no hostPort.
     * Upstream's libcni runs every plugin of the list; portmap then only passes its prevResult on
     * (ADD) and finds no rule of the pod's to delete (DEL), and each of those launches cost a pod's
     * start a Go process, so a pod without hostPorts never meets it. A DEL whose runtimeConfig is
     * unknown (no cached ADD) gets {@link #runtimeConfig} of the sandbox, and so portmap when the
     * pod has hostPorts.
     */
    List<JsonNode> chain(ObjectNode runtimeConfig) {
        boolean mapsPorts = !runtimeConfig.path("portMappings").isEmpty();
        List<JsonNode> plugins = new ArrayList<>();
        for (JsonNode plugin : conflist().get("plugins")) {
            if (mapsPorts || !plugin.path("capabilities").path("portMappings").asBoolean(false)) {
                plugins.add(plugin);
            }
        }
        return plugins;
    }

    /** A plugin's stdin as libcni makes it: its entry with the list's name and version, prevResult, and the runtimeConfig of its capabilities. */
    private ObjectNode pluginConfig(ObjectNode plugin, JsonNode prevResult, ObjectNode runtimeConfig) {
        ObjectNode conf = plugin.deepCopy();
        conf.put("cniVersion", CNI_VERSION);
        conf.put("name", config.networkName());
        if (prevResult != null) {
            conf.set("prevResult", prevResult);
        }
        JsonNode capabilities = plugin.path("capabilities");
        ObjectNode granted = CniPluginRunner.JSON.createObjectNode();
        for (var entry : runtimeConfig.properties()) {
            if (capabilities.path(entry.getKey()).asBoolean(false)) {
                granted.set(entry.getKey(), entry.getValue());
            }
        }
        if (!granted.isEmpty()) {
            conf.set("runtimeConfig", granted);
        }
        return conf;
    }

    /** The capability arguments: the sandbox's hostPorts as portmap's portMappings. */
    static ObjectNode runtimeConfig(SandboxConfig sandbox) {
        ObjectNode runtimeConfig = CniPluginRunner.JSON.createObjectNode();
        if (sandbox != null && !sandbox.portMappings().isEmpty()) {
            ArrayNode mappings = runtimeConfig.putArray("portMappings");
            for (SandboxConfig.PortMapping mapping : sandbox.portMappings()) {
                if (mapping.hostPort() <= 0) {
                    continue;
                }
                ObjectNode m = mappings.addObject();
                m.put("hostPort", mapping.hostPort());
                m.put("containerPort", mapping.containerPort());
                m.put("protocol", mapping.protocol() == null ? "tcp" : mapping.protocol().toLowerCase(Locale.ROOT));
                if (mapping.hostIp() != null && !mapping.hostIp().isEmpty()) {
                    m.put("hostIP", mapping.hostIp());
                }
            }
        }
        return runtimeConfig;
    }

    /** Upstream's CNI_ARGS for a pod (plugins that do not know them ignore them). */
    static String cniArgs(String sandboxId, SandboxConfig sandbox) {
        StringBuilder args = new StringBuilder("IgnoreUnknown=1");
        if (sandbox != null) {
            args.append(";K8S_POD_NAMESPACE=").append(sandbox.namespace())
                    .append(";K8S_POD_NAME=").append(sandbox.name())
                    .append(";K8S_POD_INFRA_CONTAINER_ID=").append(sandboxId)
                    .append(";K8S_POD_UID=").append(sandbox.uid());
        }
        return args.toString();
    }

    /** The addresses (without prefix length) of a CNI 1.0 result's "ips", in order. */
    static List<String> ips(JsonNode result) {
        List<String> ips = new ArrayList<>();
        for (JsonNode ip : result.path("ips")) {
            String address = ip.path("address").asString("");
            int slash = address.indexOf('/');
            if (!address.isEmpty()) {
                ips.add(slash < 0 ? address : address.substring(0, slash));
            }
        }
        return ips;
    }
}
