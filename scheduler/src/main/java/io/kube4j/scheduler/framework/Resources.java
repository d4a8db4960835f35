package io.kube4j.scheduler.framework;

import io.fabric8.kubernetes.api.model.Quantity;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.TreeMap;

/**
 * An amount of node resources as the scheduler counts them: milli-CPU, memory bytes,
 * ephemeral-storage bytes, a pod count, and scalar resources (extended resources such as
 * {@code example.com/gpu}, hugepages, attachable volumes) by name. Immutable and thread-safe.
 *
 * @param milliCpu         CPU in thousandths of a core
 * @param memory           bytes
 * @param ephemeralStorage bytes
 * @param pods             pod count (used for a node's allowed pods)
 * @param scalar           other countable resources by name, sorted by name; never null
 */
public record Resources(long milliCpu, long memory, long ephemeralStorage, long pods, Map<String, Long> scalar) {

    public static final String CPU = "cpu";
    public static final String MEMORY = "memory";
    public static final String EPHEMERAL_STORAGE = "ephemeral-storage";
    public static final String PODS = "pods";

    /** Nothing of anything. */
    public static final Resources ZERO = new Resources(0, 0, 0, 0, Map.of());

    public Resources {
        scalar = scalar == null || scalar.isEmpty() ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(scalar));
    }

    /**
     * Reads a Kubernetes resource list (requests, limits, allocatable, overhead). Quantities are
     * rounded up as upstream's MilliValue/Value do; names the scheduler does not count
     * (e.g. {@code storage}) are ignored.
     *
     * @throws ArithmeticException or IllegalArgumentException for a malformed quantity
     */
    public static Resources of(Map<String, Quantity> list) {
        if (list == null || list.isEmpty()) {
            return ZERO;
        }
        long cpu = 0, mem = 0, eph = 0, pods = 0;
        Map<String, Long> scalar = new TreeMap<>();
        for (var e : list.entrySet()) {
            String name = e.getKey();
            switch (name) {
                case CPU -> cpu = milliValue(e.getValue());
                case MEMORY -> mem = value(e.getValue());
                case EPHEMERAL_STORAGE -> eph = value(e.getValue());
                case PODS -> pods = value(e.getValue());
                default -> {
                    if (isScalarResourceName(name)) {
                        scalar.put(name, value(e.getValue()));
                    }
                }
            }
        }
        return new Resources(cpu, mem, eph, pods, scalar);
    }

    /** Shorthand for tests and callers: {@code of(Map.of("cpu", "2", "memory", "1Gi"))}. */
    public static Resources parse(Map<String, String> list) {
        Map<String, Quantity> quantities = new TreeMap<>();
        list.forEach((k, v) -> quantities.put(k, new Quantity(v)));
        return of(quantities);
    }

    /** A quantity in thousandths, rounded up (upstream's Quantity.MilliValue). */
    public static long milliValue(Quantity q) {
        return amount(q).movePointRight(3).setScale(0, RoundingMode.CEILING).longValueExact();
    }

    /** A quantity as a whole number, rounded up (upstream's Quantity.Value). */
    public static long value(Quantity q) {
        return amount(q).setScale(0, RoundingMode.CEILING).longValueExact();
    }

    private static BigDecimal amount(Quantity q) {
        return q.getNumericalAmount();
    }

    /**
     * Whether the scheduler counts {@code name} as a scalar resource: extended resources (a
     * domain-prefixed name outside kubernetes.io), hugepages, attachable volumes and
     * kubernetes.io-prefixed native resources.
     */
    public static boolean isScalarResourceName(String name) {
        return name.startsWith("hugepages-") || name.startsWith("attachable-volumes-") || isExtendedOrPrefixed(name);
    }

    /** Extended resource: has a domain prefix that is not kubernetes.io, and is not a quota "requests." name. */
    public static boolean isExtendedResourceName(String name) {
        int slash = name.indexOf('/');
        if (slash < 0 || name.startsWith("requests.")) {
            return false;
        }
        String domain = name.substring(0, slash);
        return !(domain.equals("kubernetes.io") || domain.endsWith(".kubernetes.io"));
    }

    private static boolean isExtendedOrPrefixed(String name) {
        return name.indexOf('/') > 0 && !name.startsWith("requests.");
    }

    /** The amount of scalar resource {@code name}, 0 when absent. */
    public long scalar(String name) {
        return scalar.getOrDefault(name, 0L);
    }

    /** The amount of any resource by its Kubernetes name, 0 when absent. */
    public long get(String name) {
        return switch (name) {
            case CPU -> milliCpu;
            case MEMORY -> memory;
            case EPHEMERAL_STORAGE -> ephemeralStorage;
            case PODS -> pods;
            default -> scalar(name);
        };
    }

    /** Element-wise sum. */
    public Resources plus(Resources o) {
        return new Resources(milliCpu + o.milliCpu, memory + o.memory, ephemeralStorage + o.ephemeralStorage,
                pods + o.pods, merge(scalar, o.scalar, 1));
    }

    /** Element-wise difference. */
    public Resources minus(Resources o) {
        return new Resources(milliCpu - o.milliCpu, memory - o.memory, ephemeralStorage - o.ephemeralStorage,
                pods - o.pods, merge(scalar, o.scalar, -1));
    }

    /** Element-wise maximum (how an init container's request competes with the rest). */
    public Resources max(Resources o) {
        Map<String, Long> m = new TreeMap<>(scalar);
        o.scalar.forEach((k, v) -> m.merge(k, v, Math::max));
        return new Resources(Math.max(milliCpu, o.milliCpu), Math.max(memory, o.memory),
                Math.max(ephemeralStorage, o.ephemeralStorage), Math.max(pods, o.pods), m);
    }

    /** True when every amount is zero. */
    public boolean isZero() {
        return milliCpu == 0 && memory == 0 && ephemeralStorage == 0 && pods == 0
                && scalar.values().stream().allMatch(v -> v == 0);
    }

    private static Map<String, Long> merge(Map<String, Long> a, Map<String, Long> b, int sign) {
        if (b.isEmpty()) {
            return a;
        }
        Map<String, Long> m = new TreeMap<>(a);
        b.forEach((k, v) -> m.merge(k, sign * v, Long::sum));
        return m;
    }
}
