package io.kube4j.store;

import io.kube4j.store.etcd.EtcdKvStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Test fixture: what {@code kube4j store} runs — a one-member {@link StoreMember} (Raft log on disk,
 * fsync'd, etcd gRPC API on a loopback port) — shared by the runners of one JVM, and an etcd client
 * ({@link EtcdKvStore}, the client the suite uses against real etcd) per runner.
 */
final class ServedStoreMember {
  private static StoreMember member;

  private ServedStoreMember() {}

  static synchronized StoreMember shared() {
    if (member == null) {
      try {
        Path dir = Files.createTempDirectory("kube4j-member-behaviour");
        URI peer = URI.create("http://127.0.0.1:" + freePort());
        URI client = URI.create("http://127.0.0.1:0");
        StoreConfig config = StoreConfig.defaults(dir)
            .withName("behaviour")
            .withClientUrls(List.of(client), List.of(client))
            .withPeers(List.of(peer), List.of(peer), Map.of("behaviour", peer), "new");
        StoreMember started = StoreMember.start(config);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
          started.close();
          deleteQuietly(dir);
        }, "member-behaviour-stop"));
        member = started;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return member;
  }

  /** A new etcd client of the shared member; the caller closes it. */
  static EtcdKvStore newClient() {
    return new EtcdKvStore(List.of(shared().clientUrls().getFirst().toString()));
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort: it is a temp dir
    }
  }
}
