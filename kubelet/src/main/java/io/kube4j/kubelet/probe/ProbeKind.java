package io.kube4j.kubelet.probe;

/** The three probes a container may have; {@link #label()} is how upstream names them in events. */
public enum ProbeKind {
    LIVENESS("Liveness"),
    READINESS("Readiness"),
    STARTUP("Startup");

    private final String label;

    ProbeKind(String label) {
        this.label = label;
    }

    /** "Liveness", "Readiness" or "Startup", as in "Liveness probe failed: ...". */
    public String label() {
        return label;
    }
}
