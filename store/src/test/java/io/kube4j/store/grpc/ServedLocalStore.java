package io.kube4j.store.grpc;

import io.kube4j.store.etcd.EtcdKvStore;
import java.util.List;

/**
 * Test fixture for the behaviour suite over gRPC: one JVM-wide {@link LocalEtcdServer} (started on
 * first use, stopped at exit), and an etcd client ({@link EtcdKvStore}, the same one the suite runs
 * against real etcd) per runner. So the suite checks that a store behind {@link EtcdGrpcServer}
 * looks to an etcd client exactly as real etcd does.
 */
final class ServedLocalStore {
  private static LocalEtcdServer shared;

  private ServedLocalStore() {}

  static synchronized LocalEtcdServer shared() {
    if (shared == null) {
      // Progress every second, as the real etcd of the suite is configured.
      LocalEtcdServer started = new LocalEtcdServer(WatchSettings.defaults()
          .withProgressNotifyInterval(java.time.Duration.ofSeconds(1)));
      Runtime.getRuntime().addShutdownHook(new Thread(started::close, "served-local-store-stop"));
      shared = started;
    }
    return shared;
  }

  /** A new client of the shared server; the caller closes it. */
  static EtcdKvStore newClient() {
    return new EtcdKvStore(List.of(shared().endpoint.toString()));
  }
}
