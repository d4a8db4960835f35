package io.kube4j.store.api;

import java.util.List;

/**
 * Receives a watch's events. Calls for one watch never overlap and come in revision order: every
 * event of a revision arrives in one {@link #onEvents} call (etcd may split a revision only when
 * fragmenting, which we never do), with no gap and no duplicate.
 *
 * <p>Implementations must not block for long: a slow listener delays only its own watch, but one
 * that falls behind the compaction is cancelled with a {@link StoreException.Compacted}.
 */
public interface WatchListener {
  /** Events of one or more consecutive revisions; {@code revision} is the store revision at send. */
  void onEvents(long revision, List<WatchEvent> events);

  /** Nothing for this watch up to {@code revision} (a progress notification). */
  void onProgress(long revision);

  /**
   * The watch ended and will send nothing more: cancelled by the client (cause null), on a
   * compacted start revision ({@link StoreException.Compacted}), or on the store closing.
   */
  void onCancelled(StoreException cause);
}
