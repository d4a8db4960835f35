package io.kube4j.store.grpc;

import java.time.Duration;

/**
 * How the Watch service paces and bounds its streams.
 *
 * @param progressNotifyInterval how often an idle {@code progress_notify} watch gets a progress
 *     notification (etcd: {@code --experimental-watch-progress-notify-interval}, 10 minutes)
 * @param maxPendingBytesPerStream how many bytes of responses may wait for a slow client on one
 *     stream; past it, the stream's watches are cancelled (the client re-watches from where it was)
 *     rather than the server running out of memory
 */
public record WatchSettings(Duration progressNotifyInterval, long maxPendingBytesPerStream) {
  public static final Duration DEFAULT_PROGRESS_NOTIFY_INTERVAL = Duration.ofMinutes(10);
  public static final long DEFAULT_MAX_PENDING_BYTES_PER_STREAM = 64L * 1024 * 1024;

  public WatchSettings {
    if (progressNotifyInterval.isNegative() || progressNotifyInterval.isZero()) {
      throw new IllegalArgumentException("progressNotifyInterval must be positive: " + progressNotifyInterval);
    }
    if (maxPendingBytesPerStream <= 0) {
      throw new IllegalArgumentException("maxPendingBytesPerStream must be positive: " + maxPendingBytesPerStream);
    }
  }

  public static WatchSettings defaults() {
    return new WatchSettings(DEFAULT_PROGRESS_NOTIFY_INTERVAL, DEFAULT_MAX_PENDING_BYTES_PER_STREAM);
  }

  public WatchSettings withProgressNotifyInterval(Duration interval) {
    return new WatchSettings(interval, maxPendingBytesPerStream);
  }

  public WatchSettings withMaxPendingBytesPerStream(long bytes) {
    return new WatchSettings(progressNotifyInterval, bytes);
  }
}
