package io.kube4j.kubelet.node;

import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Map;
import java.util.TreeMap;

/**
 * A node's capacity and allocatable, computed as upstream's MachineInfo setter and container
 * manager do: capacity from the machine (cpu, memory, ephemeral-storage of the kubelet's root
 * filesystem, pods, each huge page pool), with any configured override; allocatable = capacity −
 * system-reserved − kube-reserved − the hard eviction thresholds that reserve a resource
 * ({@code memory.available} reserves memory, {@code nodefs.available} reserves ephemeral-storage,
 * a percentage taken of the capacity), never below zero, and memory less every huge page pool.
 *
 * @param capacity resource name → canonical quantity
 * @param allocatable resource name → canonical quantity
 */
public record NodeResources(Map<String, Quantity> capacity, Map<String, Quantity> allocatable) {

    public NodeResources {
        capacity = Map.copyOf(capacity);
        allocatable = Map.copyOf(allocatable);
    }

    /**
     * @param overrides resource name → quantity text, replacing what the machine says (e.g. "cpu" → "4")
     * @param systemReserved resource name → quantity text (--system-reserved)
     * @param kubeReserved resource name → quantity text (--kube-reserved)
     * @param evictionHard signal → threshold text ("memory.available" → "100Mi", "nodefs.available" → "10%")
     * @throws IllegalArgumentException if a quantity does not parse
     */
    public static NodeResources compute(
            MachineInfo machine,
            long ephemeralStorageBytes,
            int maxPods,
            Map<String, String> overrides,
            Map<String, String> systemReserved,
            Map<String, String> kubeReserved,
            Map<String, String> evictionHard) {
        Map<String, Long> cap = new TreeMap<>();
        cap.put("cpu", machine.cpus() * 1000L);
        cap.put("memory", machine.memoryBytes());
        cap.put("ephemeral-storage", ephemeralStorageBytes);
        cap.put("pods", (long) maxPods);
        machine.hugePages().forEach((size, bytes) -> cap.put("hugepages-" + size, bytes));
        overrides.forEach((name, text) -> cap.put(name, base(name, text)));

        Map<String, Long> reserved = new TreeMap<>();
        systemReserved.forEach((name, text) -> reserved.merge(name, base(name, text), Long::sum));
        kubeReserved.forEach((name, text) -> reserved.merge(name, base(name, text), Long::sum));
        String memoryThreshold = evictionHard.get("memory.available");
        if (memoryThreshold != null) {
            reserved.merge("memory", thresholdBytes(memoryThreshold, cap.getOrDefault("memory", 0L)), Long::sum);
        }
        String nodefsThreshold = evictionHard.get("nodefs.available");
        if (nodefsThreshold != null) {
            reserved.merge("ephemeral-storage", thresholdBytes(nodefsThreshold, cap.getOrDefault("ephemeral-storage", 0L)), Long::sum);
        }

        Map<String, Long> alloc = new TreeMap<>();
        cap.forEach((name, value) -> alloc.put(name, Math.max(0, value - reserved.getOrDefault(name, 0L))));
        cap.forEach((name, value) -> {
            if (name.startsWith("hugepages-")) {
                alloc.put("memory", Math.max(0, alloc.getOrDefault("memory", 0L) - value));
            }
        });
        return new NodeResources(render(cap), render(alloc));
    }

    /**
     * An eviction threshold's quantity: an absolute amount ("100Mi") or a percentage of capacity
     * ("10%", rounded down as upstream's float arithmetic truncates).
     */
    public static long thresholdBytes(String threshold, long capacity) {
        String t = threshold.trim();
        if (t.endsWith("%")) {
            double percent = Double.parseDouble(t.substring(0, t.length() - 1));
            return (long) (capacity * (percent / 100.0));
        }
        return Quantities.value(t);
    }

    /** CPU in millicores, everything else in its base unit. */
    private static long base(String name, String text) {
        Quantity q = new Quantity(text);
        return name.equals("cpu") ? Quantities.milliValue(q) : Quantities.value(q);
    }

    private static Map<String, Quantity> render(Map<String, Long> values) {
        Map<String, Quantity> out = new TreeMap<>();
        values.forEach((name, value) -> out.put(name, new Quantity(format(name, value))));
        return out;
    }

    private static String format(String name, long value) {
        if (name.equals("cpu")) {
            return Quantities.cpu(value);
        }
        if (name.equals("memory") || name.equals("ephemeral-storage") || name.startsWith("hugepages-")) {
            return Quantities.binarySi(value);
        }
        return Long.toString(value);
    }
}
