package io.kube4j.store.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.kube4j.store.testing.History.Get;
import io.kube4j.store.testing.History.Outcome;
import io.kube4j.store.testing.History.Put;
import org.junit.jupiter.api.Test;

class LinearizabilityCheckerTest {

  @Test
  void acceptsALinearizableHistoryWithOverlapsAndUnknownOutcomes() {
    History h = new History();
    h.put(new Put("k", "v1", 0, 10, Outcome.OK, 1));
    h.put(new Put("k", "v2", 5, 30, Outcome.OK, 2));
    h.put(new Put("k", "v3", 40, Long.MAX_VALUE, Outcome.UNKNOWN, 0));
    h.get(new Get("k", 11, 20, "v1", 1, 1)); // overlaps v2's put: either value is fine
    h.get(new Get("k", 31, 35, "v2", 2, 2));
    h.get(new Get("k", 45, 50, "v3", 3, 3)); // the unknown put did take effect
    assertThat(LinearizabilityChecker.check(h)).isEmpty();
  }

  @Test
  void flagsAStaleRead() {
    History h = new History();
    h.put(new Put("k", "v1", 0, 10, Outcome.OK, 1));
    h.put(new Put("k", "v2", 11, 20, Outcome.OK, 2));
    h.get(new Get("k", 21, 25, "v1", 1, 2));
    assertThat(LinearizabilityChecker.check(h)).anyMatch(v -> v.startsWith("stale read"));
  }

  @Test
  void flagsReadsFromTheFutureAndOfRefusedWrites() {
    History h = new History();
    h.get(new Get("k", 0, 5, "v1", 1, 1));
    h.put(new Put("k", "v1", 6, 10, Outcome.OK, 1));
    h.put(new Put("k", "v2", 11, 12, Outcome.FAILED, 0));
    h.get(new Get("k", 13, 14, "v2", 2, 2));
    assertThat(LinearizabilityChecker.check(h))
        .anyMatch(v -> v.startsWith("read from the future"))
        .anyMatch(v -> v.contains("was refused"));
  }

  @Test
  void flagsWritesOutOfRealTimeOrderAndDuplicateRevisions() {
    History h = new History();
    h.put(new Put("a", "v1", 0, 10, Outcome.OK, 5));
    h.put(new Put("b", "v2", 20, 30, Outcome.OK, 4));
    h.put(new Put("c", "v3", 20, 30, Outcome.OK, 5));
    assertThat(LinearizabilityChecker.check(h))
        .anyMatch(v -> v.contains("has a lower revision"))
        .anyMatch(v -> v.startsWith("two acknowledged puts at revision 5"));
  }

  @Test
  void flagsNonMonotonicReadsAndLaggingHeaders() {
    History h = new History();
    h.put(new Put("k", "v1", 0, 1, Outcome.OK, 1));
    h.put(new Put("k", "v2", 2, 3, Outcome.OK, 2));
    h.get(new Get("k", 4, 5, "v2", 2, 2));
    h.get(new Get("k", 2, 8, "v1", 1, 1)); // overlaps the put of v2 itself: fine alone
    h.get(new Get("k", 6, 7, "v1", 1, 1)); // after a read of v2 ended: not fine
    assertThat(LinearizabilityChecker.check(h)).anyMatch(v -> v.startsWith("non-monotonic reads"));
  }
}
