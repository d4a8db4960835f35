package io.kube4j.store.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import io.etcd.jetcd.api.Event;
import io.etcd.jetcd.api.WatchResponse;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.kube4j.store.api.Bytes;
import io.kube4j.store.api.PutRequest;
import io.kube4j.store.proto.EtcdProtoExtensions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The Watch stream as etcd's clients see it on the wire, driven by hand through the generated stub. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class WatchStreamIT {
  private static final long PENDING_LIMIT = 256 * 1024;

  private LocalEtcdServer etcd;
  private ManagedChannel channel;

  @BeforeEach
  void start() {
    etcd = new LocalEtcdServer(new WatchSettings(Duration.ofMillis(300), PENDING_LIMIT));
    // A fixed HTTP/2 window: with grpc's automatic window tuning the transport may swallow megabytes
    // a client does not read, and whether a stream backs up would depend on the machine's timing.
    channel = NettyChannelBuilder.forAddress(etcd.endpoint.getHost(), etcd.endpoint.getPort()).usePlaintext()
        .flowControlWindow(64 * 1024).build();
  }

  @AfterEach
  void stop() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    etcd.close();
  }

  private long put(String key, String value) {
    return etcd.kv.put(PutRequest.of(Bytes.of(key), Bytes.of(value))).revision();
  }

  private static String key(Event event) {
    return event.getKv().getKey().toStringUtf8();
  }

  @Test
  void severalWatchesShareAStreamWithIdsAssignedFromZero() throws Exception {
    long current = put("other", "x");
    try (RawWatchStream stream = new RawWatchStream(channel)) {
      stream.send(RawWatchStream.create("a"));
      WatchResponse createdA = stream.next();
      assertThat(createdA.getCreated()).isTrue();
      assertThat(createdA.getWatchId()).isZero();
      assertThat(createdA.getHeader().getRevision()).isEqualTo(current);
      assertThat(createdA.getHeader().getMemberId()).isEqualTo(LocalEtcdServer.MEMBER_ID);
      stream.send(RawWatchStream.create("b"));
      assertThat(stream.next().getWatchId()).isEqualTo(1);

      long revA = put("a", "1");
      WatchResponse eventsA = stream.next();
      assertThat(eventsA.getWatchId()).isZero();
      assertThat(eventsA.getEventsList()).extracting(WatchStreamIT::key).containsExactly("a");
      assertThat(eventsA.getHeader().getRevision()).isEqualTo(revA);
      put("b", "1");
      assertThat(stream.next().getWatchId()).isEqualTo(1);

      stream.cancel(0);
      WatchResponse canceled = stream.next();
      assertThat(canceled.getCanceled()).isTrue();
      assertThat(canceled.getWatchId()).isZero();
      stream.cancel(42); // unknown: etcd answers nothing
      put("a", "2");
      put("b", "2");
      WatchResponse next = stream.next();
      assertThat(next.getWatchId()).isEqualTo(1);
      assertThat(next.getEventsList()).extracting(WatchStreamIT::key).containsExactly("b");
    }
  }

  @Test
  void clientChosenIdsAreKeptAndDuplicatesRefused() throws Exception {
    try (RawWatchStream stream = new RawWatchStream(channel)) {
      stream.send(EtcdProtoExtensions.withWatchId(RawWatchStream.create("k"), 7));
      assertThat(stream.next().getWatchId()).isEqualTo(7);
      stream.send(EtcdProtoExtensions.withWatchId(RawWatchStream.create("k"), 7));
      WatchResponse duplicate = stream.next();
      assertThat(duplicate.getCreated()).isTrue();
      assertThat(duplicate.getCanceled()).isTrue();
      assertThat(duplicate.getWatchId()).isEqualTo(-1);
      assertThat(duplicate.getCancelReason()).isEqualTo("mvcc: duplicate watch ID provided on the WatchStream");
      stream.send(RawWatchStream.create("k"));
      assertThat(stream.next().getWatchId()).isZero();
    }
  }

  @Test
  void impossibleWatchesAreRefusedAsTheyAreCreated() throws Exception {
    try (RawWatchStream stream = new RawWatchStream(channel)) {
      stream.send(RawWatchStream.create("b").setRangeEnd(com.google.protobuf.ByteString.copyFromUtf8("a")));
      WatchResponse empty = stream.next();
      assertThat(empty.getCreated() && empty.getCanceled()).isTrue();
      assertThat(empty.getCancelReason()).isEqualTo("mvcc: watcher range is empty");
      stream.send(RawWatchStream.create("b").setStartRevision(-1));
      WatchResponse negative = stream.next();
      assertThat(negative.getWatchId()).isEqualTo(-1);
      assertThat(negative.getCancelReason()).isEqualTo("etcdserver: mvcc: required revision has been compacted");
    }
  }

  @Test
  void aCompactedStartIsCreatedThenCanceledWithTheCompactRevision() throws Exception {
    long first = put("c", "1");
    put("c", "2");
    long last = put("c", "3");
    etcd.kv.compact(last);
    try (RawWatchStream stream = new RawWatchStream(channel)) {
      stream.send(RawWatchStream.create("c").setStartRevision(first));
      WatchResponse created = stream.next();
      assertThat(created.getCreated()).isTrue();
      assertThat(created.getCanceled()).isFalse();
      WatchResponse compacted = stream.next();
      assertThat(compacted.getWatchId()).isEqualTo(created.getWatchId());
      assertThat(compacted.getCanceled()).isTrue();
      assertThat(compacted.getCompactRevision()).isEqualTo(last);
      assertThat(compacted.getCancelReason()).isEmpty();
      assertThat(compacted.getEventsCount()).isZero();
      // The id stays taken until the client cancels it, as in etcd.
      stream.cancel(created.getWatchId());
      assertThat(stream.next().getCanceled()).isTrue();
    }
  }

  @Test
  void aProgressRequestAnswersForTheWholeStreamAtTheCurrentRevision() throws Exception {
    try (RawWatchStream stream = new RawWatchStream(channel)) {
      long now = put("unwatched", "1");
      stream.requestProgress();
      WatchResponse empty = stream.next();
      assertThat(empty.getWatchId()).isEqualTo(-1);
      assertThat(empty.getHeader().getRevision()).isEqualTo(now);

      stream.send(RawWatchStream.create("p1"));
      stream.send(RawWatchStream.create("p2"));
      stream.next();
      stream.next();
      put("p1", "x");
      assertThat(stream.next().getEventsCount()).isEqualTo(1);
      long later = put("unwatched", "2");
      stream.requestProgress();
      WatchResponse progress = stream.next();
      assertThat(progress.getWatchId()).isEqualTo(-1);
      assertThat(progress.getCreated() || progress.getCanceled()).isFalse();
      assertThat(progress.getEventsCount()).isZero();
      assertThat(progress.getHeader().getRevision()).isEqualTo(later);
    }
  }

  @Test
  void onlyProgressNotifyWatchesGetPeriodicNotifications() throws Exception {
    long now = put("idle-other", "1");
    try (RawWatchStream stream = new RawWatchStream(channel)) {
      stream.send(RawWatchStream.create("quiet"));
      stream.send(RawWatchStream.create("idle").setProgressNotify(true));
      assertThat(stream.next().getWatchId()).isZero();
      assertThat(stream.next().getWatchId()).isEqualTo(1);
      List<WatchResponse> seen = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (seen.size() < 3 && System.nanoTime() < deadline) {
        WatchResponse r = stream.poll(Duration.ofMillis(200));
        if (r != null) {
          seen.add(r);
        }
      }
      assertThat(seen).hasSizeGreaterThanOrEqualTo(3).allSatisfy(r -> {
        assertThat(r.getWatchId()).isEqualTo(1);
        assertThat(r.getEventsCount()).isZero();
        assertThat(r.getCreated() || r.getCanceled()).isFalse();
        assertThat(r.getHeader().getRevision()).isEqualTo(now);
      });
    }
  }

  @Test
  void aClientTooSlowToReadLosesItsWatchesButNoEvent() throws Exception {
    long start = put("unrelated", "x") + 1;
    String value = "v".repeat(8 * 1024);
    int puts = 0;
    long expected = start;
    try (RawWatchStream stream = new RawWatchStream(channel, 1)) {
      stream.send(RawWatchStream.createPrefix("big/").setStartRevision(start));
      assertThat(stream.next().getCreated()).isTrue();
      // Events the client does not read (8 KiB each), until the stream backs up past its limit; at
      // least 300 (~2.4 MB), at most 450, so one replay batch stays under a client's 4 MiB message cap.
      long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (puts < 450 && System.nanoTime() < until
          && (puts < 300 || etcd.server.watchService().shedStreams() == 0)) {
        put("big/" + puts++, value);
      }
      await().atMost(Duration.ofSeconds(30)).until(() -> etcd.server.watchService().shedStreams() == 1);
      stream.request(Integer.MAX_VALUE);
      WatchResponse r;
      for (r = stream.next(); !r.getCanceled(); r = stream.next()) {
        for (Event e : r.getEventsList()) {
          assertThat(e.getKv().getModRevision()).isEqualTo(expected++); // a gap-free prefix
        }
      }
      assertThat(r.getWatchId()).isZero();
      assertThat(r.getCancelReason()).contains("watch stream buffer overflow");
      assertThat(expected).isLessThan(start + puts);
    }
    // The client watches again from where it stopped, reading as it goes, and gets the rest.
    ManagedChannel reader = NettyChannelBuilder.forAddress(etcd.endpoint.getHost(), etcd.endpoint.getPort())
        .usePlaintext().build();
    try (RawWatchStream again = new RawWatchStream(reader)) {
      again.send(RawWatchStream.createPrefix("big/").setStartRevision(expected));
      assertThat(again.next().getCreated()).isTrue();
      while (expected < start + puts) {
        for (Event e : again.next().getEventsList()) {
          assertThat(e.getKv().getModRevision()).isEqualTo(expected++);
        }
      }
    } finally {
      reader.shutdownNow();
    }
  }

  @Test
  void halfClosingEndsTheStreamAfterWhatIsQueued() throws Exception {
    try (RawWatchStream stream = new RawWatchStream(channel)) {
      stream.send(RawWatchStream.create("hc"));
      assertThat(stream.next().getCreated()).isTrue();
      stream.halfClose();
      stream.ended.get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void closingTheServerEndsOpenStreamsPromptly() throws Exception {
    try (RawWatchStream stream = new RawWatchStream(channel)) {
      stream.send(RawWatchStream.create("sc"));
      assertThat(stream.next().getCreated()).isTrue();
      long began = System.nanoTime();
      etcd.server.close();
      assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(10));
      Throwable failure = catchThrowable(() -> stream.ended.get(30, TimeUnit.SECONDS));
      assertThat(Status.fromThrowable(failure).getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    }
  }
}
