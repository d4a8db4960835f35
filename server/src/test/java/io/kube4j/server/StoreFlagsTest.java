package io.kube4j.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kube4j.store.StoreConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class StoreFlagsTest {

  private static StoreConfig parse(String... args) {
    StoreSubcommand command = new StoreSubcommand();
    new CommandLine(command).parseArgs(args);
    return command.flags().toConfig();
  }

  private static StoreFlags flags(String... args) {
    StoreSubcommand command = new StoreSubcommand();
    new CommandLine(command).parseArgs(args);
    return command.flags();
  }

  @Test
  void noFlagsGiveEtcdDefaultsForAMemberNamedDefault() {
    StoreConfig config = parse();
    StoreConfig etcd = StoreConfig.defaults(Path.of("default.kube4j"));

    assertThat(config).isEqualTo(etcd);
    assertThat(config.initialCluster()).containsExactly(Map.entry("default", URI.create("http://localhost:2380")));
  }

  @Test
  void everyEtcdFlagReachesTheConfig() {
    StoreConfig config = parse(
        "--name", "m1",
        "--data-dir", "/tmp/m1",
        "--listen-client-urls", "http://127.0.0.1:2379,http://10.0.0.1:2379",
        "--advertise-client-urls", "http://10.0.0.1:2379",
        "--listen-peer-urls", "http://10.0.0.1:2380",
        "--initial-advertise-peer-urls", "http://10.0.0.1:2380",
        "--initial-cluster", "m1=http://10.0.0.1:2380,m2=http://10.0.0.2:2380,m3=http://10.0.0.3:2380",
        "--initial-cluster-state", "new",
        "--initial-cluster-token", "tok-1",
        "--auto-compaction-mode", "revision",
        "--auto-compaction-retention", "1000",
        "--quota-backend-bytes", "8589934592",
        "--max-request-bytes", "10485760",
        "--max-txn-ops", "1024",
        "--snapshot-count", "5000",
        "--heartbeat-interval", "50",
        "--election-timeout", "500");

    assertThat(config.name()).isEqualTo("m1");
    assertThat(config.dataDir()).isEqualTo(Path.of("/tmp/m1"));
    assertThat(config.listenClientUrls())
        .containsExactly(URI.create("http://127.0.0.1:2379"), URI.create("http://10.0.0.1:2379"));
    assertThat(config.advertiseClientUrls()).containsExactly(URI.create("http://10.0.0.1:2379"));
    assertThat(config.listenPeerUrls()).containsExactly(URI.create("http://10.0.0.1:2380"));
    assertThat(config.initialAdvertisePeerUrls()).containsExactly(URI.create("http://10.0.0.1:2380"));
    assertThat(config.initialCluster()).containsOnlyKeys("m1", "m2", "m3");
    assertThat(config.initialCluster().get("m3")).isEqualTo(URI.create("http://10.0.0.3:2380"));
    assertThat(config.bootstrapsNewCluster()).isTrue();
    assertThat(config.clusterToken()).isEqualTo("tok-1");
    assertThat(config.autoCompactionMode()).isEqualTo("revision");
    assertThat(config.autoCompactionRetention()).isEqualTo("1000");
    assertThat(config.quotaBackendBytes()).isEqualTo(8L << 30);
    assertThat(config.maxRequestBytes()).isEqualTo(10 << 20);
    assertThat(config.maxTxnOps()).isEqualTo(1024);
    assertThat(config.snapshotCount()).isEqualTo(5000);
    assertThat(config.heartbeatInterval()).isEqualTo(Duration.ofMillis(50));
    assertThat(config.electionTimeout()).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void advertisedUrlsDefaultToListenedOnes() {
    StoreConfig config = parse("--name", "a",
        "--listen-client-urls", "http://127.0.0.1:32379", "--listen-peer-urls", "http://127.0.0.1:32380");

    assertThat(config.advertiseClientUrls()).containsExactly(URI.create("http://127.0.0.1:32379"));
    assertThat(config.initialAdvertisePeerUrls()).containsExactly(URI.create("http://127.0.0.1:32380"));
    assertThat(config.initialCluster()).containsExactly(Map.entry("a", URI.create("http://127.0.0.1:32380")));
  }

  @Test
  void wildcardListenUrlNeedsAnExplicitAdvertisedUrl() {
    assertThatThrownBy(() -> parse("--listen-client-urls", "http://0.0.0.0:2379"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--advertise-client-urls is required");
    assertThat(parse("--listen-client-urls", "http://0.0.0.0:2379", "--advertise-client-urls", "http://10.1.1.1:2379")
        .advertiseClientUrls()).containsExactly(URI.create("http://10.1.1.1:2379"));
  }

  @Test
  void quotaZeroMeansTheDefaultTwoGibibytes() {
    assertThat(parse("--quota-backend-bytes", "0").quotaBackendBytes()).isEqualTo(2L << 30);
  }

  @Test
  void existingStateIsKept() {
    StoreConfig config = parse("--name", "m4", "--initial-advertise-peer-urls", "http://10.0.0.4:2380",
        "--initial-cluster", "m1=http://10.0.0.1:2380,m4=http://10.0.0.4:2380", "--initial-cluster-state", "existing");
    assertThat(config.bootstrapsNewCluster()).isFalse();
    assertThat(config.initialClusterState()).isEqualTo("existing");
  }

  @Test
  void joinStartsAsExistingWithOnlyItselfUntilTheClusterAnswers() {
    StoreFlags flags = flags("--name", "m4", "--listen-peer-urls", "http://127.0.0.1:42380",
        "--join", "http://127.0.0.1:2379");
    StoreConfig config = flags.toConfig();

    assertThat(flags.join()).isEqualTo(URI.create("http://127.0.0.1:2379"));
    assertThat(config.initialClusterState()).isEqualTo("existing");
    assertThat(config.initialCluster()).containsExactly(Map.entry("m4", URI.create("http://127.0.0.1:42380")));
  }

  @Test
  void joinConflictsWithAnInitialCluster() {
    assertThatThrownBy(() -> parse("--join", "http://127.0.0.1:2379", "--initial-cluster", "default=http://localhost:2380"))
        .hasMessageContaining("--join takes the member list from the running cluster");
  }

  @Test
  void localNameMustBeInTheInitialCluster() {
    assertThatThrownBy(() -> parse("--name", "x", "--initial-cluster", "a=http://10.0.0.1:2380"))
        .hasMessageContaining("couldn't find local name \"x\" in the initial cluster configuration");
  }

  @Test
  void initialClusterUrlMustBeAdvertised() {
    assertThatThrownBy(() -> parse("--name", "a", "--initial-cluster", "a=http://10.0.0.9:2380"))
        .hasMessageContaining("missing from --initial-advertise-peer-urls");
  }

  @Test
  void electionTimeoutFollowsEtcdRules() {
    assertThatThrownBy(() -> parse("--heartbeat-interval", "100", "--election-timeout", "400"))
        .hasMessageContaining("should be at least as 5 times as --heartbeat-interval");
    assertThatThrownBy(() -> parse("--heartbeat-interval", "100", "--election-timeout", "60000"))
        .hasMessageContaining("is too long");
    assertThat(parse("--heartbeat-interval", "100", "--election-timeout", "500").electionTimeout())
        .isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void compactionRetentionIsCheckedAgainstItsMode() {
    assertThat(parse("--auto-compaction-retention", "1h30m").autoCompactionRetention()).isEqualTo("1h30m");
    assertThat(parse("--auto-compaction-retention", "2.5").autoCompactionRetention()).isEqualTo("2.5");
    assertThatThrownBy(() -> parse("--auto-compaction-retention", "soon")).hasMessageContaining("periodic mode");
    assertThatThrownBy(() -> parse("--auto-compaction-mode", "revision", "--auto-compaction-retention", "1h"))
        .hasMessageContaining("revision mode");
    assertThatThrownBy(() -> parse("--auto-compaction-mode", "hourly")).hasMessageContaining("--auto-compaction-mode");
  }

  @Test
  void badValuesAreRejectedNamingTheFlag() {
    assertThatThrownBy(() -> parse("--initial-cluster-state", "old")).hasMessageContaining("--initial-cluster-state");
    assertThatThrownBy(() -> parse("--listen-client-urls", "unix:///tmp/sock")).hasMessageContaining("--listen-client-urls");
    assertThatThrownBy(() -> parse("--listen-peer-urls", "http://127.0.0.1")).hasMessageContaining("needs a host and a port");
    assertThatThrownBy(() -> parse("--max-txn-ops", "0")).hasMessageContaining("--max-txn-ops must be positive");
    assertThatThrownBy(() -> parse("--name", " ")).hasMessageContaining("--name");
    assertThatThrownBy(() -> parse("--quota-backend-bytes", "-1")).hasMessageContaining("--quota-backend-bytes");
  }

  @Test
  void urlListsTakeEtcdCommaSyntax() {
    assertThat(parse("--listen-client-urls", "http://127.0.0.1:1,http://127.0.0.2:2", "--advertise-client-urls",
        "http://127.0.0.1:1").listenClientUrls()).hasSize(2);
    assertThat(List.of(parse("--listen-peer-urls", "http://127.0.0.1:7", "--initial-cluster", "default=http://127.0.0.1:7")
        .initialCluster().get("default"))).containsExactly(URI.create("http://127.0.0.1:7"));
  }
}
