package io.kube4j.e2e;

import io.kube4j.store.api.Bytes;
import io.kube4j.store.api.KeyValue;
import io.kube4j.store.api.RangeRequest;
import io.kube4j.store.api.RangeResult;
import io.kube4j.store.api.StoreException;
import io.kube4j.store.api.Watch;
import io.kube4j.store.api.WatchEvent;
import io.kube4j.store.api.WatchListener;
import io.kube4j.store.api.WatchRequest;
import io.kube4j.store.etcd.EtcdKvStore;
import io.kube4j.store.testing.History;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The end-of-run audit of a cluster after a recorded load: every member holds the same revision and
 * contents, no acknowledged write is lost, and a watch from the first revision replays the same
 * history with no gap and no duplicate. Each check returns the violations it found (empty when
 * fine), quoting what it saw, so a failure says exactly what went wrong. Stateless.
 */
final class ClusterAudit {

  private ClusterAudit() {}

  /** The agreed final state: the revision every member reached and the contents under the prefix. */
  record FinalState(long revision, Map<String, KeyValue> kvs) {}

  /** One event as a watch reported it. */
  record SeenEvent(String key, String value, long modRevision, long createRevision, long version,
      WatchEvent.Type type) {}

  /**
   * Waits (bounded) until every member's own serializable read is at the same revision as a
   * linearizable read, then compares what each member holds under {@code prefix}.
   *
   * @throws AssertionError when they never converge, or converge with different contents
   */
  static FinalState settle(TestCluster cluster, String prefix, Duration timeout) throws InterruptedException {
    Bytes p = Bytes.of(prefix);
    return Poll.until(timeout, "every member at the same revision as a linearizable read", () -> {
      long revision = cluster.linearizableRevision();
      Map<String, Map<String, KeyValue>> byMember = new LinkedHashMap<>();
      for (ClusterMember member : cluster.members()) {
        member.assertAlive();
        RangeResult local = member.client().range(RangeRequest.prefix(p).withSerializable(true));
        if (local.revision() != revision) {
          throw new IllegalStateException(member.name() + " is at revision " + local.revision() + ", the cluster at " + revision);
        }
        byMember.put(member.name(), byKey(local.kvs()));
      }
      Map<String, KeyValue> first = byMember.values().iterator().next();
      byMember.forEach((name, kvs) -> {
        if (!kvs.equals(first)) {
          throw new AssertionError("members disagree at revision " + revision + ": " + byMember);
        }
      });
      return new FinalState(revision, first);
    });
  }

  private static Map<String, KeyValue> byKey(List<KeyValue> kvs) {
    Map<String, KeyValue> map = new LinkedHashMap<>();
    kvs.forEach(kv -> map.put(kv.key().toStringUtf8(), kv));
    return map;
  }

  /**
   * Every acknowledged put is in the final state, or its key was written again at a later revision;
   * and every final value was written by a put of this history, at the revision it was acknowledged.
   */
  static List<String> lostWrites(History history, FinalState state) {
    List<String> violations = new ArrayList<>();
    Map<String, History.Put> byValue = new HashMap<>();
    history.puts().forEach(p -> byValue.put(p.value(), p));
    for (History.Put put : history.puts()) {
      if (put.outcome() != History.Outcome.OK) {
        continue;
      }
      KeyValue now = state.kvs().get(put.key());
      if (now == null) {
        violations.add("acknowledged " + put + " is gone: the key is absent at revision " + state.revision());
      } else if (now.modRevision() < put.revision()) {
        violations.add("acknowledged " + put + " is lost: the key holds " + describe(now) + ", an older write");
      } else if (now.modRevision() == put.revision() && !now.value().toStringUtf8().equals(put.value())) {
        violations.add("acknowledged " + put + " was replaced at its own revision by " + describe(now));
      }
    }
    for (KeyValue kv : state.kvs().values()) {
      History.Put source = byValue.get(kv.value().toStringUtf8());
      if (source == null || !source.key().equals(kv.key().toStringUtf8())) {
        violations.add("final " + describe(kv) + " was written by no put of this key");
      } else if (source.outcome() == History.Outcome.OK && source.revision() != kv.modRevision()) {
        violations.add("final " + describe(kv) + " comes from " + source + ", acknowledged at another revision");
      }
    }
    return violations;
  }

  /**
   * Watches {@code prefix} on {@code member} from {@code fromRevision} until an event at
   * {@code untilRevision} arrives (bounded), and returns the events in the order they came.
   */
  static List<SeenEvent> replay(ClusterMember member, String prefix, long fromRevision, long untilRevision, Duration timeout)
      throws InterruptedException {
    List<SeenEvent> seen = new CopyOnWriteArrayList<>();
    List<Object> ended = new CopyOnWriteArrayList<>();
    WatchListener listener = new WatchListener() {
      @Override
      public void onEvents(long revision, List<WatchEvent> events) {
        for (WatchEvent e : events) {
          KeyValue kv = e.kv();
          seen.add(new SeenEvent(kv.key().toStringUtf8(), kv.value().toStringUtf8(), kv.modRevision(),
              kv.createRevision(), kv.version(), e.type()));
        }
      }

      @Override
      public void onProgress(long revision) {}

      @Override
      public void onCancelled(StoreException cause) {
        ended.add(cause == null ? "cancelled" : cause);
      }
    };
    try (EtcdKvStore client = member.newClient(timeout);
        Watch watch = client.watch(WatchRequest.prefix(Bytes.of(prefix)).fromRevision(fromRevision), listener)) {
      Poll.until(timeout, "the watch on " + member + " to reach revision " + untilRevision, () -> {
        if (!ended.isEmpty()) {
          throw new AssertionError("the watch on " + member + " ended early: " + ended + " after " + seen.size() + " events");
        }
        return !seen.isEmpty() && seen.getLast().modRevision() >= untilRevision ? Boolean.TRUE : null;
      });
    }
    return List.copyOf(seen);
  }

  /**
   * A watch of a put-only history must report each revision from {@code firstRevision} to
   * {@code lastRevision} exactly once, in order, each with the value its put wrote; every
   * acknowledged put must be there at its revision.
   */
  static List<String> watchViolations(List<SeenEvent> events, History history, long firstRevision, long lastRevision) {
    List<String> violations = new ArrayList<>();
    long expected = firstRevision;
    for (SeenEvent e : events) {
      if (e.modRevision() > lastRevision) {
        break; // written after the audit began; nothing to compare with
      }
      if (e.modRevision() < expected) {
        violations.add("duplicate or out-of-order event at revision " + e.modRevision() + " after revision "
            + (expected - 1) + ": " + e);
      } else if (e.modRevision() > expected) {
        violations.add("gap: revisions " + expected + ".." + (e.modRevision() - 1) + " missing before " + e);
      }
      if (e.type() != WatchEvent.Type.PUT) {
        violations.add("a delete in a put-only history: " + e);
      }
      expected = Math.max(expected, e.modRevision() + 1);
    }
    if (expected <= lastRevision) {
      violations.add("the watch stopped at revision " + (expected - 1) + ", the cluster is at " + lastRevision);
    }
    Map<Long, SeenEvent> byRevision = new HashMap<>();
    events.forEach(e -> byRevision.putIfAbsent(e.modRevision(), e));
    Map<String, History.Put> byValue = new HashMap<>();
    history.puts().forEach(p -> byValue.put(p.value(), p));
    for (History.Put put : history.puts()) {
      if (put.outcome() == History.Outcome.OK) {
        SeenEvent e = byRevision.get(put.revision());
        if (e == null || !e.key().equals(put.key()) || !e.value().equals(put.value())) {
          violations.add("acknowledged " + put + " is not in the watch at its revision; the watch has " + e);
        }
      }
    }
    for (SeenEvent e : events) {
      History.Put source = byValue.get(e.value());
      if (source == null || !source.key().equals(e.key())) {
        violations.add("the watch reports a value no put of this key wrote: " + e);
      }
    }
    return violations;
  }

  private static String describe(KeyValue kv) {
    return kv.key().toStringUtf8() + "=" + kv.value().toStringUtf8() + "@" + kv.modRevision();
  }
}
