package io.kube4j.kubelet;

import io.fabric8.kubernetes.api.model.Pod;
import io.kube4j.kubelet.server.KubeletServer;
import io.kube4j.kubelet.server.KubeletServerConfig;
import io.kube4j.runtime.ContainerRuntime;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * How a kubelet serves the apiserver on its port: client certificates must chain to {@code
 * clientCa} (the cluster CA, or {@code --client-ca-file}'s), and the apiserver's kubelet client (or
 * a cluster admin) may call every endpoint. Immutable.
 */
public record KubeletServing(X509Certificate clientCa) {

    /** Upstream's kubelet port. */
    public static final int DEFAULT_PORT = KubeletServerConfig.DEFAULT_PORT;

    /** Starts the kubelet server for {@code settings}' address, port and TLS files. */
    AutoCloseable start(KubeletSettings settings, ContainerRuntime runtime, Supplier<List<Pod>> pods) throws Exception {
        KubeletServerConfig config = new KubeletServerConfig(settings.nodeName(), settings.address(), settings.port(),
                settings.dataDir(), settings.tlsCertFile(), settings.tlsKeyFile(), clientCa,
                Set.of(KubeletServerConfig.APISERVER_USER), Set.of(KubeletServerConfig.MASTERS_GROUP));
        return KubeletServer.start(config, runtime, pods);
    }
}
