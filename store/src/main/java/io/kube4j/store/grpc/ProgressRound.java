package io.kube4j.store.grpc;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * One outstanding stream-wide progress request (etcd's {@code WatchProgressRequest}): the watches
 * it covers, and those that have not answered yet. The answer's revision is one that every covered
 * watch still running has delivered all its events up to, so a client never hears "nothing until R"
 * before an event at or below R.
 *
 * <p>Not thread-safe: guarded by its session's lock.
 */
final class ProgressRound {
  private final Set<Long> members;
  private final Set<Long> waiting;

  ProgressRound(Set<Long> watchIds) {
    this.members = Set.copyOf(watchIds);
    this.waiting = new HashSet<>(watchIds);
  }

  /** The watches that still owe an answer. */
  Set<Long> waiting() {
    return Set.copyOf(waiting);
  }

  /** A watch answered or ended; true when it was the last one owed. */
  boolean settle(long watchId) {
    return waiting.remove(watchId) && waiting.isEmpty();
  }

  /**
   * The revision to answer with: the least delivered revision among covered watches still running,
   * or {@code fallback} when none runs any more.
   */
  long revision(Map<Long, WatchEntry> entries, long fallback) {
    long revision = Long.MAX_VALUE;
    for (long id : members) {
      WatchEntry entry = entries.get(id);
      if (entry != null && !entry.ended) {
        revision = Math.min(revision, entry.deliveredRevision);
      }
    }
    return revision == Long.MAX_VALUE ? fallback : revision;
  }
}
