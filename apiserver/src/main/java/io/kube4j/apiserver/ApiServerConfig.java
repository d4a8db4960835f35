package io.kube4j.apiserver;

import io.kube4j.apiserver.http.InflightLimits;
import java.nio.file.Path;
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
 */
public record ApiServerConfig(String bindAddress, int securePort, Path dataDir, List<String> tlsSans,
        Path tokenAuthFile, int watchCacheSize, int maxRequestsInflight, int maxMutatingRequestsInflight) {

    public static final int DEFAULT_PORT = 6443;

    public ApiServerConfig {
        tlsSans = List.copyOf(tlsSans);
    }

    /** With upstream's in-flight limits (400 read-only, 200 mutating). */
    public ApiServerConfig(String bindAddress, int securePort, Path dataDir, List<String> tlsSans, Path tokenAuthFile,
            int watchCacheSize) {
        this(bindAddress, securePort, dataDir, tlsSans, tokenAuthFile, watchCacheSize,
                InflightLimits.DEFAULT_READONLY, InflightLimits.DEFAULT_MUTATING);
    }

    /** Upstream's defaults under {@code dataDir}. */
    public static ApiServerConfig defaults(Path dataDir) {
        return new ApiServerConfig("0.0.0.0", DEFAULT_PORT, dataDir, List.of(), null, 10_000);
    }

    public ApiServerConfig withPort(int port) {
        return new ApiServerConfig(bindAddress, port, dataDir, tlsSans, tokenAuthFile, watchCacheSize,
                maxRequestsInflight, maxMutatingRequestsInflight);
    }

    public ApiServerConfig withBindAddress(String address) {
        return new ApiServerConfig(address, securePort, dataDir, tlsSans, tokenAuthFile, watchCacheSize,
                maxRequestsInflight, maxMutatingRequestsInflight);
    }

    public ApiServerConfig withInflightLimits(int readonly, int mutating) {
        return new ApiServerConfig(bindAddress, securePort, dataDir, tlsSans, tokenAuthFile, watchCacheSize,
                readonly, mutating);
    }
}
