package io.kube4j.runtime;

/**
 * The label and annotation keys the kubelet puts on sandboxes and containers, upstream's (so that
 * what a node runs can be told apart after a restart, and read by people with the runtime's tools).
 * The runtime stores them and returns them as given; it gives them no meaning.
 */
public final class RuntimeLabels {

    public static final String POD_NAME = "io.kubernetes.pod.name";
    public static final String POD_NAMESPACE = "io.kubernetes.pod.namespace";
    public static final String POD_UID = "io.kubernetes.pod.uid";
    public static final String CONTAINER_NAME = "io.kubernetes.container.name";
    /** Annotation: the container spec's hash, to restart a container whose spec changed. */
    public static final String CONTAINER_HASH = "io.kubernetes.container.hash";
    /** Annotation: the restart count this container was created for. */
    public static final String CONTAINER_RESTART_COUNT = "io.kubernetes.container.restartCount";
    /** Annotation: where the container's termination message is written on the host. */
    public static final String TERMINATION_MESSAGE_PATH = "io.kubernetes.container.terminationMessagePath";
    /** Annotation: the container's terminationMessagePolicy (File or FallbackToLogsOnError). */
    public static final String TERMINATION_MESSAGE_POLICY = "io.kubernetes.container.terminationMessagePolicy";
    /** Annotation: the pod's deletion grace period, for a stop after a kubelet restart. */
    public static final String GRACE_PERIOD = "io.kubernetes.pod.terminationGracePeriod";
    /** Label: "true" on a container that is one of the pod's init containers. */
    public static final String INIT_CONTAINER = "io.kube4j.container.init";

    private RuntimeLabels() {}
}
