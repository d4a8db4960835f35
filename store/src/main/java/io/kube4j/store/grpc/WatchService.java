package io.kube4j.store.grpc;

import io.etcd.jetcd.api.WatchGrpc;
import io.etcd.jetcd.api.WatchRequest;
import io.etcd.jetcd.api.WatchResponse;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.kube4j.store.api.KvStore;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.LongAdder;

/**
 * etcd's Watch service: one {@link WatchSession} per bidirectional stream, several watches each.
 *
 * <p>Thread-safe. Owns one timer thread that paces progress notifications; {@link #close()} ends
 * every open stream (status UNAVAILABLE, so clients move on) and its store watches.
 */
final class WatchService extends WatchGrpc.WatchImplBase implements AutoCloseable {
  private final KvStore kv;
  private final ResponseHeaders headers;
  private final WatchSettings settings;
  private final Set<WatchSession> sessions = ConcurrentHashMap.newKeySet();
  private final LongAdder shedStreams = new LongAdder();
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
      Thread.ofPlatform().name("etcd-watch-progress").daemon().factory());

  WatchService(KvStore kv, ResponseHeaders headers, WatchSettings settings) {
    this.kv = kv;
    this.headers = headers;
    this.settings = settings;
  }

  @Override
  public StreamObserver<WatchRequest> watch(StreamObserver<WatchResponse> responseObserver) {
    ServerCallStreamObserver<WatchResponse> call = (ServerCallStreamObserver<WatchResponse>) responseObserver;
    WatchSession session = WatchSession.open(kv, headers, settings, call, scheduler, sessions::remove,
        shedStreams::increment);
    sessions.add(session);
    return session;
  }

  /** How many watch streams are open (for tests and metrics). */
  int openStreams() {
    return sessions.size();
  }

  /** How many times a stream's watches were cancelled because its client read too slowly. */
  long shedStreams() {
    return shedStreams.sum();
  }

  @Override
  public void close() {
    for (WatchSession session : List.copyOf(sessions)) {
      session.serverClosing();
    }
    scheduler.shutdownNow();
  }
}
