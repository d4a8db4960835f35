package io.kube4j.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Stops server processes, their whole process tree included, and guarantees the harness leaves none
 * behind: every started process is registered here and a JVM shutdown hook kills whatever is still
 * registered (Ctrl-C, SIGTERM, or an uncaught error in the harness), then deletes the temporary
 * directories registered with {@link #deleteOnAbort}.
 *
 * <p>Thread-safe. The process tree matters because {@code bin/kube4j} is a shell script that may
 * start the JVM as a child instead of exec'ing it; descendants are collected before the parent is
 * signalled, because once it dies they are re-parented and no longer reachable from it.
 */
public final class ProcessReaper {
  private static final Set<ProcessHandle> LIVE = ConcurrentHashMap.newKeySet();
  private static final Set<Path> DIRECTORIES = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> {
      List<ProcessHandle> killed = new java.util.ArrayList<>();
      for (ProcessHandle handle : List.copyOf(LIVE)) {
        List<ProcessHandle> tree = treeOf(handle);
        tree.forEach(ProcessHandle::destroyForcibly);
        killed.addAll(tree);
      }
      killed.forEach(handle -> awaitExit(handle, TimeUnit.SECONDS.toNanos(2)));
      DIRECTORIES.forEach(Directories::deleteRecursively);
    }));
  }

  private ProcessReaper() {}

  public static void register(ProcessHandle handle) {
    LIVE.add(handle);
  }

  /** {@code dir} is deleted if the harness is stopped before {@link #keep} or deletion by its owner. */
  public static void deleteOnAbort(Path dir) {
    DIRECTORIES.add(dir);
  }

  /** The owner of {@code dir} has deleted it, or keeps it on purpose (logs of a failed start). */
  public static void keep(Path dir) {
    DIRECTORIES.remove(dir);
  }

  /**
   * Stops {@code root} and its descendants: SIGTERM first, SIGKILL for whatever is still alive
   * after {@code graceMillis}. Returns once every process of the tree has exited (or after a bounded
   * wait following SIGKILL).
   */
  public static void stop(ProcessHandle root, long graceMillis) {
    List<ProcessHandle> tree = treeOf(root);
    tree.forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(graceMillis);
    for (ProcessHandle handle : tree) {
      awaitExit(handle, Math.max(0, deadline - System.nanoTime()));
    }
    for (ProcessHandle handle : tree) {
      if (handle.isAlive()) {
        handle.destroyForcibly();
        awaitExit(handle, TimeUnit.SECONDS.toNanos(5));
      }
    }
    LIVE.remove(root);
  }

  /** The root and its descendants, children first so that parents cannot restart them. */
  private static List<ProcessHandle> treeOf(ProcessHandle root) {
    List<ProcessHandle> descendants = new java.util.ArrayList<>(root.descendants().toList());
    java.util.Collections.reverse(descendants);
    descendants.add(root);
    return descendants;
  }

  private static void awaitExit(ProcessHandle handle, long nanos) {
    try {
      handle.onExit().get(nanos, TimeUnit.NANOSECONDS);
    } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
      // still alive: the caller escalates
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
