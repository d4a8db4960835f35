package io.kube4j.bench;

import java.net.URI;
import java.nio.file.Path;

/**
 * Where one cluster member lives: its name, data directory and loopback ports.
 *
 * @param name the member name (etcd {@code --name})
 * @param dataDir its own data directory, inside the cluster's temporary directory
 * @param clientPort the etcd v3 API port on 127.0.0.1
 * @param peerPort the Raft peer port on 127.0.0.1
 */
record MemberSpec(String name, Path dataDir, int clientPort, int peerPort) {
  URI clientUrl() {
    return URI.create("http://127.0.0.1:" + clientPort);
  }

  URI peerUrl() {
    return URI.create("http://127.0.0.1:" + peerPort);
  }

  /** This member's entry in {@code --initial-cluster}. */
  String initialClusterEntry() {
    return name + "=" + peerUrl();
  }
}
