package io.kube4j.store;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How one store member runs. Flag names mirror etcd's so operators' habits carry over; every default
 * lives in {@link #defaults(Path)}.
 *
 * @param name this member's name, unique in the cluster (etcd {@code --name})
 * @param dataDir where the Raft log, snapshots and member metadata live (etcd {@code --data-dir})
 * @param listenClientUrls where the etcd v3 gRPC API listens; empty for an embedded store with no
 *     network API
 * @param advertiseClientUrls the client URLs told to other members and clients
 * @param listenPeerUrls where Raft traffic from other members is accepted
 * @param initialAdvertisePeerUrls the peer URLs other members use to reach this one
 * @param initialCluster every member's name and peer URL at bootstrap (etcd's
 *     {@code name=url,name=url}); this member must be in it
 * @param initialClusterState {@code new} to bootstrap, {@code existing} to join a running cluster
 * @param autoCompactionMode {@code periodic} (retention is a duration) or {@code revision}
 * @param autoCompactionRetention etcd's syntax: "0" disables; periodic takes "1h", "30m" or plain
 *     hours; revision takes a count of revisions to keep
 * @param quotaBackendBytes past this many bytes of MVCC state, writes fail with NoSpace
 * @param maxRequestBytes larger requests fail with "request is too large"
 * @param maxTxnOps more ops in one txn fail with "too many operations in txn request"
 * @param snapshotCount applied entries between two snapshots (bounds the log and recovery time)
 * @param heartbeatInterval Raft heartbeat (etcd {@code --heartbeat-interval})
 * @param electionTimeout Raft election timeout (etcd {@code --election-timeout})
 * @param clusterToken distinguishes clusters built from the same member list (etcd
 *     {@code --initial-cluster-token})
 */
public record StoreConfig(
    String name,
    Path dataDir,
    List<URI> listenClientUrls,
    List<URI> advertiseClientUrls,
    List<URI> listenPeerUrls,
    List<URI> initialAdvertisePeerUrls,
    Map<String, URI> initialCluster,
    String initialClusterState,
    String autoCompactionMode,
    String autoCompactionRetention,
    long quotaBackendBytes,
    int maxRequestBytes,
    int maxTxnOps,
    long snapshotCount,
    Duration heartbeatInterval,
    Duration electionTimeout,
    String clusterToken) {

  public static final String DEFAULT_NAME = "default";
  public static final URI DEFAULT_CLIENT_URL = URI.create("http://localhost:2379");
  public static final URI DEFAULT_PEER_URL = URI.create("http://localhost:2380");
  /** etcd's default backend quota: 2 GiB. */
  public static final long DEFAULT_QUOTA_BACKEND_BYTES = 2L * 1024 * 1024 * 1024;

  public StoreConfig {
    listenClientUrls = List.copyOf(listenClientUrls);
    advertiseClientUrls = List.copyOf(advertiseClientUrls);
    listenPeerUrls = List.copyOf(listenPeerUrls);
    initialAdvertisePeerUrls = List.copyOf(initialAdvertisePeerUrls);
    initialCluster = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(initialCluster));
  }

  /** A one-member store in {@code dataDir} with etcd's defaults. */
  public static StoreConfig defaults(Path dataDir) {
    return new StoreConfig(
        DEFAULT_NAME,
        dataDir,
        List.of(DEFAULT_CLIENT_URL),
        List.of(DEFAULT_CLIENT_URL),
        List.of(DEFAULT_PEER_URL),
        List.of(DEFAULT_PEER_URL),
        Map.of(DEFAULT_NAME, DEFAULT_PEER_URL),
        "new",
        "periodic",
        "0",
        DEFAULT_QUOTA_BACKEND_BYTES,
        1536 * 1024,
        128,
        100_000,
        Duration.ofMillis(100),
        Duration.ofMillis(1000),
        "etcd-cluster");
  }

  /**
   * Parses etcd's {@code --initial-cluster} syntax, {@code name=http://host:port,name2=…}.
   *
   * @throws IllegalArgumentException naming the malformed entry
   */
  public static Map<String, URI> parseInitialCluster(String spec) {
    Map<String, URI> members = new LinkedHashMap<>();
    for (String entry : spec.split(",")) {
      String trimmed = entry.trim();
      if (trimmed.isEmpty()) {
        continue;
      }
      int eq = trimmed.indexOf('=');
      if (eq <= 0 || eq == trimmed.length() - 1) {
        throw new IllegalArgumentException("--initial-cluster: expected name=url, got '" + trimmed + "'");
      }
      String name = trimmed.substring(0, eq);
      URI url = URI.create(trimmed.substring(eq + 1));
      if (url.getHost() == null || url.getPort() < 0) {
        throw new IllegalArgumentException("--initial-cluster: '" + trimmed + "' needs a host and a port");
      }
      members.put(name, url);
    }
    return members;
  }

  /** Whether this member bootstraps a new cluster (as opposed to joining an existing one). */
  public boolean bootstrapsNewCluster() {
    return "new".equals(initialClusterState);
  }

  public StoreConfig withName(String name) {
    return new StoreConfig(name, dataDir, listenClientUrls, advertiseClientUrls, listenPeerUrls,
        initialAdvertisePeerUrls, initialCluster, initialClusterState, autoCompactionMode,
        autoCompactionRetention, quotaBackendBytes, maxRequestBytes, maxTxnOps, snapshotCount,
        heartbeatInterval, electionTimeout, clusterToken);
  }

  public StoreConfig withClientUrls(List<URI> listen, List<URI> advertise) {
    return new StoreConfig(name, dataDir, listen, advertise, listenPeerUrls,
        initialAdvertisePeerUrls, initialCluster, initialClusterState, autoCompactionMode,
        autoCompactionRetention, quotaBackendBytes, maxRequestBytes, maxTxnOps, snapshotCount,
        heartbeatInterval, electionTimeout, clusterToken);
  }

  public StoreConfig withPeers(List<URI> listen, List<URI> advertise, Map<String, URI> cluster, String state) {
    return new StoreConfig(name, dataDir, listenClientUrls, advertiseClientUrls, listen,
        advertise, cluster, state, autoCompactionMode,
        autoCompactionRetention, quotaBackendBytes, maxRequestBytes, maxTxnOps, snapshotCount,
        heartbeatInterval, electionTimeout, clusterToken);
  }

  public StoreConfig withCompaction(String mode, String retention) {
    return new StoreConfig(name, dataDir, listenClientUrls, advertiseClientUrls, listenPeerUrls,
        initialAdvertisePeerUrls, initialCluster, initialClusterState, mode,
        retention, quotaBackendBytes, maxRequestBytes, maxTxnOps, snapshotCount,
        heartbeatInterval, electionTimeout, clusterToken);
  }

  public StoreConfig withLimits(long quotaBackendBytes, int maxRequestBytes, int maxTxnOps, long snapshotCount) {
    return new StoreConfig(name, dataDir, listenClientUrls, advertiseClientUrls, listenPeerUrls,
        initialAdvertisePeerUrls, initialCluster, initialClusterState, autoCompactionMode,
        autoCompactionRetention, quotaBackendBytes, maxRequestBytes, maxTxnOps, snapshotCount,
        heartbeatInterval, electionTimeout, clusterToken);
  }

  public StoreConfig withTiming(Duration heartbeatInterval, Duration electionTimeout) {
    return new StoreConfig(name, dataDir, listenClientUrls, advertiseClientUrls, listenPeerUrls,
        initialAdvertisePeerUrls, initialCluster, initialClusterState, autoCompactionMode,
        autoCompactionRetention, quotaBackendBytes, maxRequestBytes, maxTxnOps, snapshotCount,
        heartbeatInterval, electionTimeout, clusterToken);
  }

  public StoreConfig withClusterToken(String clusterToken) {
    return new StoreConfig(name, dataDir, listenClientUrls, advertiseClientUrls, listenPeerUrls,
        initialAdvertisePeerUrls, initialCluster, initialClusterState, autoCompactionMode,
        autoCompactionRetention, quotaBackendBytes, maxRequestBytes, maxTxnOps, snapshotCount,
        heartbeatInterval, electionTimeout, clusterToken);
  }
}
