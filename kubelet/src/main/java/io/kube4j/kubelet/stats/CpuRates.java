package io.kube4j.kubelet.stats;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns cumulative CPU time into a rate ({@code usageNanoCores}: nanoseconds of CPU per second of
 * wall time, i.e. billionths of a core) from the previous sample of the same key, as cAdvisor does
 * between its housekeeping samples. The first sample of a key has no rate. Keys not seen for a
 * while are forgotten on {@link #retain}. Thread-safe.
 */
public final class CpuRates {

    private record Sample(long wallNanos, long cpuNanos) {}

    private final Map<String, Sample> previous = new ConcurrentHashMap<>();

    /**
     * Records a sample and returns the rate since the key's previous sample, or null when there
     * is none (or the counter went backwards: a new container under an old key).
     */
    public Long rate(String key, long wallNanos, long cpuNanos) {
        Sample before = previous.put(key, new Sample(wallNanos, cpuNanos));
        if (before == null || wallNanos <= before.wallNanos() || cpuNanos < before.cpuNanos()) {
            return null;
        }
        double perSecond = (double) (cpuNanos - before.cpuNanos()) / (wallNanos - before.wallNanos());
        return Math.round(perSecond * 1_000_000_000L);
    }

    /** Forgets every key not in {@code live}. */
    public void retain(java.util.Set<String> live) {
        previous.keySet().retainAll(live);
    }
}
