package io.kube4j.kubelet.config;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Pods and options for the config and volume tests. */
public final class TestPods {

    public static final String UID = "0b6e3c2a-1111-4222-8333-444455556666";

    private TestPods() {}

    /** A pod "web" in namespace "shop" on node "node-1" with one container "app" (busybox). */
    public static PodBuilder pod() {
        return new PodBuilder()
                .withNewMetadata().withName("web").withNamespace("shop").withUid(UID)
                .withLabels(Map.of("app", "web", "tier", "front")).withAnnotations(Map.of("team", "a \"b\""))
                .endMetadata()
                .withNewSpec().withNodeName("node-1").withServiceAccountName("builder")
                .withContainers(container().build())
                .endSpec();
    }

    public static ContainerBuilder container() {
        return new ContainerBuilder().withName("app").withImage("busybox:1");
    }

    /** The pod with its (only) container replaced. */
    public static Pod withContainer(Container c) {
        return pod().editSpec().withContainers(c).endSpec().build();
    }

    public static PodConfigOptions options(Path root, Path resolvConf, List<String> clusterDns) {
        return new PodConfigOptions(clusterDns, "cluster.local", root.resolve("logs"), root.resolve("pods"), "/",
                resolvConf, root.resolve("node-hosts"), root.resolve("seccomp"), "node-1", List.of("10.0.0.5"),
                Map.of("cpu", new Quantity("4"), "memory", new Quantity("8Gi"), "ephemeral-storage", new Quantity("100Gi")),
                8L * 1024 * 1024 * 1024);
    }

    public static Map<String, Quantity> q(String... kv) {
        var out = new java.util.LinkedHashMap<String, Quantity>();
        for (int i = 0; i < kv.length; i += 2) {
            out.put(kv[i], new Quantity(kv[i + 1]));
        }
        return out;
    }
}
