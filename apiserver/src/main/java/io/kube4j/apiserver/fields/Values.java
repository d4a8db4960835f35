package io.kube4j.apiserver.fields;

import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.util.List;

/** Small null-safe readers shared by the field sets. Stateless, thread-safe. */
final class Values {

    private Values() {
    }

    /** The string, or empty for null (Go's zero value). */
    static String str(String s) {
        return s == null ? "" : s;
    }

    /** The integer as decimal text, 0 for null. */
    static String num(Integer i) {
        return String.valueOf(i == null ? 0 : i);
    }

    /**
     * The pod's primary IP as upstream's internal form has it: {@code status.podIP} when set
     * (it wins over a disagreeing {@code podIPs}), else the first of {@code podIPs}.
     */
    static String primaryPodIP(PodStatus status) {
        if (status.getPodIP() != null && !status.getPodIP().isEmpty()) {
            return status.getPodIP();
        }
        List<PodIP> ips = status.getPodIPs();
        return ips == null || ips.isEmpty() ? "" : str(ips.getFirst().getIp());
    }
}
