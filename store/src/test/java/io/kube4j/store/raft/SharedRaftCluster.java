package io.kube4j.store.raft;

import io.kube4j.store.api.KvStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Test fixture for the behaviour suite against the Raft store: one JVM-wide three-member cluster on
 * loopback (started on first use, stopped at exit). Runners talk to a follower, the most demanding
 * path: its writes are forwarded to the leader and its linearizable reads wait for a ReadIndex.
 */
final class SharedRaftCluster {
  private static TestCluster cluster;
  private static RaftKvStore follower;

  private SharedRaftCluster() {}

  /** A follower of the shared cluster; owned by the fixture (runners must not close it). */
  static synchronized KvStore follower() {
    if (cluster == null) {
      Path dir;
      try {
        dir = Files.createTempDirectory("kube4j-raft-behaviour");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      TestCluster started = new TestCluster(dir, 3, 10_000, RaftTuning.defaults()).start();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        started.close();
        deleteQuietly(dir);
      }, "raft-behaviour-cluster-stop"));
      cluster = started;
      follower = started.member(started.aFollower());
    }
    return follower;
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort: it is a temp dir
    }
  }
}
