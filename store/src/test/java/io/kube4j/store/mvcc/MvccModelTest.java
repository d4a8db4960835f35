package io.kube4j.store.mvcc;

import static org.assertj.core.api.Assertions.assertThat;

import io.kube4j.store.api.Bytes;
import io.kube4j.store.api.Compare;
import io.kube4j.store.api.DeleteRequest;
import io.kube4j.store.api.KeyValue;
import io.kube4j.store.api.Op;
import io.kube4j.store.api.PutRequest;
import io.kube4j.store.api.RangeRequest;
import io.kube4j.store.api.RangeResult;
import io.kube4j.store.api.StoreException;
import io.kube4j.store.api.TxnRequest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Seeded random histories against a model that keeps the whole key space at every revision: after
 * every step, every kept revision reads exactly as the model says. The seed is in the test name.
 */
class MvccModelTest {
  private static final int STEPS = 600;
  private static final String[] KEYS = {"a", "ab", "b", "ba", "c", "d"};

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 42, 2026})
  void randomHistoriesMatchTheModel(long seed) throws Exception {
    Random rnd = new Random(seed);
    MvccStore store = new MvccStore(Long.MAX_VALUE);
    Map<Long, TreeMap<Bytes, KeyValue>> model = new HashMap<>();
    model.put(MvccStore.INITIAL_REVISION, new TreeMap<>());
    long compacted = 0;
    for (int step = 0; step < STEPS; step++) {
      TreeMap<Bytes, KeyValue> state = model.get(store.revision());
      int dice = rnd.nextInt(100);
      if (dice < 45) {
        apply(store, model, state, List.of(randomPut(rnd)));
      } else if (dice < 60) {
        apply(store, model, state, List.of(randomDelete(rnd)));
      } else if (dice < 85) {
        Bytes k = key(rnd);
        KeyValue cur = state.get(k);
        long mod = rnd.nextBoolean() && cur != null ? cur.modRevision() : rnd.nextInt(3);
        boolean holds = (cur == null ? 0 : cur.modRevision()) == mod;
        List<Op> success = List.of(PutRequest.of(k, Bytes.of("t" + step)));
        List<Op> failure = List.of(randomDelete(rnd));
        store.apply(new StoreCommand.Write(new TxnRequest(
            List.of(Compare.modRevision(k, Compare.Result.EQUAL, mod)), success, failure)));
        expect(model, state, holds ? success : failure, store.revision());
      } else if (dice < 92 && store.revision() > compacted + 3) {
        long to = compacted + 1 + rnd.nextInt((int) (store.revision() - compacted));
        store.apply(new StoreCommand.Compact(to));
        compacted = to;
      } else {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        store.writeSnapshot(new DataOutputStream(out));
        MvccStore restored = new MvccStore(Long.MAX_VALUE);
        restored.restoreSnapshot(new DataInputStream(new ByteArrayInputStream(out.toByteArray())));
        store = restored;
      }
      verify(store, model, compacted, seed, step);
    }
  }

  private static Bytes key(Random rnd) {
    return Bytes.of(KEYS[rnd.nextInt(KEYS.length)]);
  }

  private static PutRequest randomPut(Random rnd) {
    return PutRequest.of(key(rnd), Bytes.of("v" + rnd.nextInt(1000)));
  }

  private static DeleteRequest randomDelete(Random rnd) {
    Bytes k = key(rnd);
    return rnd.nextBoolean() ? DeleteRequest.key(k) : DeleteRequest.prefix(k);
  }

  private static void apply(MvccStore store, Map<Long, TreeMap<Bytes, KeyValue>> model,
      TreeMap<Bytes, KeyValue> state, List<Op> ops) {
    store.apply(new StoreCommand.Write(ops.getFirst()));
    expect(model, state, ops, store.revision());
  }

  /** Advances the model by the ops (already applied to the store at {@code revision}). */
  private static void expect(Map<Long, TreeMap<Bytes, KeyValue>> model, TreeMap<Bytes, KeyValue> before,
      List<Op> ops, long revision) {
    TreeMap<Bytes, KeyValue> next = new TreeMap<>(before);
    long rev = model.keySet().stream().mapToLong(Long::longValue).max().orElse(0) + 1;
    boolean changed = false;
    for (Op op : ops) {
      if (op instanceof PutRequest p) {
        KeyValue prev = next.get(p.key());
        next.put(p.key(), prev == null ? new KeyValue(p.key(), rev, rev, 1, p.value(), 0)
            : new KeyValue(p.key(), prev.createRevision(), rev, prev.version() + 1, p.value(), 0));
        changed = true;
      } else if (op instanceof DeleteRequest d) {
        List<Bytes> gone = new ArrayList<>();
        for (Bytes k : next.keySet()) {
          if (KeyRange.contains(d.key(), d.rangeEnd(), k)) {
            gone.add(k);
          }
        }
        gone.forEach(next::remove);
        changed |= !gone.isEmpty();
      }
    }
    if (changed) {
      model.put(rev, next);
    }
    assertThat(revision).isEqualTo(changed ? rev : rev - 1);
  }

  private static void verify(MvccStore store, Map<Long, TreeMap<Bytes, KeyValue>> model, long compacted,
      long seed, int step) {
    for (Map.Entry<Long, TreeMap<Bytes, KeyValue>> e : model.entrySet()) {
      long rev = e.getKey();
      if (rev == MvccStore.INITIAL_REVISION) {
        continue;
      }
      RangeRequest all = RangeRequest.range(Bytes.of("\0"), Bytes.ZERO).atRevision(rev);
      if (rev < compacted) {
        try {
          store.range(all);
          throw new AssertionError("seed " + seed + " step " + step + ": read below compaction succeeded");
        } catch (StoreException.Compacted expected) {
          continue;
        }
      }
      RangeResult r = store.range(all);
      assertThat(r.kvs()).as("seed %d step %d revision %d", seed, step, rev)
          .containsExactlyElementsOf(e.getValue().values());
    }
  }
}
