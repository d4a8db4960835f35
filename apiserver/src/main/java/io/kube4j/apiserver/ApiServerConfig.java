package io.kube4j.apiserver;

import io.kube4j.apiserver.http.InflightLimits;
import io.kube4j.apiserver.serviceaccount.ServiceAccountSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The apiserver's settings, named after kube-apiserver's flags.
 *
 * @param bindAddress    {@code --bind-address}
 * @param securePort     {@code --secure-port} (0 = any free port, for tests)
 * @param dataDir        where the cluster CA, certificates and admin kubeconfig live
 * @param tlsSans        {@code --tls-san}: extra names and addresses for the serving certificate
 * @param tokenAuthFile  {@code --token-auth-file}, or null
 * @param watchCacheSize recent events kept per resource for resuming watches
 * @param maxRequestsInflight         {@code --max-requests-inflight}: read-only requests at once (0 = no limit)
 * @param maxMutatingRequestsInflight {@code --max-mutating-requests-inflight}: writes at once (0 = no limit)
 * @param serviceClusterIpRange       {@code --service-cluster-ip-range}: the CIDR Service cluster IPs come from
 * @param serviceNodePortRange        {@code --service-node-port-range}, e.g. {@code 30000-32767}
 * @param advertiseAddress            {@code --advertise-address}: the address the {@code kubernetes} Service's
 *                                    endpoints point at, or null to derive it from the bind address and the host
 * @param eventTtl                    {@code --event-ttl}: how long Events are kept after their last write (1h)
 * @param serviceAccounts             the {@code --service-account-*} and {@code --api-audiences} settings
 */
public record ApiServerConfig(String bindAddress, int securePort, Path dataDir, List<String> tlsSans,
        Path tokenAuthFile, int watchCacheSize, int maxRequestsInflight, int maxMutatingRequestsInflight,
        String serviceClusterIpRange, String serviceNodePortRange, String advertiseAddress, Duration eventTtl,
        ServiceAccountSettings serviceAccounts) {

    /** Upstream's {@code --event-ttl}. */
    public static final Duration DEFAULT_EVENT_TTL = Duration.ofHours(1);

    /** kubeadm's default service range. */
    public static final String DEFAULT_SERVICE_RANGE = "10.96.0.0/12";
    /** Upstream's default node-port range. */
    public static final String DEFAULT_NODE_PORT_RANGE = "30000-32767";

    public static final int DEFAULT_PORT = 6443;

    public ApiServerConfig {
        tlsSans = List.copyOf(tlsSans);
        serviceAccounts = serviceAccounts == null ? ServiceAccountSettings.defaults() : serviceAccounts;
    }

    /** With upstream's service-account token settings (the default issuer, a generated key). */
    public ApiServerConfig(String bindAddress, int securePort, Path dataDir, List<String> tlsSans, Path tokenAuthFile,
            int watchCacheSize, int maxRequestsInflight, int maxMutatingRequestsInflight, String serviceClusterIpRange,
            String serviceNodePortRange, String advertiseAddress, Duration eventTtl) {
        this(bindAddress, securePort, dataDir, tlsSans, tokenAuthFile, watchCacheSize, maxRequestsInflight,
                maxMutatingRequestsInflight, serviceClusterIpRange, serviceNodePortRange, advertiseAddress, eventTtl,
                ServiceAccountSettings.defaults());
    }

    /** With upstream's event TTL. */
    public ApiServerConfig(String bindAddress, int securePort, Path dataDir, List<String> tlsSans, Path tokenAuthFile,
            int watchCacheSize, int maxRequestsInflight, int maxMutatingRequestsInflight, String serviceClusterIpRange,
            String serviceNodePortRange, String advertiseAddress) {
        this(bindAddress, securePort, dataDir, tlsSans, tokenAuthFile, watchCacheSize, maxRequestsInflight,
                maxMutatingRequestsInflight, serviceClusterIpRange, serviceNodePortRange, advertiseAddress, DEFAULT_EVENT_TTL);
    }

    /** With upstream's in-flight limits (400 read-only, 200 mutating). */
    public ApiServerConfig(String bindAddress, int securePort, Path dataDir, List<String> tlsSans, Path tokenAuthFile,
            int watchCacheSize) {
        this(bindAddress, securePort, dataDir, tlsSans, tokenAuthFile, watchCacheSize,
                InflightLimits.DEFAULT_READONLY, InflightLimits.DEFAULT_MUTATING);
    }

    /** With upstream's service ranges and a derived advertise address. */
    public ApiServerConfig(String bindAddress, int securePort, Path dataDir, List<String> tlsSans, Path tokenAuthFile,
            int watchCacheSize, int maxRequestsInflight, int maxMutatingRequestsInflight) {
        this(bindAddress, securePort, dataDir, tlsSans, tokenAuthFile, watchCacheSize, maxRequestsInflight,
                maxMutatingRequestsInflight, DEFAULT_SERVICE_RANGE, DEFAULT_NODE_PORT_RANGE, null);
    }

    /** Upstream's defaults under {@code dataDir}. */
    public static ApiServerConfig defaults(Path dataDir) {
        return new ApiServerConfig("0.0.0.0", DEFAULT_PORT, dataDir, List.of(), null, 10_000);
    }

    public ApiServerConfig withPort(int port) {
        return new ApiServerConfig(bindAddress, port, dataDir, tlsSans, tokenAuthFile, watchCacheSize,
                maxRequestsInflight, maxMutatingRequestsInflight, serviceClusterIpRange, serviceNodePortRange,
                advertiseAddress, eventTtl, serviceAccounts);
    }

    public ApiServerConfig withBindAddress(String address) {
        return new ApiServerConfig(address, securePort, dataDir, tlsSans, tokenAuthFile, watchCacheSize,
                maxRequestsInflight, maxMutatingRequestsInflight, serviceClusterIpRange, serviceNodePortRange,
                advertiseAddress, eventTtl, serviceAccounts);
    }

    public ApiServerConfig withInflightLimits(int readonly, int mutating) {
        return new ApiServerConfig(bindAddress, securePort, dataDir, tlsSans, tokenAuthFile, watchCacheSize,
                readonly, mutating, serviceClusterIpRange, serviceNodePortRange, advertiseAddress, eventTtl, serviceAccounts);
    }

    public ApiServerConfig withServiceRanges(String clusterIpRange, String nodePortRange) {
        return new ApiServerConfig(bindAddress, securePort, dataDir, tlsSans, tokenAuthFile, watchCacheSize,
                maxRequestsInflight, maxMutatingRequestsInflight, clusterIpRange, nodePortRange, advertiseAddress, eventTtl, serviceAccounts);
    }

    public ApiServerConfig withAdvertiseAddress(String address) {
        return new ApiServerConfig(bindAddress, securePort, dataDir, tlsSans, tokenAuthFile, watchCacheSize,
                maxRequestsInflight, maxMutatingRequestsInflight, serviceClusterIpRange, serviceNodePortRange, address, eventTtl, serviceAccounts);
    }

    public ApiServerConfig withEventTtl(Duration ttl) {
        return new ApiServerConfig(bindAddress, securePort, dataDir, tlsSans, tokenAuthFile, watchCacheSize,
                maxRequestsInflight, maxMutatingRequestsInflight, serviceClusterIpRange, serviceNodePortRange, advertiseAddress, ttl, serviceAccounts);
    }

    public ApiServerConfig withServiceAccounts(ServiceAccountSettings settings) {
        return new ApiServerConfig(bindAddress, securePort, dataDir, tlsSans, tokenAuthFile, watchCacheSize,
                maxRequestsInflight, maxMutatingRequestsInflight, serviceClusterIpRange, serviceNodePortRange,
                advertiseAddress, eventTtl, settings);
    }

    public ApiServerConfig withTokenAuthFile(Path file) {
        return new ApiServerConfig(bindAddress, securePort, dataDir, tlsSans, file, watchCacheSize,
                maxRequestsInflight, maxMutatingRequestsInflight, serviceClusterIpRange, serviceNodePortRange, advertiseAddress, eventTtl);
    }
}
