package io.kube4j.bench.sched;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.kube4j.bench.hollow.HollowNodesProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The {@code --nodes hollow} form of a workload's nodes: {@code bin/kube4j hollow-nodes} registers
 * {@code scheduler-perf-node-0..N-1} with upstream's node template's capacity (4 CPU, 32Gi, 110 pods,
 * through {@code --capacity}, less the kubelet's 100Mi hard eviction reserve in allocatable), then
 * the harness adds each node's template labels (the zones of the spreading and affinity workloads)
 * with a merge patch, which the kubelet's status updates leave alone. Not thread-safe; closing stops
 * the process.
 */
final class HollowSchedulerNodes {

    static final String CAPACITY = "cpu=4,memory=32Gi,pods=110";
    static final Duration START_TIMEOUT = Duration.ofMinutes(10);

    private HollowSchedulerNodes() {
    }

    static HollowNodesProcess start(Workload w, InProcessCluster cluster, KubernetesClient client, int clients) throws Exception {
        Path launcher = Path.of("bin/kube4j").toAbsolutePath();
        HollowNodesProcess nodes = HollowNodesProcess.start(launcher, cluster.kubeconfig(), w.nodes(), "scheduler-perf-node",
                List.of("--capacity", CAPACITY, "--parallelism", "32"), cluster.dir().resolve("hollow"), client, START_TIMEOUT);
        try {
            Creator.run(w.nodes(), clients, i -> {
                Node template = Templates.node(w.kind(), i);
                client.nodes().withName(template.getMetadata().getName())
                        .patch(PatchContext.of(PatchType.JSON_MERGE), labelsPatch(template.getMetadata().getLabels()));
            });
            System.out.printf(java.util.Locale.ROOT, "%s: %d hollow nodes registered after %.1f s, Ready after %.1f s%n", w.name(),
                    w.nodes(), nodes.registeredSeconds(), nodes.readySeconds());
            return nodes;
        } catch (Exception | Error e) {
            nodes.close();
            throw e;
        }
    }

    static String labelsPatch(Map<String, String> labels) {
        return labels.entrySet().stream().map(e -> "\"" + e.getKey() + "\":\"" + e.getValue() + "\"")
                .collect(Collectors.joining(",", "{\"metadata\":{\"labels\":{", "}}}"));
    }
}
