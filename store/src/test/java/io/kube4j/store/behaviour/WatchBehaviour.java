package io.kube4j.store.behaviour;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kube4j.store.api.Bytes;
import io.kube4j.store.api.DeleteRequest;
import io.kube4j.store.api.KeyValue;
import io.kube4j.store.api.PutRequest;
import io.kube4j.store.api.StoreException;
import io.kube4j.store.api.TxnRequest;
import io.kube4j.store.api.Watch;
import io.kube4j.store.api.WatchEvent;
import io.kube4j.store.api.WatchEvent.Type;
import io.kube4j.store.api.WatchRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Watches: key and prefix, start revisions, prev_kv, filters, cancel, progress, order, compaction. */
public abstract class WatchBehaviour extends StoreBehaviour {
  private final List<Watch> watches = new ArrayList<>();

  /** Starts a watch that this test closes at its end. */
  private RecordingListener watch(WatchRequest request) {
    RecordingListener listener = new RecordingListener();
    watches.add(store().watch(request, listener));
    return listener;
  }

  private Watch lastWatch() {
    return watches.getLast();
  }

  @AfterEach
  void closeWatches() {
    watches.forEach(Watch::close);
  }

  private static KeyValue deleted(Bytes key, long revision) {
    return new KeyValue(key, 0, revision, 0, Bytes.EMPTY, 0);
  }

  @Test
  void aKeyWatchSeesEveryChangeOfThatKeyOnly() {
    RecordingListener listener = watch(WatchRequest.key(key("a")));
    long r1 = put("a", "1");
    put("ab", "other");
    long r3 = put("a", "2");
    long r4 = store().delete(DeleteRequest.key(key("a"))).revision();
    List<WatchEvent> events = listener.awaitEvents(3);
    assertThat(events).containsExactly(
        new WatchEvent(Type.PUT, new KeyValue(key("a"), r1, r1, 1, value("1"), 0), null),
        new WatchEvent(Type.PUT, new KeyValue(key("a"), r1, r3, 2, value("2"), 0), null),
        new WatchEvent(Type.DELETE, deleted(key("a"), r4), null));
    assertThat(listener.batches()).allSatisfy(b -> assertThat(b.revision())
        .as("a batch carries the store revision at send").isGreaterThanOrEqualTo(b.events().getLast().kv().modRevision()));
    assertThat(listener.violations()).isEmpty();
  }

  @Test
  void aPrefixWatchSeesEveryKeyUnderThePrefix() {
    RecordingListener listener = watch(WatchRequest.prefix(key("dir/")));
    put("dir/x", "1");
    put("dir0", "not under dir/");
    put("dir/y", "2");
    long deletedAt = store().delete(DeleteRequest.prefix(key("dir/"))).revision();
    List<WatchEvent> events = listener.awaitEvents(4);
    assertThat(events).extracting(e -> e.type() + " " + names(List.of(e.kv())).getFirst())
        .containsExactly("PUT dir/x", "PUT dir/y", "DELETE dir/x", "DELETE dir/y");
    assertThat(listener.eventsOf(deletedAt))
        .containsExactly(
            new WatchEvent(Type.DELETE, deleted(key("dir/x"), deletedAt), null),
            new WatchEvent(Type.DELETE, deleted(key("dir/y"), deletedAt), null));
  }

  @Test
  void theEventsOfOneTxnComeInOneCall() {
    RecordingListener listener = watch(WatchRequest.prefix(prefix()));
    long revision = store().txn(new TxnRequest(List.of(), List.of(
        PutRequest.of(key("a"), value("1")), PutRequest.of(key("b"), value("2")), PutRequest.of(key("c"), value("3"))),
        List.of())).revision();
    listener.awaitEvents(3);
    assertThat(listener.batches()).hasSize(1);
    assertThat(listener.eventsOf(revision)).extracting(e -> names(List.of(e.kv())).getFirst())
        .containsExactly("a", "b", "c");
  }

  @Test
  void aPastStartRevisionReplaysHistoryThenFollows() {
    put("a", "1");
    long r2 = put("a", "2");
    put("other", "x");
    long r4 = put("a", "3");
    RecordingListener listener = watch(WatchRequest.key(key("a")).fromRevision(r2));
    long r5 = put("a", "4");
    List<WatchEvent> events = listener.awaitEvents(3);
    assertThat(events).extracting(e -> e.kv().modRevision()).containsExactly(r2, r4, r5);
    assertThat(events).extracting(e -> e.kv().value()).containsExactly(value("2"), value("3"), value("4"));
  }

  @Test
  void startRevisionZeroMeansFromTheNextRevision() {
    put("a", "before");
    RecordingListener listener = watch(WatchRequest.key(key("a")).fromRevision(0));
    long r = put("a", "after");
    assertThat(listener.awaitEvents(1)).extracting(e -> e.kv().modRevision()).containsExactly(r);
    assertThat(listener.events()).hasSize(1);
  }

  @Test
  void aFutureStartRevisionWaitsForIt() {
    long now = currentRevision();
    RecordingListener listener = watch(WatchRequest.key(key("a")).fromRevision(now + 2));
    put("a", "too early");
    long r = put("a", "in time");
    assertThat(listener.awaitEvents(1)).extracting(e -> e.kv().modRevision()).containsExactly(r);
    assertThat(listener.events()).hasSize(1);
  }

  @Test
  void prevKvAttachesTheKeyValueBeforeEachChange() {
    RecordingListener listener = watch(WatchRequest.key(key("a")).withPrevKv(true));
    long r1 = put("a", "1");
    long r2 = put("a", "2");
    store().delete(DeleteRequest.key(key("a")));
    List<WatchEvent> events = listener.awaitEvents(3);
    assertThat(events).extracting(WatchEvent::prevKv).containsExactly(
        null,
        new KeyValue(key("a"), r1, r1, 1, value("1"), 0),
        new KeyValue(key("a"), r1, r2, 2, value("2"), 0));
  }

  @Test
  void filtersDropPutsOrDeletes() {
    RecordingListener noPut = watch(WatchRequest.prefix(prefix()).withFilters(true, false));
    RecordingListener noDelete = watch(WatchRequest.prefix(prefix()).withFilters(false, true));
    RecordingListener both = watch(WatchRequest.prefix(prefix()));
    put("a", "1");
    store().delete(DeleteRequest.key(key("a")));
    put("b", "1");
    store().delete(DeleteRequest.key(key("b")));
    put("c", "1");
    both.awaitEvents(5); // every change has been sent to every watch of this stream of revisions
    assertThat(noPut.awaitEvents(2)).extracting(WatchEvent::type).containsExactly(Type.DELETE, Type.DELETE);
    assertThat(noDelete.awaitEvents(3)).extracting(WatchEvent::type).containsExactly(Type.PUT, Type.PUT, Type.PUT);
  }

  @Test
  void closeCancelsTheWatchWithoutCause() {
    RecordingListener closed = watch(WatchRequest.key(key("a")));
    Watch watch = lastWatch();
    put("a", "seen");
    closed.awaitEvents(1);
    watch.close();
    closed.awaitCancelled();
    assertThat(closed.cancelCount()).isEqualTo(1);
    assertThat(closed.cancelCause()).isNull();
    RecordingListener open = watch(WatchRequest.key(key("a")));
    put("a", "after close");
    open.awaitEvents(1);
    watch.close();
    assertThat(closed.events()).hasSize(1);
    assertThat(closed.cancelCount()).as("close is idempotent").isEqualTo(1);
    assertThat(closed.violations()).isEmpty();
  }

  @Test
  void requestProgressReportsTheRevisionTheWatchIsUpTo() {
    RecordingListener listener = watch(WatchRequest.key(key("quiet")));
    Watch watch = lastWatch();
    long written = put("elsewhere", "x");
    // The member serving the watch may not have applied the write yet: ask again until it has.
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() -> {
      watch.requestProgress();
      return listener.progress().stream().anyMatch(revision -> revision >= written);
    });
    assertThat(listener.events()).isEmpty();
    assertThat(listener.violations()).isEmpty();
  }

  @Test
  void concurrentWritersAreSeenInRevisionOrderWithNoGapOrDuplicate() throws Exception {
    int writers = 4;
    int putsEach = 250;
    RecordingListener listener = watch(WatchRequest.prefix(prefix()));
    Set<Long> written = ConcurrentHashMap.newKeySet();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> done = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        String writer = "w" + w + "/";
        done.add(pool.submit(() -> {
          for (int i = 0; i < putsEach; i++) {
            written.add(put(writer + (i % 10), Integer.toString(i)));
          }
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    }
    assertThat(written).hasSize(writers * putsEach);
    List<WatchEvent> events = listener.awaitEvents(writers * putsEach);
    List<Long> seen = events.stream().map(e -> e.kv().modRevision()).toList();
    assertThat(seen).hasSize(writers * putsEach).doesNotHaveDuplicates().isSorted();
    assertThat(new TreeSet<>(seen)).isEqualTo(new TreeSet<>(written));
    long previousBatch = 0;
    for (RecordingListener.Batch batch : listener.batches()) {
      assertThat(batch.events().getFirst().kv().modRevision()).isGreaterThan(previousBatch);
      previousBatch = batch.events().getLast().kv().modRevision();
    }
    assertThat(listener.violations()).isEmpty();
  }

  @Test
  void aCompactedStartRevisionCancelsTheWatchWithTheCompactRevision() {
    long r1 = put("a", "1");
    long r2 = put("a", "2");
    store().compact(r2);
    RecordingListener tooOld = watch(WatchRequest.key(key("a")).fromRevision(r1));
    tooOld.awaitCancelled();
    assertThat(tooOld.cancelCause()).isInstanceOfSatisfying(StoreException.Compacted.class,
        e -> assertThat(e.compactRevision()).isEqualTo(r2));
    assertThat(tooOld.cancelCause().code()).isEqualTo(StoreException.Code.OUT_OF_RANGE);
    assertThat(tooOld.events()).isEmpty();

    RecordingListener atCompaction = watch(WatchRequest.key(key("a")).fromRevision(r2));
    assertThat(atCompaction.awaitEvents(1)).extracting(e -> e.kv().value()).containsExactly(value("2"));
    assertThat(atCompaction.cancelCount()).isZero();
  }

  @Test
  void manyWatchesOnOneKeyAllSeeEachChange() {
    List<RecordingListener> listeners = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      listeners.add(watch(WatchRequest.key(key("shared"))));
    }
    long r = put("shared", "v");
    for (RecordingListener l : listeners) {
      assertThat(l.awaitEvents(1)).extracting(e -> e.kv().modRevision()).containsExactly(r);
    }
    assertThat(listeners).allSatisfy(l -> assertThat(l.events()).hasSize(1));
  }
}
