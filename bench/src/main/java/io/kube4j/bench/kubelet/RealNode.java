package io.kube4j.bench.kubelet;

import io.kube4j.bench.FreePorts;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The isolated names of one benchmark node that runs real containers, all derived from a random
 * suffix so that it cannot meet the host's own node or another run: its Node name, CNI bridge (and
 * network), runc root, cgroup root, kubelet port and pod range. Immutable.
 *
 * @param suffix the random part, 6 hex digits
 * @param nodeName the Node's name
 * @param bridge the CNI bridge, also the CNI network's name (under Linux's 15 characters)
 * @param runcRoot runc's state directory
 * @param cgroupRoot the cgroup pods go under
 * @param kubeletPort the kubelet server's port
 * @param clusterCidr the pods' range (a /16 in 10.160.0.0/11, the node gets a /24 of it)
 */
record RealNode(String suffix, String nodeName, String bridge, Path runcRoot, String cgroupRoot, int kubeletPort,
        String clusterCidr) {

    static RealNode random() {
        String suffix = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(2);
        int second = 160 + ThreadLocalRandom.current().nextInt(32);
        return new RealNode(suffix, "kbench-" + suffix, "kb" + suffix, Path.of("/run/kube4j-bench-" + suffix + "/runc"),
                "/kube4j-bench-" + suffix, FreePorts.pick(1).getFirst(), "10." + second + ".0.0/16");
    }

    /** The {@code kube4j server} flags that put its node agent on these names. */
    List<String> serverFlags(int maxPods) {
        List<String> flags = new ArrayList<>(List.of("--cluster-cidr", clusterCidr));
        for (String arg : List.of("hostname-override=" + nodeName, "cni-bridge=" + bridge, "runc-root=" + runcRoot,
                "cgroup-root=" + cgroupRoot, "port=" + kubeletPort, "max-pods=" + maxPods)) {
            flags.add("--kubelet-arg");
            flags.add(arg);
        }
        return flags;
    }
}
