package io.kube4j.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kube4j.e2e.StoreProcess;
import io.kube4j.store.StoreConfig;
import io.kube4j.store.api.Member;
import io.kube4j.store.etcd.EtcdKvStore;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code kube4j store --join}'s first half against a real etcd: MemberAdd through our etcd client
 * ({@link EtcdKvStore}), and the config the new member would start with. (It lives with the e2e
 * tests because it needs the etcd binary.) Starting the member itself is the store's business and is
 * not exercised here.
 */
class ClusterJoinIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  @Test
  void joiningAddsTheMemberAndStartsFromTheClusterMemberList(@TempDir(cleanup = CleanupMode.ON_SUCCESS) Path dir)
      throws Exception {
    try (StoreProcess etcd = StoreProcess.etcd("first", dir)) {
      StoreSubcommand command = new StoreSubcommand();
      new CommandLine(command).parseArgs("--name", "second", "--data-dir", dir.resolve("second").toString(),
          "--listen-client-urls", "http://127.0.0.1:" + freePort(),
          "--listen-peer-urls", "http://127.0.0.1:" + freePort(),
          "--join", etcd.clientUrl());
      StoreConfig flags = command.flags().toConfig();

      StoreConfig joined = ClusterJoin.join(flags, command.flags().join(), TIMEOUT);

      URI myPeer = flags.initialAdvertisePeerUrls().getFirst();
      assertThat(joined.initialClusterState()).isEqualTo("existing");
      assertThat(joined.initialCluster()).containsOnly(
          Map.entry("first", URI.create(etcd.peerUrl())), Map.entry("second", myPeer));
      assertThat(joined.name()).isEqualTo("second");
      assertThat(joined.listenClientUrls()).isEqualTo(flags.listenClientUrls());

      // etcd now lists the new member, not started yet: no name, only its peer URL.
      try (EtcdKvStore client = new EtcdKvStore(List.of(etcd.clientUrl()), TIMEOUT)) {
        List<Member> members = client.members();
        assertThat(members).hasSize(2);
        assertThat(members).filteredOn(m -> m.peerUrls().stream().map(URI::create).toList().contains(myPeer))
            .singleElement().satisfies(m -> assertThat(m.name()).isEmpty());
      }
    }
  }

  @Test
  void joiningThroughNothingFailsWithinTheTimeout() throws Exception {
    StoreConfig config = StoreConfig.defaults(Path.of("unused"));
    URI nobody = URI.create("http://127.0.0.1:" + freePort());
    long start = System.nanoTime();

    assertThatThrownBy(() -> ClusterJoin.join(config, nobody, Duration.ofSeconds(3)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("member add through " + nobody);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
