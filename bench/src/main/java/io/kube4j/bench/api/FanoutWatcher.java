package io.kube4j.bench.api;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * One watch of the fan-out, fed the lines of its stream: counts the MODIFIED events it receives and
 * counts down {@code done} when it has seen {@code expected} of them. Lines of any other type (an
 * ERROR Status, an unexpected ADDED) are kept as the first surprise, for the report.
 *
 * <p>Thread-safe: the HTTP client delivers lines from its own threads; the tallies are shared by
 * every watcher of a fan-out.
 */
final class FanoutWatcher implements Flow.Subscriber<String> {
  /** The tallies shared by every watcher of one fan-out. */
  static final class Tally {
    final LongAdder delivered = new LongAdder();
    final AtomicLong lastDeliveryNanos = new AtomicLong();
    final AtomicReference<String> surprise = new AtomicReference<>();
    final CountDownLatch done;

    Tally(int watchers) {
      done = new CountDownLatch(watchers);
    }
  }

  private final Tally tally;
  private final int expected;
  private int seen; // only the delivering thread of this stream touches it (Flow: onNext calls are serial)
  private volatile Flow.Subscription subscription;

  FanoutWatcher(Tally tally, int expected) {
    this.tally = tally;
    this.expected = expected;
  }

  @Override
  public void onSubscribe(Flow.Subscription subscription) {
    this.subscription = subscription;
    subscription.request(Long.MAX_VALUE);
  }

  @Override
  public void onNext(String line) {
    if (line.isBlank()) {
      return;
    }
    if (!line.startsWith("{\"type\":\"MODIFIED\"")) {
      tally.surprise.compareAndSet(null, line.substring(0, Math.min(300, line.length())));
      return;
    }
    tally.delivered.increment();
    if (++seen == expected) {
      tally.lastDeliveryNanos.accumulateAndGet(System.nanoTime(), Math::max);
      tally.done.countDown();
    }
  }

  @Override
  public void onError(Throwable throwable) {
    // a closed connection at the end of the fan-out; an early one shows as a watcher never done
  }

  @Override
  public void onComplete() {
    // the server ended the watch; as above
  }

  void cancel() {
    Flow.Subscription s = subscription;
    if (s != null) {
      s.cancel();
    }
  }
}
