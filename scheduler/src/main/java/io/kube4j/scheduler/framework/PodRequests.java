package io.kube4j.scheduler.framework;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;

import java.util.List;
import java.util.Map;

/**
 * A pod's effective resource request as the scheduler counts it (upstream's PodRequests).
 *
 * <ul>
 *   <li>Regular containers add up.</li>
 *   <li>Sidecars (init containers with {@code restartPolicy: Always}) run alongside everything
 *       that starts after them, so they add to the sum too.</li>
 *   <li>A regular init container runs alone, next to the sidecars started before it: the pod needs
 *       the maximum of (that init container + earlier sidecars) and the steady-state sum.</li>
 *   <li>{@code spec.overhead} is added on top.</li>
 * </ul>
 *
 * <p>The "non-zero" variant, used for scoring only, counts a container that names no CPU request
 * as 100m and one that names no memory request as 200 MiB, so that request-less pods still
 * spread out. Stateless and thread-safe.
 */
public final class PodRequests {

    /** CPU counted for a container that names no CPU request, when scoring. */
    public static final long DEFAULT_MILLI_CPU_REQUEST = 100;
    /** Memory counted for a container that names no memory request, when scoring. */
    public static final long DEFAULT_MEMORY_REQUEST = 200L * 1024 * 1024;

    private PodRequests() {
    }

    /** The pod's effective request (for filtering and for NodeInfo.requested). */
    public static Resources of(Pod pod) {
        return compute(pod, false);
    }

    /** The effective request with the scoring defaults for missing CPU/memory requests. */
    public static Resources nonZero(Pod pod) {
        return compute(pod, true);
    }

    /**
     * {@link #of(Pod)}, computed once per scheduling cycle: Score plugins ask for every feasible
     * node, and parsing the quantities each time dominated the scoring cost. Memoised in
     * {@code state} for this pod object (another pod in the same state is recomputed).
     */
    public static Resources of(CycleState state, Pod pod) {
        return memo(state, MEMO_KEY, pod, false);
    }

    /** {@link #nonZero(Pod)}, computed once per scheduling cycle (as {@link #of(CycleState, Pod)}). */
    public static Resources nonZero(CycleState state, Pod pod) {
        return memo(state, NON_ZERO_MEMO_KEY, pod, true);
    }

    private static final String MEMO_KEY = "kube4j.io/PodRequests";
    private static final String NON_ZERO_MEMO_KEY = "kube4j.io/PodRequests.nonZero";

    private record Memo(Pod pod, Resources request) {
    }

    private static Resources memo(CycleState state, String key, Pod pod, boolean nonZero) {
        if (state.contains(key)) {
            Memo m = state.read(key, Memo.class);
            if (m.pod() == pod) {
                return m.request();
            }
        }
        Resources r = compute(pod, nonZero);
        // Concurrent scorers may both compute; either result is the same value.
        state.write(key, new Memo(pod, r));
        return r;
    }

    private static Resources compute(Pod pod, boolean nonZero) {
        var spec = pod.getSpec();
        if (spec == null) {
            return Resources.ZERO;
        }
        Resources sum = Resources.ZERO;
        for (Container c : nullSafe(spec.getContainers())) {
            sum = sum.plus(containerRequest(c, nonZero));
        }
        Resources sidecars = Resources.ZERO;
        Resources initPeak = Resources.ZERO;
        for (Container c : nullSafe(spec.getInitContainers())) {
            Resources request = containerRequest(c, nonZero);
            Resources whileRunning;
            if ("Always".equals(c.getRestartPolicy())) {
                sum = sum.plus(request);
                sidecars = sidecars.plus(request);
                whileRunning = sidecars;
            } else {
                whileRunning = request.plus(sidecars);
            }
            initPeak = initPeak.max(whileRunning);
        }
        Resources effective = sum.max(initPeak);
        Map<String, Quantity> overhead = spec.getOverhead();
        if (overhead != null && !overhead.isEmpty()) {
            effective = effective.plus(Resources.of(overhead));
        }
        return effective;
    }

    private static Resources containerRequest(Container c, boolean nonZero) {
        Map<String, Quantity> requests = c.getResources() == null ? null : c.getResources().getRequests();
        Resources r = Resources.of(requests);
        if (!nonZero) {
            return r;
        }
        boolean hasCpu = requests != null && requests.containsKey(Resources.CPU);
        boolean hasMemory = requests != null && requests.containsKey(Resources.MEMORY);
        if (hasCpu && hasMemory) {
            return r;
        }
        return new Resources(hasCpu ? r.milliCpu() : DEFAULT_MILLI_CPU_REQUEST,
                hasMemory ? r.memory() : DEFAULT_MEMORY_REQUEST, r.ephemeralStorage(), r.pods(), r.scalar());
    }

    private static <T> List<T> nullSafe(List<T> list) {
        return list == null ? List.of() : list;
    }
}
