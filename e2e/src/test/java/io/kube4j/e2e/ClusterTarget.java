package io.kube4j.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What serves a cluster member: the real etcd (the reference) or {@code bin/kube4j store} (the claim).
 * Both take etcd's flag names, so one {@link MemberFlags} describes a member of either; only the
 * executable, its environment and a few kube4j-only extras ({@code --join}, the even-size warning)
 * differ. Immutable.
 */
sealed interface ClusterTarget permits ClusterTarget.Etcd, ClusterTarget.Kube4j {

  /** How one member is started. {@code join} is a running member's client URL (kube4j's {@code --join}), or null. */
  record MemberFlags(String name, String clientUrl, String peerUrl, Path dataDir, String initialCluster,
      String initialClusterState, String token, long heartbeatMs, long electionTimeoutMs, String join) {

    /** The same member joining through {@code memberClientUrl} instead of an initial cluster. */
    MemberFlags joiningThrough(String memberClientUrl) {
      return new MemberFlags(name, clientUrl, peerUrl, dataDir, null, null, token, heartbeatMs, electionTimeoutMs,
          memberClientUrl);
    }
  }

  /** Short name for test display and log file names. */
  String name();

  List<String> command(MemberFlags flags);

  Map<String, String> environment();

  /** The file name of the program whose pid must be the process we started (no wrapper left in between). */
  String executable();

  /** Whether the target can start a member with {@code --join URL}. */
  boolean supportsJoin();

  /** What the target logs when started with an even initial cluster; empty when it says nothing. */
  Optional<String> evenClusterWarning();

  /** The flags etcd and kube4j share, in etcd's spelling. */
  private static List<String> etcdFlags(MemberFlags f) {
    List<String> args = new ArrayList<>(List.of(
        "--name", f.name(),
        "--data-dir", f.dataDir().toString(),
        "--listen-client-urls", f.clientUrl(),
        "--advertise-client-urls", f.clientUrl(),
        "--listen-peer-urls", f.peerUrl(),
        "--initial-advertise-peer-urls", f.peerUrl(),
        "--initial-cluster-token", f.token(),
        "--heartbeat-interval", Long.toString(f.heartbeatMs()),
        "--election-timeout", Long.toString(f.electionTimeoutMs())));
    if (f.join() != null) {
      args.addAll(List.of("--join", f.join()));
    } else {
      args.addAll(List.of("--initial-cluster", f.initialCluster(), "--initial-cluster-state", f.initialClusterState()));
    }
    return args;
  }

  /** Debian's etcd 3.4 on the PATH. */
  record Etcd() implements ClusterTarget {
    @Override
    public String name() {
      return "etcd";
    }

    @Override
    public String toString() {
      return name();
    }

    @Override
    public List<String> command(MemberFlags flags) {
      if (flags.join() != null) {
        throw new IllegalArgumentException("etcd has no --join");
      }
      List<String> command = new ArrayList<>(List.of("etcd"));
      command.addAll(etcdFlags(flags));
      command.addAll(List.of("--logger", "zap", "--log-outputs", "stderr"));
      return command;
    }

    @Override
    public Map<String, String> environment() {
      return Map.of();
    }

    @Override
    public String executable() {
      return "etcd";
    }

    @Override
    public boolean supportsJoin() {
      return false;
    }

    @Override
    public Optional<String> evenClusterWarning() {
      return Optional.empty();
    }
  }

  /** {@code bin/kube4j store} from the distribution the reactor packaged; the launcher execs the JVM. */
  record Kube4j() implements ClusterTarget {
    /** Small heaps, a serial GC and C1 only: five members and the test share two cores (C1 halves JVM start-up here). */
    private static final String JAVA_OPTS = "-Xms64m -Xmx384m -XX:+UseSerialGC -XX:TieredStopAtLevel=1";

    @Override
    public String name() {
      return "kube4j";
    }

    @Override
    public String toString() {
      return name();
    }

    @Override
    public List<String> command(MemberFlags flags) {
      Path jar = StoreProcess.repositoryRoot().resolve("server/target/kube4j-server.jar");
      if (!Files.isRegularFile(jar)) {
        throw new AssertionError(jar + " is missing: run the e2e tests through the reactor (mvn verify), which packages the server first");
      }
      List<String> command = new ArrayList<>(List.of(StoreProcess.repositoryRoot().resolve("bin/kube4j").toString(), "store"));
      command.addAll(etcdFlags(flags));
      return command;
    }

    @Override
    public Map<String, String> environment() {
      // -Dcluster.kube4j.javaOpts adds member JVM options, e.g. -Dlogback.configurationFile=... to see Ratis' INFO logs.
      String opts = (JAVA_OPTS + " " + System.getProperty("cluster.kube4j.javaOpts", "")).trim();
      return Map.of("KUBE4J_NO_BUILD", "1", "JAVA_HOME", System.getProperty("java.home"), "KUBE4J_JAVA_OPTS", opts);
    }

    @Override
    public String executable() {
      return "java";
    }

    @Override
    public boolean supportsJoin() {
      return true;
    }

    @Override
    public Optional<String> evenClusterWarning() {
      return Optional.of("an even count; an odd count is better");
    }
  }
}
