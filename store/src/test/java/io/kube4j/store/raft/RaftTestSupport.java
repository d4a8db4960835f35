package io.kube4j.store.raft;

import io.kube4j.store.StoreConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Configurations for store members on loopback, with free ports and small timings. */
final class RaftTestSupport {
  static final Duration HEARTBEAT = Duration.ofMillis(100);
  static final Duration ELECTION = Duration.ofMillis(1000);

  private RaftTestSupport() {}

  static URI freePeerUrl() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return URI.create("http://127.0.0.1:" + s.getLocalPort());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Peer URLs for members named m0..m(n-1). */
  static Map<String, URI> cluster(int members) {
    Map<String, URI> cluster = new LinkedHashMap<>();
    for (int i = 0; i < members; i++) {
      cluster.put("m" + i, freePeerUrl());
    }
    return cluster;
  }

  static StoreConfig config(String name, Path dataDir, Map<String, URI> cluster, String state, long snapshotCount) {
    URI self = cluster.get(name);
    return new StoreConfig(name, dataDir, List.of(), List.of(), List.of(self), List.of(self), cluster, state,
        "periodic", "0", StoreConfig.DEFAULT_QUOTA_BACKEND_BYTES, 1536 * 1024, 128, snapshotCount, HEARTBEAT,
        ELECTION, "kube4j-test");
  }

  static StoreConfig single(Path dataDir, URI peerUrl, long snapshotCount) {
    return config("m0", dataDir, Map.of("m0", peerUrl), "new", snapshotCount);
  }

  /** Small log segments and few catch-up entries, so purges and snapshot installs happen in tests. */
  static RaftTuning smallLogs() {
    return RaftTuning.defaults().withLog(16 * 1024, 5).withIntervals(Duration.ofMillis(100), Duration.ofMillis(200));
  }
}
