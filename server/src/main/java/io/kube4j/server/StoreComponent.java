package io.kube4j.server;

import io.kube4j.store.StoreConfig;
import io.kube4j.store.StoreMember;
import java.net.URI;
import java.util.List;

/** The store as a {@link ServerComponent}: ready once its member serves the etcd v3 API. */
public final class StoreComponent implements ServerComponent {

  private final StoreConfig config;
  private volatile StoreMember member;

  public StoreComponent(StoreConfig config) {
    this.config = config;
  }

  @Override
  public String name() {
    return "store";
  }

  @Override
  public void start() throws Exception {
    member = StoreMember.start(config);
  }

  /**
   * The client URLs the member actually bound (a port 0 becomes the chosen port).
   *
   * @throws IllegalStateException before {@link #start()} succeeded
   */
  public List<URI> clientUrls() {
    StoreMember running = member;
    if (running == null) {
      throw new IllegalStateException("store not started");
    }
    return running.clientUrls();
  }

  /** The running member's store, for in-process clients (the embedded apiserver). */
  public io.kube4j.store.api.KvStore kv() {
    StoreMember running = member;
    if (running == null) {
      throw new IllegalStateException("store not started");
    }
    return running.kv();
  }

  @Override
  public void awaitTermination() throws InterruptedException {
    StoreMember running = member;
    if (running == null) {
      throw new IllegalStateException("store not started");
    }
    running.awaitTermination();
  }

  @Override
  public void close() {
    StoreMember running = member;
    if (running != null) {
      running.close();
    }
  }
}
