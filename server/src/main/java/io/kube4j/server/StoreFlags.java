package io.kube4j.server;

import io.kube4j.store.StoreConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/**
 * The flags of one store member, named and defaulted as etcd's so an etcd command line carries
 * over. An unset flag is {@code null} here and takes its value from {@link StoreConfig#defaults}, the
 * one place the store's defaults live. Not thread-safe: picocli fills it, then {@link #toConfig()}
 * reads it once.
 */
public final class StoreFlags {

  /** etcd refuses an election timeout above this (ms), as do we. */
  static final long MAX_ELECTION_TIMEOUT_MS = 50_000;

  private static final Set<String> WILDCARD_HOSTS = Set.of("0.0.0.0", "[::]", "::");
  // etcd's retention: plain hours ("1", "1.5") or a Go duration ("1h30m", "90s").
  private static final Pattern PERIODIC_RETENTION =
      Pattern.compile("\\d+(\\.\\d+)?|(\\d+(\\.\\d+)?(ns|us|µs|ms|s|m|h))+");

  @Option(names = "--name", paramLabel = "NAME", description = "This member's name, unique in the cluster (default: default).")
  String name;

  @Option(names = "--data-dir", paramLabel = "DIR", description = "Where the Raft log and snapshots live (default: NAME.kube4j).")
  Path dataDir;

  @Option(names = "--listen-client-urls", split = ",", paramLabel = "URL", description = "Where the etcd v3 API listens (default: http://localhost:2379).")
  List<URI> listenClientUrls;

  @Option(names = "--advertise-client-urls", split = ",", paramLabel = "URL", description = "Client URLs told to clients and members (default: the listen client URLs).")
  List<URI> advertiseClientUrls;

  @Option(names = "--listen-peer-urls", split = ",", paramLabel = "URL", description = "Where Raft traffic from other members is accepted (default: http://localhost:2380).")
  List<URI> listenPeerUrls;

  @Option(names = "--initial-advertise-peer-urls", split = ",", paramLabel = "URL", description = "Peer URLs other members use to reach this one (default: the listen peer URLs).")
  List<URI> initialAdvertisePeerUrls;

  @Option(names = "--initial-cluster", paramLabel = "NAME=URL,...", description = "Every member at bootstrap (default: NAME=first advertised peer URL).")
  String initialCluster;

  @Option(names = "--initial-cluster-state", paramLabel = "new|existing", description = "new to bootstrap, existing to join a running cluster (default: new).")
  String initialClusterState;

  @Option(names = "--initial-cluster-token", paramLabel = "TOKEN", description = "Tells apart clusters built from the same member list (default: etcd-cluster).")
  String initialClusterToken;

  @Option(names = "--auto-compaction-mode", paramLabel = "periodic|revision", description = "How --auto-compaction-retention is read (default: periodic).")
  String autoCompactionMode;

  @Option(names = "--auto-compaction-retention", paramLabel = "RETENTION", description = "History to keep: hours or a duration (periodic), a revision count (revision); 0 disables (default: 0).")
  String autoCompactionRetention;

  @Option(names = "--quota-backend-bytes", paramLabel = "BYTES", description = "Writes fail with NoSpace past this size; 0 means the default 2 GiB.")
  Long quotaBackendBytes;

  @Option(names = "--max-request-bytes", paramLabel = "BYTES", description = "Largest client request accepted (default: 1572864).")
  Integer maxRequestBytes;

  @Option(names = "--max-txn-ops", paramLabel = "N", description = "Most operations in one txn (default: 128).")
  Integer maxTxnOps;

  @Option(names = "--snapshot-count", paramLabel = "N", description = "Applied entries between two snapshots (default: 100000).")
  Long snapshotCount;

  @Option(names = "--heartbeat-interval", paramLabel = "MS", description = "Raft heartbeat in milliseconds (default: 100).")
  Long heartbeatIntervalMs;

  @Option(names = "--election-timeout", paramLabel = "MS", description = "Raft election timeout in milliseconds (default: 1000).")
  Long electionTimeoutMs;

  @Option(names = "--join", paramLabel = "URL", description = "Client URL of a running member: ask its cluster to add this member, then start as part of it.")
  URI join;

  /** The client URL of the running member to join through, or {@code null} to start from the flags. */
  public URI join() {
    return join;
  }

  /**
   * The config these flags describe. With {@code --join} the initial cluster is only this member and
   * the state {@code existing}; {@link ClusterJoin} fills in the rest from the running cluster.
   *
   * @throws IllegalArgumentException naming the flag at fault, in etcd's words where etcd has some
   */
  public StoreConfig toConfig() {
    String memberName = or(name, StoreConfig.DEFAULT_NAME);
    if (memberName.isBlank()) {
      throw new IllegalArgumentException("--name must not be empty");
    }
    StoreConfig defaults = StoreConfig.defaults(dataDir != null ? dataDir : Path.of(memberName + ".kube4j"));

    List<URI> listenClient = urls("--listen-client-urls", listenClientUrls, defaults.listenClientUrls());
    List<URI> advertiseClient =
        advertised("--advertise-client-urls", advertiseClientUrls, "--listen-client-urls", listenClient);
    List<URI> listenPeer = urls("--listen-peer-urls", listenPeerUrls, defaults.listenPeerUrls());
    List<URI> advertisePeer =
        advertised("--initial-advertise-peer-urls", initialAdvertisePeerUrls, "--listen-peer-urls", listenPeer);

    Map<String, URI> cluster;
    String state;
    if (join != null) {
      if (initialCluster != null || initialClusterState != null) {
        throw new IllegalArgumentException(
            "--join takes the member list from the running cluster; drop --initial-cluster and --initial-cluster-state");
      }
      checkUrl("--join", join);
      cluster = Map.of(memberName, advertisePeer.getFirst());
      state = "existing";
    } else {
      cluster = initialCluster == null
          ? Map.of(memberName, advertisePeer.getFirst())
          : StoreConfig.parseInitialCluster(initialCluster);
      state = or(initialClusterState, defaults.initialClusterState());
      checkInitialCluster(memberName, cluster, advertisePeer);
    }
    if (!state.equals("new") && !state.equals("existing")) {
      throw new IllegalArgumentException("--initial-cluster-state must be 'new' or 'existing', got '" + state + "'");
    }

    String mode = or(autoCompactionMode, defaults.autoCompactionMode());
    String retention = or(autoCompactionRetention, defaults.autoCompactionRetention());
    checkCompaction(mode, retention);

    long quota = or(quotaBackendBytes, 0L);
    if (quota < 0) {
      throw new IllegalArgumentException("--quota-backend-bytes must not be negative");
    }
    int maxRequest = positive("--max-request-bytes", or(maxRequestBytes, defaults.maxRequestBytes()));
    int maxOps = positive("--max-txn-ops", or(maxTxnOps, defaults.maxTxnOps()));
    long snapshots = positive("--snapshot-count", or(snapshotCount, defaults.snapshotCount()));

    long heartbeat = positive("--heartbeat-interval", or(heartbeatIntervalMs, defaults.heartbeatInterval().toMillis()));
    long election = positive("--election-timeout", or(electionTimeoutMs, defaults.electionTimeout().toMillis()));
    checkTiming(heartbeat, election);

    return defaults
        .withName(memberName)
        .withClientUrls(listenClient, advertiseClient)
        .withPeers(listenPeer, advertisePeer, cluster, state)
        .withClusterToken(or(initialClusterToken, defaults.clusterToken()))
        .withCompaction(mode, retention)
        .withLimits(quota == 0 ? StoreConfig.DEFAULT_QUOTA_BACKEND_BYTES : quota, maxRequest, maxOps, snapshots)
        .withTiming(Duration.ofMillis(heartbeat), Duration.ofMillis(election));
  }

  private static List<URI> urls(String flag, List<URI> given, List<URI> fallback) {
    List<URI> urls = given == null || given.isEmpty() ? fallback : given;
    urls.forEach(url -> checkUrl(flag, url));
    return List.copyOf(urls);
  }

  /** Advertised URLs default to the listened ones, unless those bind every interface. */
  private static List<URI> advertised(String flag, List<URI> given, String listenFlag, List<URI> listened) {
    if (given != null && !given.isEmpty()) {
      return urls(flag, given, List.of());
    }
    for (URI url : listened) {
      if (WILDCARD_HOSTS.contains(url.getHost())) {
        throw new IllegalArgumentException(
            flag + " is required when " + listenFlag + " binds every interface (" + url + "): other members and clients cannot dial it");
      }
    }
    return listened;
  }

  private static void checkUrl(String flag, URI url) {
    String scheme = url.getScheme();
    if (!"http".equals(scheme) && !"https".equals(scheme)) {
      throw new IllegalArgumentException(flag + ": URL scheme must be http or https, got '" + url + "'");
    }
    if (url.getHost() == null || url.getPort() < 0) {
      throw new IllegalArgumentException(flag + ": '" + url + "' needs a host and a port");
    }
    if (url.getPath() != null && !url.getPath().isEmpty() && !url.getPath().equals("/")) {
      throw new IllegalArgumentException(flag + ": '" + url + "' must not have a path");
    }
  }

  private static void checkInitialCluster(String memberName, Map<String, URI> cluster, List<URI> advertisePeer) {
    URI mine = cluster.get(memberName);
    if (mine == null) {
      // etcd's own words, so that searching the message finds etcd's advice too.
      throw new IllegalArgumentException(
          "couldn't find local name \"" + memberName + "\" in the initial cluster configuration (--initial-cluster=" + cluster + ")");
    }
    if (!advertisePeer.contains(mine)) {
      throw new IllegalArgumentException(
          "--initial-cluster has " + memberName + "=" + mine + " but missing from --initial-advertise-peer-urls=" + advertisePeer);
    }
  }

  private static void checkCompaction(String mode, String retention) {
    switch (mode) {
      case "periodic" -> {
        if (!PERIODIC_RETENTION.matcher(retention).matches()) {
          throw new IllegalArgumentException(
              "--auto-compaction-retention: periodic mode takes hours or a duration such as 1h or 30m, got '" + retention + "'");
        }
      }
      case "revision" -> {
        if (!retention.matches("\\d+")) {
          throw new IllegalArgumentException(
              "--auto-compaction-retention: revision mode takes a count of revisions, got '" + retention + "'");
        }
      }
      default -> throw new IllegalArgumentException(
          "--auto-compaction-mode must be 'periodic' or 'revision', got '" + mode + "'");
    }
  }

  private static void checkTiming(long heartbeatMs, long electionMs) {
    // A follower must miss several heartbeats before it calls an election, or a slow tick looks
    // like a dead leader; etcd enforces the same ratio.
    if (electionMs < 5 * heartbeatMs) {
      throw new IllegalArgumentException(
          "--election-timeout[" + electionMs + "ms] should be at least as 5 times as --heartbeat-interval[" + heartbeatMs + "ms]");
    }
    if (electionMs > MAX_ELECTION_TIMEOUT_MS) {
      throw new IllegalArgumentException(
          "--election-timeout[" + electionMs + "ms] is too long, and should be set less than " + MAX_ELECTION_TIMEOUT_MS + "ms");
    }
  }

  private static int positive(String flag, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(flag + " must be positive, got " + value);
    }
    return value;
  }

  private static long positive(String flag, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(flag + " must be positive, got " + value);
    }
    return value;
  }

  private static <T> T or(T value, T fallback) {
    return value != null ? value : fallback;
  }
}
