package io.kube4j.server;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts components one after another, each only once the previous one is ready (store ready, then
 * apiserver, then controllers…), and stops them in reverse order. {@link #close()} may come from a
 * shutdown hook while {@link #start()} still runs on another thread: the chain then stops after the
 * component being started and closes everything that started. A component that stops on its own
 * (say, the store after a fatal error) stops the whole chain: a half-running server would only hide
 * the failure.
 */
public final class ReadinessChain implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ReadinessChain.class);

  private final List<ServerComponent> components;
  private final List<ServerComponent> started = new ArrayList<>();
  private final CountDownLatch terminated = new CountDownLatch(1);
  private boolean closed;
  private String stoppedOnItsOwn;

  public ReadinessChain(List<ServerComponent> components) {
    this.components = List.copyOf(components);
  }

  /**
   * Starts every component in order; returns when the last is ready.
   *
   * @throws IllegalStateException when the chain was closed before it finished starting
   * @throws Exception the first component's failure, after closing those that started
   */
  public void start() throws Exception {
    for (ServerComponent component : components) {
      synchronized (this) {
        if (closed) {
          throw new IllegalStateException("closed before " + component.name() + " started");
        }
      }
      long begin = System.nanoTime();
      log.info("Starting {}", component.name());
      try {
        component.start();
      } catch (Exception e) {
        component.close();
        close();
        throw e;
      }
      boolean keep;
      synchronized (this) {
        keep = !closed;
        if (keep) {
          started.add(component);
        }
      }
      if (!keep) {
        component.close();
        throw new IllegalStateException("closed while " + component.name() + " was starting");
      }
      log.info("{} is ready ({} ms)", component.name(), (System.nanoTime() - begin) / 1_000_000);
      Thread.ofVirtual().name("kube4j-watch-" + component.name()).start(() -> watch(component));
    }
  }

  private void watch(ServerComponent component) {
    try {
      component.awaitTermination();
    } catch (InterruptedException e) {
      return;
    }
    synchronized (this) {
      if (closed) {
        return; // stopped because the chain closed it
      }
      stoppedOnItsOwn = component.name();
    }
    log.error("{} stopped on its own; stopping everything else", component.name());
    close();
  }

  /** The names of the components started so far, in start order. */
  public synchronized List<String> ready() {
    return started.stream().map(ServerComponent::name).toList();
  }

  /**
   * Blocks until {@link #close()} has stopped every started component.
   *
   * @return the name of the component whose own stop ended the chain, or {@code null} when the
   *     chain was closed (e.g. by a shutdown hook)
   */
  public String awaitTermination() throws InterruptedException {
    terminated.await();
    synchronized (this) {
      return stoppedOnItsOwn;
    }
  }

  /** Stops the started components, last started first. Idempotent. */
  @Override
  public void close() {
    List<ServerComponent> toStop;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      toStop = new ArrayList<>(started.reversed());
      started.clear();
    }
    for (ServerComponent component : toStop) {
      try {
        component.close();
        log.info("Stopped {}", component.name());
      } catch (RuntimeException e) {
        log.warn("Stopping {} failed", component.name(), e);
      }
    }
    terminated.countDown();
  }
}
