package io.kube4j.kubelet.pod;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.kube4j.kubelet.config.ContainerConfigException;
import io.kube4j.kubelet.config.NonRootPolicy;
import io.kube4j.kubelet.config.RuntimeConfigs;
import io.kube4j.kubelet.events.KubeletEvents;
import io.kube4j.kubelet.status.ContainerWaiting;
import io.kube4j.kubelet.status.RuntimePod;
import io.kube4j.kubelet.volume.PodVolumes;
import io.kube4j.runtime.ContainerConfig;
import io.kube4j.runtime.ContainerRuntime;
import io.kube4j.runtime.ContainerState;
import io.kube4j.runtime.ContainerStatus;
import io.kube4j.runtime.RuntimeFailure;
import io.kube4j.runtime.RuntimeLabels;
import io.kube4j.runtime.SandboxStatus;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Starts one container instance in a pod's sandbox (upstream's startContainer with doBackOff):
 * the CrashLoopBackOff check against its last exit, the image, its config from
 * {@link RuntimeConfigs}, create, start, and the postStart hook; each failure becomes the
 * container's waiting reason and upstream's event. Thread-safe (the back-off is shared).
 */
final class ContainerStarter {

    private final ContainerRuntime runtime;
    private final RuntimeConfigs configs;
    private final ImagePuller puller;
    private final Hooks hooks;
    private final Backoff crashBackoff;
    private final KubeletEvents events;
    private final PodKiller killer;

    ContainerStarter(ContainerRuntime runtime, RuntimeConfigs configs, ImagePuller puller, Hooks hooks, Backoff crashBackoff,
            KubeletEvents events, PodKiller killer) {
        this.runtime = runtime;
        this.configs = configs;
        this.puller = puller;
        this.hooks = hooks;
        this.crashBackoff = crashBackoff;
        this.events = events;
        this.killer = killer;
    }

    /**
     * The result of one start: {@code waiting} null when it runs (or ran: a fast exit is seen by
     * the next relist); {@code retryIn} when the worker should look again (the back-off's end).
     */
    record Outcome(ContainerWaiting waiting, Duration retryIn) {
        static final Outcome STARTED = new Outcome(null, null);
    }

    Outcome start(Pod pod, Container spec, boolean init, SandboxStatus sandbox, RuntimePod runtimePod, PodVolumes volumes) {
        String fieldPath = PodNames.fieldPath(pod, spec);
        Optional<ContainerStatus> latest = runtimePod.latest(spec.getName());
        String backoffKey = backoffKey(pod, spec);
        if (latest.isPresent() && latest.get().state() instanceof ContainerState.Exited exited) {
            if (crashBackoff.inBackoffSince(backoffKey, exited.finishedAt())) {
                events.pod(pod, fieldPath, "Warning", "BackOff",
                        "Back-off restarting failed container " + spec.getName() + " in pod " + PodNames.format(pod));
                String message = "back-off " + Backoff.goDuration(crashBackoff.get(backoffKey)) + " restarting failed container="
                        + spec.getName() + " pod=" + PodNames.format(pod);
                return new Outcome(new ContainerWaiting("CrashLoopBackOff", message),
                        crashBackoff.remaining(backoffKey, exited.finishedAt()));
            }
            crashBackoff.next(backoffKey, exited.finishedAt());
        }

        ImagePuller.Result image = puller.ensure(pod, spec, fieldPath);
        if (image instanceof ImagePuller.Waiting(ContainerWaiting w)) {
            Duration retry = puller.retryIn(pod, spec);
            return new Outcome(w, retry.isZero() ? null : retry);
        }
        int restartCount = latest.map(c -> RuntimePod.restartCount(c) + 1).orElse(0);
        ContainerConfig config;
        try {
            config = configs.container(pod, spec, restartCount, volumes, sandbox.ips());
            if (image instanceof ImagePuller.Present(var present) && present.config() != null) {
                NonRootPolicy.verify(pod, spec, present.config().user()); // the image's user is known only now
            }
        } catch (ContainerConfigException e) {
            events.pod(pod, fieldPath, "Warning", "Failed", "Error: " + e.getMessage());
            return new Outcome(new ContainerWaiting("CreateContainerConfigError", e.getMessage()), null);
        }
        config = stamped(pod, spec, init, restartCount, config);
        String id;
        try {
            id = runtime.createContainer(sandbox.id(), config);
        } catch (RuntimeFailure e) {
            events.pod(pod, fieldPath, "Warning", "Failed", "Error: " + e.getMessage());
            return new Outcome(new ContainerWaiting("CreateContainerError", e.getMessage()), null);
        }
        events.pod(pod, fieldPath, "Normal", "Created", "Created container: " + spec.getName());
        try {
            runtime.startContainer(id);
        } catch (RuntimeFailure e) {
            events.pod(pod, fieldPath, "Warning", "Failed", "Error: " + e.getMessage());
            removeQuietly(id); // a container that never ran is made again on the next try
            return new Outcome(new ContainerWaiting("RunContainerError", e.getMessage()), null);
        }
        events.pod(pod, fieldPath, "Normal", "Started", "Started container " + spec.getName());

        if (spec.getLifecycle() != null && spec.getLifecycle().getPostStart() != null) {
            String podIp = sandbox.ips().isEmpty() ? null : sandbox.ips().getFirst();
            String error = hooks.run(pod, spec, id, spec.getLifecycle().getPostStart(), podIp, PodKiller.grace(pod));
            if (error != null) {
                // Upstream keeps the hook's output out of the event: it may hold secrets.
                events.pod(pod, fieldPath, "Warning", "FailedPostStartHook", "PostStartHook failed");
                runtime.container(id).ifPresent(instance ->
                        killer.killContainer(pod, spec, instance, PodKiller.grace(pod), "FailedPostStartHook", podIp, false));
                return new Outcome(new ContainerWaiting("PostStartHookError", error), null);
            }
        }
        return Outcome.STARTED;
    }

    private void removeQuietly(String id) {
        try {
            runtime.removeContainer(id);
        } catch (RuntimeFailure ignored) {
            // it never ran: a leftover is only its files, which the runtime's removal of the sandbox takes
        }
    }

    static String backoffKey(Pod pod, Container spec) {
        return pod.getMetadata().getUid() + "/" + spec.getName() + "/" + ContainerHash.of(spec);
    }

    /** The config with the kubelet's labels and annotations, by which it finds the instance again after a restart. */
    static ContainerConfig stamped(Pod pod, Container spec, boolean init, int restartCount, ContainerConfig c) {
        Map<String, String> labels = new HashMap<>(c.labels());
        labels.put(RuntimeLabels.POD_NAME, pod.getMetadata().getName());
        labels.put(RuntimeLabels.POD_NAMESPACE, pod.getMetadata().getNamespace());
        labels.put(RuntimeLabels.POD_UID, pod.getMetadata().getUid());
        labels.put(RuntimeLabels.CONTAINER_NAME, spec.getName());
        if (init) {
            labels.put(RuntimeLabels.INIT_CONTAINER, "true");
        }
        Map<String, String> annotations = new HashMap<>(c.annotations());
        annotations.put(RuntimeLabels.CONTAINER_HASH, ContainerHash.of(spec));
        annotations.put(RuntimeLabels.CONTAINER_RESTART_COUNT, Integer.toString(restartCount));
        annotations.put(RuntimeLabels.TERMINATION_MESSAGE_POLICY,
                spec.getTerminationMessagePolicy() == null ? "File" : spec.getTerminationMessagePolicy());
        annotations.put(RuntimeLabels.GRACE_PERIOD, Long.toString(PodKiller.specGrace(pod).toSeconds()));
        return new ContainerConfig(c.name(), restartCount, c.image(), c.command(), c.args(), c.workingDir(), c.env(), c.mounts(),
                c.logPath(), c.stdin(), c.stdinOnce(), c.tty(), c.resources(), c.security(), labels, annotations);
    }
}
