package io.kube4j.kubelet.status;

/**
 * Why the last sync could not run a container (upstream's sync result reasons, shown as the
 * container's waiting state): CrashLoopBackOff, ErrImagePull, ImagePullBackOff, ErrImageNeverPull,
 * CreateContainerConfigError, CreateContainerError, RunContainerError, PostStartHookError...
 */
public record ContainerWaiting(String reason, String message) {}
