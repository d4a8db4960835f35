package io.kube4j.store.grpc;

import io.etcd.jetcd.api.WatchResponse;
import io.kube4j.store.api.Watch;
import java.util.ArrayList;
import java.util.List;

/**
 * The state of one watch of a {@link WatchSession}. Not thread-safe: every field but the final ones
 * is guarded by the session's lock.
 */
final class WatchEntry {
  /** The watch id on its stream (etcd's ids are per stream: the first auto-assigned one is 0). */
  final long id;
  /** Whether the client asked for periodic progress notifications. */
  final boolean progressNotify;

  /** The store's watch; null until the store has started it. */
  Watch storeWatch;
  /** Whether "created" has been queued; until then responses wait in {@link #early}. */
  boolean announced;
  /** Responses produced before "created" went out; null once announced. */
  List<WatchResponse> early = new ArrayList<>();
  /** Cancelled, compacted or shed: nothing more is sent for it (except a cancel confirmation). */
  boolean ended;
  /** Events were sent since the last progress tick (so the next tick is not needed). */
  boolean eventsSinceTick;
  /** Every event of this watch up to this revision has been queued. */
  long deliveredRevision;

  WatchEntry(long id, boolean progressNotify) {
    this.id = id;
    this.progressNotify = progressNotify;
  }
}
