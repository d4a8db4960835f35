package io.kube4j.store.api;

/** A running watch. Thread-safe. */
public interface Watch extends AutoCloseable {
  /** The id the store gave this watch, unique per store member while it lives. */
  long id();

  /** Ask for a progress notification now (etcd's {@code WatchProgressRequest}). */
  void requestProgress();

  /** Stops the watch; the listener gets {@link WatchListener#onCancelled} with null. Idempotent. */
  @Override
  void close();
}
