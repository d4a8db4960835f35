package io.kube4j.kubelet.node;

import io.fabric8.kubernetes.api.model.ContainerImage;
import io.fabric8.kubernetes.api.model.ContainerImageBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddressBuilder;
import io.fabric8.kubernetes.api.model.NodeDaemonEndpointsBuilder;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.NodeSystemInfo;
import io.kube4j.runtime.ImageStatus;
import io.kube4j.runtime.RuntimeInfo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;

/**
 * Writes everything of a Node's status but its conditions, as upstream's setters do: addresses
 * (InternalIP, Hostname), capacity and allocatable, daemon endpoints, node info and the largest
 * images. Stateless.
 */
public final class NodeStatusSetter {

    /** Upstream reports at most this many names of one image. */
    static final int MAX_NAMES_PER_IMAGE = 5;

    /**
     * What the status is made of.
     *
     * @param runtime the runtime's name and version; null when it could not be asked (reported "Unknown")
     * @param images the node's images, any order
     */
    public record Inputs(
            MachineInfo machine,
            NodeResources resources,
            String nodeIp,
            String hostname,
            int kubeletPort,
            RuntimeInfo runtime,
            List<ImageStatus> images,
            String kubeletVersion,
            int maxImages) {}

    private NodeStatusSetter() {}

    /** Sets {@code node}'s status fields from {@code in}, keeping its conditions and anything else it has. */
    public static void apply(Node node, Inputs in) {
        NodeStatus status = node.getStatus() == null ? new NodeStatus() : node.getStatus();
        node.setStatus(status);
        List<io.fabric8.kubernetes.api.model.NodeAddress> addresses = new ArrayList<>();
        if (in.nodeIp() != null) {
            addresses.add(new NodeAddressBuilder().withType("InternalIP").withAddress(in.nodeIp()).build());
        }
        addresses.add(new NodeAddressBuilder().withType("Hostname").withAddress(in.hostname()).build());
        status.setAddresses(addresses);
        status.setCapacity(new LinkedHashMap<>(in.resources().capacity()));
        status.setAllocatable(new LinkedHashMap<>(in.resources().allocatable()));
        status.setDaemonEndpoints(new NodeDaemonEndpointsBuilder().withNewKubeletEndpoint().withPort(in.kubeletPort()).endKubeletEndpoint().build());
        NodeSystemInfo info = status.getNodeInfo() == null ? new NodeSystemInfo() : status.getNodeInfo();
        info.setMachineID(in.machine().machineId());
        info.setSystemUUID(in.machine().systemUuid());
        info.setBootID(in.machine().bootId());
        info.setKernelVersion(in.machine().kernelVersion());
        info.setOsImage(in.machine().osImage());
        info.setContainerRuntimeVersion(in.runtime() == null
                ? "unknown://Unknown"
                : in.runtime().name() + "://" + in.runtime().version());
        info.setKubeletVersion(in.kubeletVersion());
        // KEP-4004: since v1.33 the kubelet leaves the deprecated kubeProxyVersion empty
        info.setKubeProxyVersion("");
        info.setOperatingSystem("linux");
        info.setArchitecture(architecture());
        status.setNodeInfo(info);
        status.setImages(images(in.images(), in.maxImages()));
    }

    /** The largest {@code max} images (all if negative), each named by its digests then its tags, at most five names. */
    static List<ContainerImage> images(List<ImageStatus> images, int max) {
        List<ImageStatus> sorted = new ArrayList<>(images);
        sorted.sort(Comparator.comparingLong(ImageStatus::sizeBytes).reversed());
        if (max >= 0 && sorted.size() > max) {
            sorted = sorted.subList(0, max);
        }
        List<ContainerImage> out = new ArrayList<>();
        for (ImageStatus image : sorted) {
            List<String> names = new ArrayList<>(image.repoDigests());
            names.addAll(image.repoTags());
            if (names.size() > MAX_NAMES_PER_IMAGE) {
                names = names.subList(0, MAX_NAMES_PER_IMAGE);
            }
            out.add(new ContainerImageBuilder().withNames(names).withSizeBytes(image.sizeBytes()).build());
        }
        return out;
    }

    /** Go's GOARCH for this JVM's architecture. */
    public static String architecture() {
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        return switch (arch) {
            case "x86_64", "amd64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            case "ppc64le" -> "ppc64le";
            case "s390x" -> "s390x";
            case "riscv64" -> "riscv64";
            default -> arch;
        };
    }
}
