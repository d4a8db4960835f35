package io.kube4j.kubelet.config;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kube4j.kubelet.events.KubeletEvents;
import io.kube4j.kubelet.volume.PodVolumes;
import io.kube4j.runtime.ContainerConfig;
import io.kube4j.runtime.RuntimeLabels;
import io.kube4j.runtime.SandboxConfig;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * {@link RuntimeConfigs} as upstream's kubelet (generatePodSandboxConfig,
 * generateContainerConfig), reading ConfigMaps, Secrets, Services and the Node through an
 * {@link ObjectSource}. Thread-safe (stateless but for the files it writes per pod: etc-hosts and
 * termination-message files under the pods directory).
 */
public final class PodRuntimeConfigs implements RuntimeConfigs {

    private final PodConfigOptions options;
    private final ObjectSource source;
    private final KubeletEvents events;
    private final PodDns dns;

    /** @param events where InvalidEnvironmentVariableNames, MissingClusterDNS... go; null: nowhere */
    public PodRuntimeConfigs(PodConfigOptions options, ObjectSource source, KubeletEvents events) {
        this.options = options;
        this.source = source;
        this.events = events;
        this.dns = new PodDns(options.clusterDns(), options.clusterDomain(), options.resolvConf(), events);
    }

    @Override
    public SandboxConfig sandbox(Pod pod, int attempt) {
        var meta = pod.getMetadata();
        var spec = pod.getSpec();
        String hostname = hostname(pod);
        String domain = hostDomain(pod);
        if (Boolean.TRUE.equals(spec.getSetHostnameAsFQDN()) && !domain.isEmpty()) {
            hostname = hostname + "." + domain;
        }
        Map<String, String> labels = new HashMap<>(meta.getLabels() == null ? Map.of() : meta.getLabels());
        labels.put(RuntimeLabels.POD_NAME, meta.getName());
        labels.put(RuntimeLabels.POD_NAMESPACE, meta.getNamespace());
        labels.put(RuntimeLabels.POD_UID, meta.getUid());
        Map<String, String> sysctls = new LinkedHashMap<>();
        if (spec.getSecurityContext() != null && spec.getSecurityContext().getSysctls() != null) {
            spec.getSecurityContext().getSysctls().forEach(s -> sysctls.put(s.getName(), s.getValue()));
        }
        return new SandboxConfig(meta.getName(), meta.getNamespace(), meta.getUid(), attempt, hostname,
                options.podLogsDir().resolve(meta.getNamespace() + "_" + meta.getName() + "_" + meta.getUid()),
                dns.forPod(pod), HostsFile.aliasLines(spec.getHostAliases()), portMappings(pod),
                Boolean.TRUE.equals(spec.getHostNetwork()), Boolean.TRUE.equals(spec.getHostPID()),
                Boolean.TRUE.equals(spec.getHostIPC()), Boolean.TRUE.equals(spec.getShareProcessNamespace()),
                cgroupParent(pod), sysctls, labels, meta.getAnnotations() == null ? Map.of() : meta.getAnnotations());
    }

    @Override
    public ContainerConfig container(Pod pod, Container container, int restartCount, PodVolumes volumes, List<String> podIps)
            throws ContainerConfigException {
        var meta = pod.getMetadata();
        Map<String, String> env = new ContainerEnv(pod, container, podIps, source, this::hostIps, this::allocatable, events).resolve();
        var lookup = EnvExpansion.lookupIn(env);
        List<String> command = container.getCommand() == null ? List.of()
                : container.getCommand().stream().map(c -> EnvExpansion.expand(c, lookup)).toList();
        List<String> args = container.getArgs() == null ? List.of()
                : container.getArgs().stream().map(a -> EnvExpansion.expand(a, lookup)).toList();
        var mounts = ContainerMounts.of(pod, container, volumes, env, options, podIps, hostname(pod), hostDomain(pod));
        boolean init = pod.getSpec().getInitContainers() != null
                && pod.getSpec().getInitContainers().stream().anyMatch(c -> c.getName().equals(container.getName()));
        Map<String, String> labels = new HashMap<>();
        labels.put(RuntimeLabels.POD_NAME, meta.getName());
        labels.put(RuntimeLabels.POD_NAMESPACE, meta.getNamespace());
        labels.put(RuntimeLabels.POD_UID, meta.getUid());
        labels.put(RuntimeLabels.CONTAINER_NAME, container.getName());
        if (init) {
            labels.put(RuntimeLabels.INIT_CONTAINER, "true");
        }
        Map<String, String> annotations = new HashMap<>();
        annotations.put(RuntimeLabels.CONTAINER_HASH, hash(container));
        annotations.put(RuntimeLabels.CONTAINER_RESTART_COUNT, String.valueOf(restartCount));
        if (mounts.terminationMessageFile() != null) {
            annotations.put(RuntimeLabels.TERMINATION_MESSAGE_PATH, mounts.terminationMessageFile().toString());
        }
        annotations.put(RuntimeLabels.TERMINATION_MESSAGE_POLICY,
                container.getTerminationMessagePolicy() == null ? "File" : container.getTerminationMessagePolicy());
        annotations.put(RuntimeLabels.GRACE_PERIOD, String.valueOf(gracePeriod(pod)));
        List<String> envList = new ArrayList<>(env.size());
        env.forEach((k, v) -> envList.add(k + "=" + v));
        return new ContainerConfig(container.getName(), restartCount, container.getImage(), command, args,
                container.getWorkingDir() == null ? "" : container.getWorkingDir(), envList, mounts.mounts(),
                container.getName() + "/" + restartCount + ".log",
                Boolean.TRUE.equals(container.getStdin()), Boolean.TRUE.equals(container.getStdinOnce()),
                Boolean.TRUE.equals(container.getTty()),
                ContainerResources.of(pod, container, options.memoryCapacityBytes(), 0),
                SecurityMapping.of(pod, container, options.seccompDir()), labels, annotations);
    }

    /** The pod's hostname: spec.hostname or its name, cut to 63 characters without a trailing '-' or '.'. */
    public static String hostname(Pod pod) {
        String h = pod.getSpec().getHostname() != null && !pod.getSpec().getHostname().isEmpty()
                ? pod.getSpec().getHostname() : pod.getMetadata().getName();
        if (h.length() > 63) {
            h = h.substring(0, 63);
            int end = h.length();
            while (end > 0 && (h.charAt(end - 1) == '-' || h.charAt(end - 1) == '.')) {
                end--;
            }
            h = h.substring(0, end);
        }
        return h;
    }

    /** SUBDOMAIN.NS.svc.DOMAIN when the pod has a subdomain, else "". */
    String hostDomain(Pod pod) {
        String sub = pod.getSpec().getSubdomain();
        return sub == null || sub.isEmpty() ? "" : sub + "." + pod.getMetadata().getNamespace() + ".svc." + options.clusterDomain();
    }

    /** The pod's cgroup under the root by QoS class: kubepods/pod&lt;uid&gt;, kubepods/burstable/..., kubepods/besteffort/.... */
    public String cgroupParent(Pod pod) {
        String uid = "pod" + pod.getMetadata().getUid();
        String rel = switch (QosClass.of(pod)) {
            case GUARANTEED -> "kubepods/" + uid;
            case BURSTABLE -> "kubepods/burstable/" + uid;
            case BEST_EFFORT -> "kubepods/besteffort/" + uid;
        };
        String root = options.cgroupRoot().endsWith("/") ? options.cgroupRoot() : options.cgroupRoot() + "/";
        return root + rel;
    }

    static List<SandboxConfig.PortMapping> portMappings(Pod pod) {
        LinkedHashSet<SandboxConfig.PortMapping> out = new LinkedHashSet<>();
        for (Container c : pod.getSpec().getContainers()) {
            for (ContainerPort p : c.getPorts() == null ? List.<ContainerPort>of() : c.getPorts()) {
                if (p.getHostPort() == null || p.getHostPort() == 0) {
                    continue;
                }
                out.add(new SandboxConfig.PortMapping(p.getContainerPort(), p.getHostPort(),
                        p.getProtocol() == null || p.getProtocol().isEmpty() ? "TCP" : p.getProtocol(),
                        p.getHostIP() == null ? "" : p.getHostIP()));
            }
        }
        return List.copyOf(out);
    }

    static long gracePeriod(Pod pod) {
        if (pod.getMetadata().getDeletionGracePeriodSeconds() != null) {
            return pod.getMetadata().getDeletionGracePeriodSeconds();
        }
        Long g = pod.getSpec().getTerminationGracePeriodSeconds();
        return g == null ? 30 : g;
    }

    /** The container spec's hash (FNV-32a of its JSON, hex), to notice a changed spec. */
    public static String hash(Container container) {
        int h = 0x811c9dc5;
        for (byte b : Serialization.asJson(container).getBytes(StandardCharsets.UTF_8)) {
            h ^= (b & 0xff);
            h *= 0x01000193;
        }
        return Integer.toUnsignedString(h, 16);
    }

    private List<String> hostIps() {
        Node node = options.nodeName() == null ? null : readNode();
        List<String> ips = new ArrayList<>();
        if (node != null && node.getStatus() != null && node.getStatus().getAddresses() != null) {
            for (String type : List.of("InternalIP", "ExternalIP")) {
                for (NodeAddress a : node.getStatus().getAddresses()) {
                    if (type.equals(a.getType()) && !ips.contains(a.getAddress())) {
                        ips.add(a.getAddress());
                    }
                }
            }
        }
        return ips.isEmpty() ? options.nodeIps() : ips;
    }

    private Map<String, Quantity> allocatable() {
        Node node = options.nodeName() == null ? null : readNode();
        if (node != null && node.getStatus() != null && node.getStatus().getAllocatable() != null
                && !node.getStatus().getAllocatable().isEmpty()) {
            return node.getStatus().getAllocatable();
        }
        return options.nodeAllocatable();
    }

    private Node readNode() {
        try {
            return source.node(options.nodeName());
        } catch (ObjectSource.ObjectSourceException e) {
            return null;
        }
    }
}
