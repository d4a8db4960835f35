package io.kube4j.kubelet.eviction;

import java.util.Arrays;

/** The eviction signals this kubelet observes (upstream's names), and the node condition each feeds. */
public enum Signal {
    MEMORY_AVAILABLE("memory.available", "MemoryPressure", "memory"),
    NODEFS_AVAILABLE("nodefs.available", "DiskPressure", "ephemeral-storage"),
    NODEFS_INODES_FREE("nodefs.inodesFree", "DiskPressure", "inodes"),
    IMAGEFS_AVAILABLE("imagefs.available", "DiskPressure", "ephemeral-storage"),
    PID_AVAILABLE("pid.available", "PIDPressure", "pids");

    private final String text;
    private final String condition;
    private final String resource;

    Signal(String text, String condition, String resource) {
        this.text = text;
        this.condition = condition;
        this.resource = resource;
    }

    /** As written in --eviction-hard ("memory.available"). */
    public String text() {
        return text;
    }

    /** The node condition a met threshold of this signal sets ("MemoryPressure", "DiskPressure", "PIDPressure"). */
    public String condition() {
        return condition;
    }

    /** The resource upstream names in eviction messages ("memory", "ephemeral-storage"...). */
    public String resource() {
        return resource;
    }

    /** @throws IllegalArgumentException for a signal this kubelet does not know */
    public static Signal of(String text) {
        return Arrays.stream(values()).filter(s -> s.text.equals(text)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown eviction signal " + text));
    }
}
