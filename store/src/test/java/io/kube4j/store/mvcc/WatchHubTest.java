package io.kube4j.store.mvcc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kube4j.store.api.Bytes;
import io.kube4j.store.api.DeleteRequest;
import io.kube4j.store.api.PutRequest;
import io.kube4j.store.api.StoreException;
import io.kube4j.store.api.Watch;
import io.kube4j.store.api.WatchEvent;
import io.kube4j.store.api.WatchRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WatchHubTest {
  private final LocalKvStore kv = new LocalKvStore(new MvccStore(Long.MAX_VALUE, 2, System::nanoTime, 200_000_000L));

  @AfterEach
  void close() {
    kv.close();
  }

  private static Bytes b(String s) {
    return Bytes.of(s);
  }

  @Test
  void replaysFromAPastRevisionThenFollowsLive() {
    kv.put(PutRequest.of(b("/a/1"), b("x")));
    kv.put(PutRequest.of(b("/b/1"), b("x")));
    kv.put(PutRequest.of(b("/a/2"), b("x")));
    RecordingListener l = new RecordingListener();
    try (Watch w = kv.watch(WatchRequest.prefix(b("/a/")).fromRevision(2).withPrevKv(true), l)) {
      kv.put(PutRequest.of(b("/a/1"), b("y")));
      kv.delete(DeleteRequest.key(b("/a/2")));
      await().atMost(Duration.ofSeconds(5)).until(() -> l.events.size() == 4);
      assertThat(l.revisions()).containsExactly(2L, 4L, 5L, 6L);
      WatchEvent update = l.events.get(2);
      assertThat(update.prevKv().value()).isEqualTo(b("x"));
      WatchEvent delete = l.events.get(3);
      assertThat(delete.type()).isEqualTo(WatchEvent.Type.DELETE);
      assertThat(delete.kv().version()).isZero();
      assertThat(delete.prevKv().key()).isEqualTo(b("/a/2"));
    }
    await().atMost(Duration.ofSeconds(5)).until(l::cancelledByClient);
  }

  @Test
  void filtersAndProgress() {
    RecordingListener l = new RecordingListener();
    try (Watch w = kv.watch(WatchRequest.key(b("k")).withFilters(true, false), l)) {
      kv.put(PutRequest.of(b("k"), b("1")));
      kv.delete(DeleteRequest.key(b("k")));
      await().atMost(Duration.ofSeconds(5)).until(() -> l.events.size() == 1);
      assertThat(l.events.getFirst().type()).isEqualTo(WatchEvent.Type.DELETE);
      w.requestProgress();
      await().atMost(Duration.ofSeconds(5)).until(() -> l.progress.contains(3L));
    }
  }

  @Test
  void progressNotifyWhileIdle() {
    RecordingListener l = new RecordingListener();
    try (Watch w = kv.watch(WatchRequest.key(b("idle")).withProgressNotify(true), l)) {
      await().atMost(Duration.ofSeconds(5)).until(() -> l.progress.size() >= 2);
    }
  }

  @Test
  void compactedStartRevisionCancelsWithTheCompactRevision() {
    kv.put(PutRequest.of(b("a"), b("1")));
    kv.put(PutRequest.of(b("a"), b("2")));
    kv.put(PutRequest.of(b("a"), b("3")));
    kv.compact(4);
    RecordingListener l = new RecordingListener();
    kv.watch(WatchRequest.key(b("a")).fromRevision(3), l);
    await().atMost(Duration.ofSeconds(5)).until(() -> l.cancelled.get() != null);
    assertThat(l.cancelled.get()).isInstanceOfSatisfying(StoreException.Compacted.class,
        e -> assertThat(e.compactRevision()).isEqualTo(4));
    RecordingListener atCompact = new RecordingListener();
    try (Watch w = kv.watch(WatchRequest.key(b("a")).fromRevision(4), atCompact)) {
      await().atMost(Duration.ofSeconds(5)).until(() -> atCompact.events.size() == 1);
      assertThat(atCompact.revisions()).containsExactly(4L);
    }
  }

  @Test
  void concurrentWritersNoGapNoDuplicateInOrder() throws Exception {
    int writers = 4;
    int perWriter = 250;
    RecordingListener l = new RecordingListener();
    try (Watch w = kv.watch(WatchRequest.prefix(b("/c/")), l)) {
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < writers; t++) {
        int n = t;
        threads.add(Thread.ofVirtual().start(() -> {
          for (int i = 0; i < perWriter; i++) {
            kv.put(PutRequest.of(b("/c/" + n + "/" + i), b("v")));
          }
        }));
      }
      for (Thread t : threads) {
        t.join(Duration.ofSeconds(20));
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> l.events.size() == writers * perWriter);
      assertThat(l.revisions()).containsExactlyElementsOf(
          LongStream.rangeClosed(2, writers * perWriter + 1).boxed().toList());
    }
  }

  @Test
  void closingTheStoreCancelsWatches() {
    RecordingListener l = new RecordingListener();
    kv.watch(WatchRequest.key(b("x")), l);
    kv.close();
    await().atMost(Duration.ofSeconds(5)).until(() -> l.cancelled.get() instanceof StoreException.Unavailable);
  }
}
