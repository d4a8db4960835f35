package io.kube4j.server;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Closes running parts on SIGTERM/SIGINT (the JVM runs shutdown hooks for both). */
final class ShutdownHooks {

  private static final Logger log = LoggerFactory.getLogger(ShutdownHooks.class);

  private ShutdownHooks() {}

  /**
   * Registers a hook that closes {@code resource} when the JVM exits. Failures while closing are
   * logged, never thrown: a hook that throws would hide why the process stopped.
   */
  static void closeOnExit(String what, AutoCloseable resource) {
    Thread hook =
        Thread.ofPlatform()
            .name("kube4j-shutdown-" + what.replace(' ', '-'))
            .unstarted(
                () -> {
                  log.info("Shutting down {}", what);
                  try {
                    resource.close();
                    log.info("Stopped {}", what);
                  } catch (Exception e) {
                    log.warn("Closing {} failed", what, e);
                  }
                });
    Runtime.getRuntime().addShutdownHook(hook);
  }
}
