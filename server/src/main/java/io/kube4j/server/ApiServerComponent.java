package io.kube4j.server;

import io.kube4j.apiserver.ApiServer;
import io.kube4j.apiserver.ApiServerConfig;
import io.kube4j.store.api.KvStore;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;

/**
 * The apiserver as a component of the readiness chain: started once its store is ready (the
 * supplier is called at start, after the components before it), stopped before the store.
 * Not thread-safe for start/close (the chain calls them from one thread).
 */
public final class ApiServerComponent implements ServerComponent {

  private final Supplier<KvStore> store;
  private final ApiServerConfig config;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile ApiServer server;

  public ApiServerComponent(Supplier<KvStore> store, ApiServerConfig config) {
    this.store = store;
    this.config = config;
  }

  @Override
  public String name() {
    return "apiserver";
  }

  @Override
  public void start() throws Exception {
    server = ApiServer.start(store.get(), config);
  }

  /** The running apiserver. */
  public ApiServer server() {
    return server;
  }

  @Override
  public void awaitTermination() throws InterruptedException {
    stopped.await();
  }

  @Override
  public void close() {
    ApiServer running = server;
    if (running != null) {
      running.close();
    }
    stopped.countDown();
  }
}
