package io.kube4j.controllers.machinery;

import java.time.Duration;

/**
 * The tunables of the controllers, with kube-controller-manager's flag defaults.
 *
 * @param minResyncPeriod          informers resync between this and twice it ({@code --min-resync-period}, 12h)
 * @param concurrentSyncs          workers per queue-driven controller ({@code --concurrent-*-syncs}, 5)
 * @param nodeMonitorPeriod        how often node health is checked ({@code --node-monitor-period}, 5s)
 * @param nodeMonitorGracePeriod   silence after which a node is NotReady/Unknown ({@code --node-monitor-grace-period}, 40s)
 * @param nodeStartupGracePeriod   grace for a node that never reported ({@code --node-startup-grace-period}, 1m)
 * @param terminatedPodGcThreshold terminated pods kept before pod GC deletes the oldest ({@code --terminated-pod-gc-threshold}, 12500)
 * @param kubeApiQps               requests per second the controllers' writes may send ({@code --kube-api-qps}, 20; 0 = no limit)
 * @param kubeApiBurst             requests sent at once above that rate ({@code --kube-api-burst}, 30)
 * @param nodeCidrs                the node IPAM controller's pod CIDR allocation ({@code --allocate-node-cidrs},
 *                                 {@code --cluster-cidr}, {@code --node-cidr-mask-size}; off by default, as upstream)
 */
public record ControllerOptions(Duration minResyncPeriod, int concurrentSyncs, Duration nodeMonitorPeriod,
        Duration nodeMonitorGracePeriod, Duration nodeStartupGracePeriod, int terminatedPodGcThreshold,
        double kubeApiQps, int kubeApiBurst, NodeCidrs nodeCidrs) {

    public static ControllerOptions defaults() {
        return new ControllerOptions(Duration.ofHours(12), 5, Duration.ofSeconds(5), Duration.ofSeconds(40),
                Duration.ofMinutes(1), 12500, 20, 30, NodeCidrs.OFF);
    }

    public ControllerOptions withNodeMonitor(Duration period, Duration grace, Duration startupGrace) {
        return new ControllerOptions(minResyncPeriod, concurrentSyncs, period, grace, startupGrace, terminatedPodGcThreshold,
                kubeApiQps, kubeApiBurst, nodeCidrs);
    }

    public ControllerOptions withTerminatedPodGcThreshold(int threshold) {
        return new ControllerOptions(minResyncPeriod, concurrentSyncs, nodeMonitorPeriod, nodeMonitorGracePeriod,
                nodeStartupGracePeriod, threshold, kubeApiQps, kubeApiBurst, nodeCidrs);
    }

    public ControllerOptions withConcurrentSyncs(int workers) {
        return new ControllerOptions(minResyncPeriod, workers, nodeMonitorPeriod, nodeMonitorGracePeriod,
                nodeStartupGracePeriod, terminatedPodGcThreshold, kubeApiQps, kubeApiBurst, nodeCidrs);
    }

    public ControllerOptions withMinResyncPeriod(Duration period) {
        return new ControllerOptions(period, concurrentSyncs, nodeMonitorPeriod, nodeMonitorGracePeriod,
                nodeStartupGracePeriod, terminatedPodGcThreshold, kubeApiQps, kubeApiBurst, nodeCidrs);
    }

    public ControllerOptions withKubeApiRate(double qps, int burst) {
        return new ControllerOptions(minResyncPeriod, concurrentSyncs, nodeMonitorPeriod, nodeMonitorGracePeriod,
                nodeStartupGracePeriod, terminatedPodGcThreshold, qps, burst, nodeCidrs);
    }

    public ControllerOptions withNodeCidrs(NodeCidrs cidrs) {
        return new ControllerOptions(minResyncPeriod, concurrentSyncs, nodeMonitorPeriod, nodeMonitorGracePeriod,
                nodeStartupGracePeriod, terminatedPodGcThreshold, kubeApiQps, kubeApiBurst, cidrs);
    }

    /**
     * Whether nodes get a pod CIDR, and from what: {@code clusterCidr} (IPv4, e.g. {@code 10.42.0.0/16})
     * cut into blocks of {@code maskSize} bits (24: 254 pods a node).
     */
    public record NodeCidrs(boolean allocate, String clusterCidr, int maskSize) {
        public static final NodeCidrs OFF = new NodeCidrs(false, "", 24);
    }
}
