package io.kube4j.store.raft;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * etcd's automatic compaction policies, as pure decisions: fed the clock and the store revision at
 * every tick, a policy answers which revision to compact to, if any. The caller (the leader's loop)
 * proposes the compaction.
 *
 * <ul>
 *   <li>{@code periodic}: keeps roughly {@code retention} of history. Samples the revision every
 *       tenth of the retention (at most every 6 minutes) and, at most once per retention (or hour),
 *       compacts to the newest sample that is at least {@code retention} old.
 *   <li>{@code revision}: every check interval (etcd: 5 minutes), compacts to
 *       {@code current - retention} when that moved since the last compaction.
 * </ul>
 *
 * <p>Not thread-safe: one loop owns a policy.
 */
abstract sealed class AutoCompaction {
  private static final Duration HOUR = Duration.ofHours(1);
  private static final Pattern GO_DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");

  /** How often {@link #tick} should run. */
  abstract Duration interval();

  /** The revision to compact to now, if any. */
  abstract OptionalLong tick(long nowNanos, long currentRevision);

  /**
   * Parses etcd's flags. Retention "0" (or empty) disables; periodic takes a Go duration ("1h",
   * "30m", "1h30m") or a plain number of hours; revision takes a count of revisions.
   *
   * @throws IllegalArgumentException for an unknown mode or a malformed retention
   */
  static AutoCompaction parse(String mode, String retention, Duration revisionCheckInterval) {
    String r = retention == null ? "" : retention.trim();
    if (r.isEmpty() || r.equals("0")) {
      return new Disabled();
    }
    String m = mode == null || mode.isBlank() ? "periodic" : mode.trim();
    return switch (m) {
      case "periodic" -> {
        Duration period = parsePeriod(r);
        yield period.isZero() ? new Disabled() : new Periodic(period);
      }
      case "revision" -> {
        long keep;
        try {
          keep = Long.parseLong(r);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("--auto-compaction-retention: '" + r + "' is not a revision count");
        }
        if (keep < 0) {
          throw new IllegalArgumentException("--auto-compaction-retention: negative revision count " + keep);
        }
        yield keep == 0 ? new Disabled() : new Revision(keep, revisionCheckInterval);
      }
      default -> throw new IllegalArgumentException(
          "--auto-compaction-mode: expected periodic or revision, got '" + m + "'");
    };
  }

  static Duration parsePeriod(String text) {
    if (text.matches("\\d+")) {
      return Duration.ofHours(Long.parseLong(text)); // etcd: a bare number means hours
    }
    Matcher matcher = GO_DURATION.matcher(text);
    long nanos = 0;
    int end = 0;
    while (matcher.find() && matcher.start() == end) {
      double amount = Double.parseDouble(matcher.group(1));
      long unit = switch (matcher.group(2)) {
        case "ns" -> 1L;
        case "us", "µs" -> 1_000L;
        case "ms" -> 1_000_000L;
        case "s" -> 1_000_000_000L;
        case "m" -> 60_000_000_000L;
        default -> 3_600_000_000_000L;
      };
      nanos += (long) (amount * unit);
      end = matcher.end();
    }
    if (end != text.length() || end == 0) {
      throw new IllegalArgumentException("--auto-compaction-retention: '" + text + "' is not a duration");
    }
    return Duration.ofNanos(nanos);
  }

  static final class Disabled extends AutoCompaction {
    @Override
    Duration interval() {
      return Duration.ofMinutes(5);
    }

    @Override
    OptionalLong tick(long nowNanos, long currentRevision) {
      return OptionalLong.empty();
    }
  }

  static final class Periodic extends AutoCompaction {
    private final long periodNanos;
    private final long compactEveryNanos;
    private final Duration interval;
    /** {time, revision} samples, oldest first; the first is the newest one at least a period old. */
    private final Deque<long[]> samples = new ArrayDeque<>();
    private long lastCompactionNanos;
    private boolean started;

    Periodic(Duration period) {
      this.periodNanos = period.toNanos();
      Duration capped = period.compareTo(HOUR) > 0 ? HOUR : period;
      this.compactEveryNanos = capped.toNanos();
      this.interval = capped.dividedBy(10).isZero() ? Duration.ofMillis(1) : capped.dividedBy(10);
    }

    Duration period() {
      return Duration.ofNanos(periodNanos);
    }

    @Override
    Duration interval() {
      return interval;
    }

    @Override
    OptionalLong tick(long nowNanos, long currentRevision) {
      if (!started) {
        started = true;
        lastCompactionNanos = nowNanos;
      }
      samples.addLast(new long[] {nowNanos, currentRevision});
      while (samples.size() >= 2 && nowNanos - second()[0] >= periodNanos) {
        samples.removeFirst();
      }
      long[] oldest = samples.getFirst();
      if (nowNanos - lastCompactionNanos < compactEveryNanos || nowNanos - oldest[0] < periodNanos) {
        return OptionalLong.empty();
      }
      lastCompactionNanos = nowNanos;
      return oldest[1] > 0 ? OptionalLong.of(oldest[1]) : OptionalLong.empty();
    }

    private long[] second() {
      var it = samples.iterator();
      it.next();
      return it.next();
    }
  }

  static final class Revision extends AutoCompaction {
    private final long keep;
    private final Duration interval;
    private long lastCompacted;

    Revision(long keep, Duration interval) {
      this.keep = keep;
      this.interval = interval;
    }

    long keep() {
      return keep;
    }

    @Override
    Duration interval() {
      return interval;
    }

    @Override
    OptionalLong tick(long nowNanos, long currentRevision) {
      long target = currentRevision - keep;
      if (target <= 0 || target == lastCompacted) {
        return OptionalLong.empty();
      }
      lastCompacted = target;
      return OptionalLong.of(target);
    }
  }
}
