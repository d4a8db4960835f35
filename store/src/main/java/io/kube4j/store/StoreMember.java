package io.kube4j.store;

import io.kube4j.store.api.KvStore;
import io.kube4j.store.api.StoreException;
import io.kube4j.store.grpc.EtcdGrpcServer;
import io.kube4j.store.grpc.ServerIdentity;
import io.kube4j.store.raft.RaftKvStore;
import io.kube4j.store.raft.RaftTuning;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running store member: the Raft-replicated store ({@link RaftKvStore}) plus, on its client URLs,
 * the etcd v3 gRPC API.
 *
 * <p>{@link #start} returns once the member can serve: a leader is known and this member has applied
 * the log up to it. The member then announces its name and client URLs to the cluster in the
 * background (etcd's publish), so {@code member list} shows them.
 *
 * <p>Thread-safe. {@link #close} is idempotent and releases {@link #awaitTermination}.
 */
public final class StoreMember implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StoreMember.class);

  private final RaftKvStore store;
  private final List<URI> clientUrls;
  private final AutoCloseable api;
  private final CountDownLatch terminated = new CountDownLatch(1);
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Thread publisher;

  private StoreMember(RaftKvStore store, List<URI> clientUrls, AutoCloseable api, List<URI> published) {
    this.store = store;
    this.clientUrls = List.copyOf(clientUrls);
    this.api = api;
    this.publisher = Thread.ofVirtual().name("kube4j-publish-member").start(() -> publish(published));
  }

  /** Starts a member: Raft group (bootstrap, restart or join), state machine, and the etcd gRPC API. */
  public static StoreMember start(StoreConfig config) throws IOException {
    return start(config, RaftTuning.defaults());
  }

  /** As {@link #start(StoreConfig)}, with Raft-layer tuning (tests shrink logs and intervals). */
  public static StoreMember start(StoreConfig config, RaftTuning tuning) throws IOException {
    RaftKvStore store = RaftKvStore.open(config, tuning);
    try {
      Duration wait = startupWait(config);
      if (!store.awaitReady(wait)) {
        throw new IOException("member " + config.name() + ": no leader within " + wait.toSeconds()
            + " s; are a majority of --initial-cluster members running?");
      }
      AutoCloseable api = () -> { };
      List<URI> bound = List.of();
      if (!config.listenClientUrls().isEmpty()) {
        EtcdGrpcServer grpc = new EtcdGrpcServer(store, identityOf(store), config.maxRequestBytes());
        api = grpc;
        grpc.start(config.listenClientUrls());
        bound = grpc.boundUrls();
      }
      List<URI> published = config.advertiseClientUrls().stream().anyMatch(u -> u.getPort() == 0)
          ? bound : config.advertiseClientUrls();
      return new StoreMember(store, bound, api, published);
    } catch (IOException | RuntimeException e) {
      store.close();
      throw e;
    }
  }

  /** The header values of this member's etcd responses; the term is read per response. */
  private static ServerIdentity identityOf(RaftKvStore store) {
    return new ServerIdentity() {
      @Override
      public long clusterId() {
        return store.clusterId();
      }

      @Override
      public long memberId() {
        return store.memberId();
      }

      @Override
      public long raftTerm() {
        return store.raftTerm();
      }
    };
  }

  private static Duration startupWait(StoreConfig config) {
    Duration byElection = config.electionTimeout().multipliedBy(50);
    return byElection.compareTo(Duration.ofSeconds(60)) > 0 ? byElection : Duration.ofSeconds(60);
  }

  private void publish(List<URI> urls) {
    for (int attempt = 0; !closed.get(); attempt++) {
      try {
        store.publish(urls);
        return;
      } catch (StoreException e) {
        LOG.info("Publishing this member's attributes failed ({}); retrying", e.getMessage());
      }
      try {
        Thread.sleep(Math.min(5000, 200L << Math.min(attempt, 5)));
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** The in-process API of this member (writes go through Raft). */
  public KvStore kv() {
    return store;
  }

  /** The client URLs actually bound (a port 0 in the config becomes the chosen port). */
  public List<URI> clientUrls() {
    return clientUrls;
  }

  /** The cluster id, as etcd response headers carry it. */
  public long clusterId() {
    return store.clusterId();
  }

  /** This member's id, as etcd response headers carry it. */
  public long memberId() {
    return store.memberId();
  }

  /** The Raft term this member is in now. */
  public long raftTerm() {
    return store.raftTerm();
  }

  /** Blocks until the member is closed. */
  public void awaitTermination() throws InterruptedException {
    terminated.await();
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    publisher.interrupt();
    try {
      api.close();
    } catch (Exception e) {
      LOG.warn("Stopping the etcd API failed", e);
    }
    store.close();
    terminated.countDown();
  }
}
