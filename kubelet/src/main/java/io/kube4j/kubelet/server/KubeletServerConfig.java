package io.kube4j.kubelet.server;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Objects;
import java.util.Set;

/**
 * The kubelet server's settings, named after the kubelet's flags. Immutable.
 *
 * @param nodeName the node's name (the self-signed certificate's subject, the summary's nodeName)
 * @param bindAddress {@code --address}: where to listen (null or {@code 0.0.0.0}: every IPv4 interface)
 * @param port {@code --port}: 10250 upstream; 0 picks a free one
 * @param dataDir the kubelet's data directory: a self-signed serving certificate is kept in
 *     {@code DATA_DIR/pki/kubelet.crt} and {@code kubelet.key} when none is given (as upstream's
 *     {@code /var/lib/kubelet/pki})
 * @param tlsCertFile {@code --tls-cert-file} (PEM chain, leaf first), or null
 * @param tlsPrivateKeyFile {@code --tls-private-key-file}, or null
 * @param clientCa {@code --client-ca-file}'s CA: client certificates must chain to it
 * @param authorizedUsers client-certificate users (CN) allowed every request
 * @param authorizedGroups client-certificate groups (O) allowed every request
 */
public record KubeletServerConfig(String nodeName, String bindAddress, int port, Path dataDir, Path tlsCertFile,
        Path tlsPrivateKeyFile, X509Certificate clientCa, Set<String> authorizedUsers, Set<String> authorizedGroups) {

    /** Upstream's kubelet port. */
    public static final int DEFAULT_PORT = 10250;
    /** The user the apiserver's kubelet client certificate names (kubeadm's CN). */
    public static final String APISERVER_USER = "kube-apiserver-kubelet-client";
    /** Upstream's superuser group. */
    public static final String MASTERS_GROUP = "system:masters";

    public KubeletServerConfig {
        Objects.requireNonNull(nodeName, "nodeName");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(clientCa, "clientCa");
        if ((tlsCertFile == null) != (tlsPrivateKeyFile == null)) {
            throw new IllegalArgumentException("--tls-cert-file and --tls-private-key-file go together");
        }
        authorizedUsers = Set.copyOf(authorizedUsers);
        authorizedGroups = Set.copyOf(authorizedGroups);
    }

    /**
     * A self-signed serving certificate under {@code dataDir}, and the apiserver's client user and
     * the superuser group authorized.
     */
    public static KubeletServerConfig defaults(String nodeName, String bindAddress, int port, Path dataDir,
            X509Certificate clientCa) {
        return new KubeletServerConfig(nodeName, bindAddress, port, dataDir, null, null, clientCa,
                Set.of(APISERVER_USER), Set.of(MASTERS_GROUP));
    }
}
