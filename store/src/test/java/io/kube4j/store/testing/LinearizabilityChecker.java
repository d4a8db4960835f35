package io.kube4j.store.testing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks that a {@link History} of puts and linearizable gets is linearizable, using the store's
 * revisions as the order of writes (etcd promises one global revision order consistent with real
 * time), and that the final contents lost no acknowledged write.
 *
 * <p>Conditions, each reported with the operations that break it:
 * <ol>
 *   <li>acknowledged puts have distinct revisions;
 *   <li>a put acknowledged before another was invoked has the lower revision;
 *   <li>a get never sees a value older than a put to that key acknowledged before the get began
 *       (stale read), nor a put that was invoked only after the get ended (read from the future);
 *   <li>of two gets of one key, the later (in real time) never sees an older revision;
 *   <li>a get's header revision is at least every revision acknowledged before it began.
 * </ol>
 * Together these say every get can be placed at a point of its interval where its value was the
 * newest write, which for registers with unique values is linearizability.
 */
public final class LinearizabilityChecker {
  private LinearizabilityChecker() {}

  /** @return the violations found; empty when the history is linearizable */
  public static List<String> check(History history) {
    List<String> violations = new ArrayList<>();
    List<History.Put> acked = history.puts().stream().filter(p -> p.outcome() == History.Outcome.OK)
        .sorted(Comparator.comparingLong(History.Put::revision)).toList();
    Map<Long, History.Put> byRevision = new HashMap<>();
    for (History.Put p : acked) {
      History.Put clash = byRevision.put(p.revision(), p);
      if (clash != null) {
        violations.add("two acknowledged puts at revision " + p.revision() + ": " + clash + " and " + p);
      }
    }
    // 2. real-time order of writes: compare each put with every put acknowledged before it began.
    List<History.Put> byCompletion = acked.stream().sorted(Comparator.comparingLong(History.Put::completeNanos)).toList();
    long maxRevisionSoFar = 0;
    History.Put maxPut = null;
    List<History.Put> byInvoke = acked.stream().sorted(Comparator.comparingLong(History.Put::invokeNanos)).toList();
    int c = 0;
    for (History.Put p : byInvoke) {
      while (c < byCompletion.size() && byCompletion.get(c).completeNanos() < p.invokeNanos()) {
        if (byCompletion.get(c).revision() > maxRevisionSoFar) {
          maxRevisionSoFar = byCompletion.get(c).revision();
          maxPut = byCompletion.get(c);
        }
        c++;
      }
      if (p.revision() <= maxRevisionSoFar) {
        violations.add("put " + p + " began after " + maxPut + " was acknowledged but has a lower revision");
      }
    }
    Map<String, History.Put> putsByValue = new HashMap<>();
    for (History.Put p : history.puts()) {
      putsByValue.put(p.value(), p);
    }
    Map<String, List<History.Put>> ackedByKey = new HashMap<>();
    for (History.Put p : acked) {
      ackedByKey.computeIfAbsent(p.key(), k -> new ArrayList<>()).add(p);
    }
    Map<String, List<History.Get>> getsByKey = new HashMap<>();
    for (History.Get g : history.gets()) {
      getsByKey.computeIfAbsent(g.key(), k -> new ArrayList<>()).add(g);
      checkGet(g, ackedByKey.getOrDefault(g.key(), List.of()), putsByValue, byCompletion, violations);
    }
    for (List<History.Get> gets : getsByKey.values()) {
      checkMonotonicReads(gets, violations);
    }
    return violations;
  }

  private static void checkGet(History.Get g, List<History.Put> ackedForKey, Map<String, History.Put> putsByValue,
      List<History.Put> allAcked, List<String> violations) {
    for (History.Put p : ackedForKey) {
      if (p.completeNanos() < g.invokeNanos() && p.revision() > g.modRevision()) {
        violations.add("stale read: " + g + " began after " + p + " was acknowledged");
        break;
      }
    }
    if (g.value() != null) {
      History.Put source = putsByValue.get(g.value());
      if (source == null) {
        violations.add("read of a value nobody wrote: " + g);
      } else if (source.invokeNanos() > g.completeNanos()) {
        violations.add("read from the future: " + g + " ended before " + source + " began");
      } else if (source.outcome() == History.Outcome.OK && source.revision() != g.modRevision()) {
        violations.add("read " + g + " reports mod revision " + g.modRevision() + " but the put was acknowledged at "
            + source.revision());
      } else if (source.outcome() == History.Outcome.FAILED) {
        violations.add("read " + g + " saw a put that was refused: " + source);
      }
    }
    for (History.Put p : allAcked) {
      if (p.completeNanos() < g.invokeNanos() && p.revision() > g.headerRevision()) {
        violations.add("read " + g + " served at revision " + g.headerRevision() + " after " + p + " was acknowledged");
        break;
      }
    }
  }

  private static void checkMonotonicReads(List<History.Get> gets, List<String> violations) {
    List<History.Get> byInvoke = gets.stream().sorted(Comparator.comparingLong(History.Get::invokeNanos)).toList();
    List<History.Get> byCompletion = gets.stream().sorted(Comparator.comparingLong(History.Get::completeNanos)).toList();
    long newestSeen = 0;
    History.Get newest = null;
    int c = 0;
    for (History.Get g : byInvoke) {
      while (c < byCompletion.size() && byCompletion.get(c).completeNanos() < g.invokeNanos()) {
        if (byCompletion.get(c).modRevision() > newestSeen) {
          newestSeen = byCompletion.get(c).modRevision();
          newest = byCompletion.get(c);
        }
        c++;
      }
      if (g.modRevision() < newestSeen) {
        violations.add("non-monotonic reads: " + g + " began after " + newest + " ended but saw an older revision");
      }
    }
  }
}
