package io.kube4j.kubelet.eviction;

import io.kube4j.kubelet.node.NodeResources;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A hard eviction threshold: the signal is met when what is available falls below the quantity
 * ({@code memory.available<100Mi}) or below a percentage of capacity ({@code nodefs.available<10%}).
 *
 * @param quantity "100Mi" or "10%" (as written after the "&lt;")
 */
public record Threshold(Signal signal, String quantity) {

    /** Upstream's default hard thresholds on Linux (imagefs.inodesFree is not observed here). */
    public static final List<Threshold> DEFAULT_HARD = List.of(
            new Threshold(Signal.MEMORY_AVAILABLE, "100Mi"),
            new Threshold(Signal.NODEFS_AVAILABLE, "10%"),
            new Threshold(Signal.NODEFS_INODES_FREE, "5%"),
            new Threshold(Signal.IMAGEFS_AVAILABLE, "15%"));

    public Threshold {
        NodeResources.thresholdBytes(quantity, 100); // fails early on a malformed quantity
    }

    /** The threshold's amount for a resource of {@code capacity} (a percentage is taken of it, rounded down). */
    public long amount(long capacity) {
        return NodeResources.thresholdBytes(quantity, capacity);
    }

    /** Whether {@code observation} meets (is below) this threshold. */
    public boolean met(Observation observation) {
        return observation.available() < amount(observation.capacity());
    }

    /** Parses one "signal&lt;quantity" (the operator is always "&lt;", as upstream's). */
    public static Threshold parse(String text) {
        int lt = text.indexOf('<');
        if (lt <= 0) {
            throw new IllegalArgumentException("eviction threshold " + text + " must be SIGNAL<QUANTITY");
        }
        return new Threshold(Signal.of(text.substring(0, lt).trim()), text.substring(lt + 1).trim());
    }

    /** Parses a --eviction-hard map (signal → quantity). */
    public static List<Threshold> fromMap(Map<String, String> map) {
        List<Threshold> out = new ArrayList<>();
        map.forEach((signal, quantity) -> out.add(new Threshold(Signal.of(signal), quantity)));
        return out;
    }
}
