package io.kube4j.server;

import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * A process that runs a {@link ReadinessChain} the way {@code kube4j server} does, with one
 * component that says when it starts and closes; {@link ShutdownOnSignalIT} signals it.
 */
public final class SignalProbe {

  private SignalProbe() {}

  public static void main(String[] args) throws Exception {
    CountDownLatch closed = new CountDownLatch(1);
    ServerComponent probe = new ServerComponent() {
      @Override
      public String name() {
        return "probe";
      }

      @Override
      public void start() {
        System.out.println("probe started");
      }

      @Override
      public void awaitTermination() throws InterruptedException {
        closed.await();
      }

      @Override
      public void close() {
        System.out.println("probe closed");
        closed.countDown();
      }
    };
    ReadinessChain chain = new ReadinessChain(List.of(probe));
    ShutdownHooks.closeOnExit("probe chain", chain);
    chain.start();
    System.out.println("probe ready");
    System.out.flush();
    chain.awaitTermination();
  }
}
