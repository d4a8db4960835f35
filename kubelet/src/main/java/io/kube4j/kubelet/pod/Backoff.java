package io.kube4j.kubelet.pod;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;

/**
 * Per-key exponential back-off (upstream's flowcontrol.Backoff, as the kubelet uses it for
 * CrashLoopBackOff and ImagePullBackOff): the first {@link #next} waits {@code initial}, each
 * following one doubles up to {@code max}; an entry whose event comes more than twice {@code max}
 * after its last update starts over (so a container that ran 10 minutes with the 5-minute cap
 * restarts at 10 s again).
 *
 * <p>Thread-safe (synchronized; calls are short).
 */
public final class Backoff {

    private final InstantSource clock;
    private final Duration initial;
    private final Duration max;
    private final Map<String, Entry> entries = new HashMap<>();

    public Backoff(InstantSource clock, Duration initial, Duration max) {
        this.clock = clock;
        this.initial = initial;
        this.max = max;
    }

    private record Entry(Duration backoff, Instant lastUpdate) {}

    /** Records an event at {@code eventTime} for {@code key}: sets (or doubles) its back-off from now. */
    public synchronized void next(String key, Instant eventTime) {
        Entry e = entries.get(key);
        Duration backoff;
        if (e == null || expired(eventTime, e.lastUpdate)) {
            backoff = initial;
        } else {
            Duration doubled = e.backoff.multipliedBy(2);
            backoff = doubled.compareTo(max) > 0 ? max : doubled;
        }
        entries.put(key, new Entry(backoff, clock.instant()));
    }

    /** Whether less than the key's back-off has passed since {@code eventTime} (and the entry has not expired). */
    public synchronized boolean inBackoffSince(String key, Instant eventTime) {
        Entry e = entries.get(key);
        if (e == null || expired(eventTime, e.lastUpdate)) {
            return false;
        }
        return Duration.between(eventTime, clock.instant()).compareTo(e.backoff) < 0;
    }

    /** Whether less than the key's back-off has passed since its last update. */
    public synchronized boolean inBackoffSinceUpdate(String key) {
        Entry e = entries.get(key);
        if (e == null || expired(clock.instant(), e.lastUpdate)) {
            return false;
        }
        return Duration.between(e.lastUpdate, clock.instant()).compareTo(e.backoff) < 0;
    }

    /** The key's current back-off, zero if it has none. */
    public synchronized Duration get(String key) {
        Entry e = entries.get(key);
        return e == null ? Duration.ZERO : e.backoff;
    }

    /** How long until the back-off counted from {@code since} ends (zero if it has). */
    public synchronized Duration remaining(String key, Instant since) {
        Entry e = entries.get(key);
        if (e == null) {
            return Duration.ZERO;
        }
        Duration left = e.backoff.minus(Duration.between(since, clock.instant()));
        return left.isNegative() ? Duration.ZERO : left;
    }

    /** Forgets keys starting with {@code prefix} (a pod that is gone). */
    public synchronized void forgetPrefix(String prefix) {
        entries.keySet().removeIf(k -> k.startsWith(prefix));
    }

    private boolean expired(Instant eventTime, Instant lastUpdate) {
        return Duration.between(lastUpdate, eventTime).compareTo(max.multipliedBy(2)) > 0;
    }

    /** A duration as Go prints it ("10s", "1m20s", "5m0s"), as upstream's messages show back-offs. */
    public static String goDuration(Duration d) {
        long totalMillis = d.toMillis();
        if (totalMillis == 0) {
            return "0s";
        }
        long hours = d.toHours();
        long minutes = d.toMinutesPart();
        long seconds = d.toSecondsPart();
        int millis = d.toMillisPart();
        String secs = millis == 0 ? seconds + "s" : String.format("%d.%03ds", seconds, millis).replaceAll("0+s$", "s");
        if (hours > 0) {
            return hours + "h" + minutes + "m" + secs;
        }
        if (minutes > 0) {
            return minutes + "m" + secs;
        }
        return secs;
    }
}
