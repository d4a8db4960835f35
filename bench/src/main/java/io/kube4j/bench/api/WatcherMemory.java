package io.kube4j.bench.api;

/**
 * The server's memory with no watch open and with {@code watchers} idle watches open, and the
 * difference per watch. Immutable.
 *
 * @param beforeKiB heap after a full GC (or RSS) with no watch open
 * @param afterKiB the same with the watches open
 * @param watchers how many were open
 */
record WatcherMemory(long beforeKiB, long afterKiB, int watchers) {
  WatcherMemory {
    if (watchers <= 0) {
      throw new IllegalArgumentException("watchers must be above 0, got " + watchers);
    }
  }

  /** KiB per watch; negative when the second figure came out lower (noise of a mostly-free heap). */
  double perWatcherKiB() {
    return (afterKiB - beforeKiB) / (double) watchers;
  }
}
