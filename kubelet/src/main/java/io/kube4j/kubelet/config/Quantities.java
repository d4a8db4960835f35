package io.kube4j.kubelet.config;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.Map;

/** Resource quantities as upstream reads them (MilliValue and Value round up). Stateless. */
public final class Quantities {

    private Quantities() {}

    /** The quantity in thousandths, rounded up; 0 for null. */
    public static long milliValue(Quantity q) {
        return q == null ? 0 : q.getNumericalAmount().movePointRight(3).setScale(0, RoundingMode.CEILING).longValueExact();
    }

    /** The quantity as a whole number, rounded up; 0 for null. */
    public static long value(Quantity q) {
        return q == null ? 0 : q.getNumericalAmount().setScale(0, RoundingMode.CEILING).longValueExact();
    }

    static boolean positive(Quantity q) {
        return q != null && q.getNumericalAmount().compareTo(BigDecimal.ZERO) > 0;
    }

    /** The container's limits. */
    public static Map<String, Quantity> limits(Container c) {
        ResourceRequirements r = c.getResources();
        return r == null || r.getLimits() == null ? Map.of() : r.getLimits();
    }

    /**
     * The container's requests with the apiserver's defaulting applied: a resource with a limit and
     * no request requests its limit.
     */
    public static Map<String, Quantity> requests(Container c) {
        ResourceRequirements r = c.getResources();
        Map<String, Quantity> out = new LinkedHashMap<>();
        if (r != null && r.getRequests() != null) {
            out.putAll(r.getRequests());
        }
        limits(c).forEach(out::putIfAbsent);
        return out;
    }
}
