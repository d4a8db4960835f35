package io.kube4j.server;

/**
 * One part of a kube4j process (store, later apiserver, controllers, scheduler, kubelet, proxy),
 * started by a {@link ReadinessChain} only once the parts it depends on are ready. A component
 * gets what it needs from earlier ones through its constructor (e.g. a supplier of the store's
 * client URLs), never by looking them up.
 */
public interface ServerComponent extends AutoCloseable {

  /** A short name for logs, e.g. {@code store}. */
  String name();

  /**
   * Starts the component and returns once it is ready to serve its dependents. Called at most once.
   *
   * @throws Exception when it cannot become ready; the chain then closes what already started
   */
  void start() throws Exception;

  /**
   * Blocks until the component has stopped, through {@link #close()} or on its own (a fatal error);
   * called only after a successful {@link #start()}.
   */
  void awaitTermination() throws InterruptedException;

  /** Stops the component and frees what it holds; called once, possibly without a successful start. */
  @Override
  void close();
}
