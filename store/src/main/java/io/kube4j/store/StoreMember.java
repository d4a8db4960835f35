package io.kube4j.store;

import io.kube4j.store.api.KvStore;
import java.io.IOException;
import java.net.URI;
import java.util.List;

/** SKELETON — being written; signatures are the contract. One running store member. */
public final class StoreMember implements AutoCloseable {

  /** Starts a member: Raft group (bootstrap or join), state machine, and the etcd gRPC API on the client URLs. Returns once it can serve. */
  public static StoreMember start(StoreConfig config) throws IOException { throw new IOException("skeleton"); }

  /** The in-process API of this member (writes go through Raft). */
  public KvStore kv() { throw new IllegalStateException("skeleton"); }

  /** The client URLs actually bound (a port 0 in the config becomes the chosen port). */
  public List<URI> clientUrls() { return List.of(); }

  /** Blocks until the member is closed. */
  public void awaitTermination() throws InterruptedException {}

  @Override
  public void close() {}
}
