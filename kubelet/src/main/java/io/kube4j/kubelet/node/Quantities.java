package io.kube4j.kubelet.node;

import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Resource quantities in upstream's canonical text: bytes in binary SI with the largest suffix that
 * keeps the number whole ("100Mi", "24106Ki", "1536"), CPU as whole cores or millicores ("2",
 * "1900m"), counts as plain numbers. Stateless.
 */
public final class Quantities {

    private static final String[] BINARY = {"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};

    private Quantities() {}

    /** {@code bytes} as upstream prints a BinarySI quantity. */
    public static String binarySi(long bytes) {
        if (bytes == 0) {
            return "0";
        }
        int suffix = 0;
        long value = bytes;
        while (suffix < BINARY.length - 1 && value % 1024 == 0) {
            value /= 1024;
            suffix++;
        }
        return value + BINARY[suffix];
    }

    /** Millicores as upstream prints a DecimalSI CPU quantity. */
    public static String cpu(long millis) {
        return millis % 1000 == 0 ? Long.toString(millis / 1000) : millis + "m";
    }

    /** The quantity in its base unit (bytes, cores, count), rounded up to a whole number as upstream's Value(). */
    public static long value(Quantity quantity) {
        return Quantity.getAmountInBytes(quantity).setScale(0, RoundingMode.CEILING).longValueExact();
    }

    /** The quantity in thousandths of its unit (millicores), rounded up as upstream's MilliValue(). */
    public static long milliValue(Quantity quantity) {
        return Quantity.getAmountInBytes(quantity).multiply(BigDecimal.valueOf(1000)).setScale(0, RoundingMode.CEILING).longValueExact();
    }

    /** Parses "100Mi", "2", "500m", "1G" into its base unit (rounded up). */
    public static long value(String text) {
        return value(new Quantity(text));
    }
}
