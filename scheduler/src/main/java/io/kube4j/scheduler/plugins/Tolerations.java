package io.kube4j.scheduler.plugins;

import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/** Toleration matching as upstream's core/v1 helpers define it. Stateless. */
public final class Tolerations {

    private Tolerations() {
    }

    /**
     * Whether {@code t} tolerates {@code taint}: an empty effect or key in the toleration matches
     * any; operator Exists ignores the value; Equal (or empty) compares values.
     */
    public static boolean tolerates(Toleration t, Taint taint) {
        if (notEmpty(t.getEffect()) && !t.getEffect().equals(taint.getEffect())) {
            return false;
        }
        if (notEmpty(t.getKey()) && !t.getKey().equals(taint.getKey())) {
            return false;
        }
        String op = t.getOperator() == null ? "" : t.getOperator();
        return switch (op) {
            case "", "Equal" -> nullToEmpty(t.getValue()).equals(nullToEmpty(taint.getValue()));
            case "Exists" -> true;
            default -> false;
        };
    }

    /** Whether any of {@code tolerations} tolerates {@code taint}. */
    public static boolean anyTolerates(List<Toleration> tolerations, Taint taint) {
        if (tolerations == null) {
            return false;
        }
        for (Toleration t : tolerations) {
            if (tolerates(t, taint)) {
                return true;
            }
        }
        return false;
    }

    /** The first taint (in node order) accepted by {@code filter} that no toleration tolerates. */
    public static Optional<Taint> firstUntolerated(List<Taint> taints, List<Toleration> tolerations, Predicate<Taint> filter) {
        if (taints == null) {
            return Optional.empty();
        }
        for (Taint taint : taints) {
            if (filter.test(taint) && !anyTolerates(tolerations, taint)) {
                return Optional.of(taint);
            }
        }
        return Optional.empty();
    }

    static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    private static boolean notEmpty(String s) {
        return s != null && !s.isEmpty();
    }
}
