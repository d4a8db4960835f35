package io.kube4j.apiserver;

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
 */
public record ApiServerConfig(String bindAddress, int securePort, Path dataDir, List<String> tlsSans,
        Path tokenAuthFile, int watchCacheSize) {

    public static final int DEFAULT_PORT = 6443;

    public ApiServerConfig {
        tlsSans = List.copyOf(tlsSans);
    }

    /** Upstream's defaults under {@code dataDir}. */
    public static ApiServerConfig defaults(Path dataDir) {
        return new ApiServerConfig("0.0.0.0", DEFAULT_PORT, dataDir, List.of(), null, 10_000);
    }

    public ApiServerConfig withPort(int port) {
        return new ApiServerConfig(bindAddress, port, dataDir, tlsSans, tokenAuthFile, watchCacheSize);
    }

    public ApiServerConfig withBindAddress(String address) {
        return new ApiServerConfig(address, securePort, dataDir, tlsSans, tokenAuthFile, watchCacheSize);
    }
}
