package io.kube4j.controllers.nodelifecycle;

import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Whether tolerations tolerate taints (upstream's ToleratesTaint and GetMatchingTolerations). Stateless. */
final class Tolerations {

    /** The outcome of matching: whether every taint is tolerated, and the toleration used for each. */
    record Match(boolean allTolerated, List<Toleration> used) {
    }

    private Tolerations() {
    }

    static boolean tolerates(Toleration t, Taint taint) {
        if (t.getEffect() != null && !t.getEffect().isEmpty() && !t.getEffect().equals(taint.getEffect())) {
            return false;
        }
        String key = t.getKey() == null ? "" : t.getKey();
        String op = t.getOperator() == null || t.getOperator().isEmpty() ? "Equal" : t.getOperator();
        if (!key.isEmpty() && !key.equals(taint.getKey())) {
            return false;
        }
        if (key.isEmpty() && !op.equals("Exists")) {
            return false;
        }
        return switch (op) {
            case "Exists" -> true;
            case "Equal" -> Objects.equals(t.getValue() == null ? "" : t.getValue(), taint.getValue() == null ? "" : taint.getValue());
            default -> false;
        };
    }

    /** For each taint the first toleration that tolerates it; not all tolerated when one has none. */
    static Match matching(List<Taint> taints, List<Toleration> tolerations) {
        List<Toleration> used = new ArrayList<>();
        List<Toleration> given = tolerations == null ? List.of() : tolerations;
        for (Taint taint : taints) {
            Toleration found = given.stream().filter(t -> tolerates(t, taint)).findFirst().orElse(null);
            if (found == null) {
                return new Match(false, List.of());
            }
            used.add(found);
        }
        return new Match(true, used);
    }

    /**
     * Upstream's getMinTolerationTime: the smallest tolerationSeconds of {@code used} (0 when one is
     * zero or negative, or when none were used), or null when every one tolerates forever.
     */
    static Duration minTolerationTime(List<Toleration> used) {
        if (used.isEmpty()) {
            return Duration.ZERO;
        }
        Long min = null;
        for (Toleration t : used) {
            Long s = t.getTolerationSeconds();
            if (s != null) {
                if (s <= 0) {
                    return Duration.ZERO;
                }
                min = min == null ? s : Math.min(min, s);
            }
        }
        return min == null ? null : Duration.ofSeconds(min);
    }
}
