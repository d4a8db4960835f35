package io.kube4j.store.grpc;

import io.kube4j.store.api.KvStore;
import io.kube4j.store.mvcc.LocalKvStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.List;

/** Test fixture: an {@link EtcdGrpcServer} over an in-memory {@link LocalKvStore} on a free loopback port. */
final class LocalEtcdServer implements AutoCloseable {
  static final long CLUSTER_ID = 0xc1057e4L;
  static final long MEMBER_ID = 0x10ca1L;
  static final long RAFT_TERM = 3;

  final LocalKvStore kv;
  final EtcdGrpcServer server;
  final URI endpoint;

  LocalEtcdServer(WatchSettings watchSettings) {
    this.kv = new LocalKvStore(1L << 30);
    this.server = new EtcdGrpcServer(kv, ServerIdentity.fixed(CLUSTER_ID, MEMBER_ID, RAFT_TERM),
        KvStore.DEFAULT_MAX_REQUEST_BYTES, watchSettings);
    try {
      server.start(List.of(URI.create("http://127.0.0.1:0")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.endpoint = server.boundUrls().getFirst();
  }

  LocalEtcdServer() {
    this(WatchSettings.defaults());
  }

  @Override
  public void close() {
    server.close();
    kv.close();
  }
}
