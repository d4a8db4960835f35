package io.kube4j.kubelet.eviction;

import io.fabric8.kubernetes.api.model.Quantity;
import io.kube4j.kubelet.node.Quantities;

/**
 * A quantity as upstream's {@code Quantity.String()} prints it (its canonical form) for whole
 * numbers: a binary-suffixed one ("1024Ki") with the largest binary suffix that keeps it whole
 * ("1Mi"), or as a plain number below 1024; any other with the largest decimal suffix
 * ("1500000" → "1500k", "2000000" → "2M"), or an exponent when it was written with one ("1e6").
 * Fractions are rounded up to whole units first. Stateless.
 */
public final class QuantityText {

    private static final String[] DECIMAL = {"", "k", "M", "G", "T", "P", "E"};

    private QuantityText() {}

    public static String canonical(Quantity q) {
        return canonical(Quantities.value(q), q.getFormat());
    }

    /** {@code value} printed as a quantity written with {@code format}'s kind of suffix ("Mi", "k", "e3", ""). */
    public static String canonical(long value, String suffix) {
        String format = suffix == null ? "" : suffix;
        if (format.endsWith("i") && Math.abs(value) >= 1024) {
            return Quantities.binarySi(value);
        }
        if (value == 0) {
            return "0";
        }
        int exponent = 0;
        long mantissa = value;
        while (mantissa % 1000 == 0 && exponent < DECIMAL.length - 1) {
            mantissa /= 1000;
            exponent++;
        }
        if (format.startsWith("e") || format.startsWith("E")) {
            return exponent == 0 ? Long.toString(mantissa) : mantissa + "e" + (exponent * 3);
        }
        return mantissa + DECIMAL[exponent];
    }
}
