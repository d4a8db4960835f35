package io.kube4j.kubelet.pod;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.kube4j.kubelet.events.KubeletEvents;
import io.kube4j.kubelet.status.RuntimePod;
import io.kube4j.runtime.ContainerRuntime;
import io.kube4j.runtime.ContainerState;
import io.kube4j.runtime.ContainerStatus;
import io.kube4j.runtime.RuntimeFailure;
import io.kube4j.runtime.SandboxStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops containers and pods (upstream's killContainer/killPodWithSyncResult): the preStop hook
 * first, then the runtime's stop with what is left of the grace period (at least 2 s, upstream's
 * minimum), a Killing event each; the containers of a pod in parallel, then its sandbox.
 * Thread-safe.
 */
final class PodKiller {

    private static final Logger log = LoggerFactory.getLogger(PodKiller.class);
    static final Duration MINIMUM_GRACE = Duration.ofSeconds(2);
    static final Duration DEFAULT_GRACE = Duration.ofSeconds(30);

    private final ContainerRuntime runtime;
    private final Hooks hooks;
    private final KubeletEvents events;
    private final InstantSource clock;

    PodKiller(ContainerRuntime runtime, Hooks hooks, KubeletEvents events, InstantSource clock) {
        this.runtime = runtime;
        this.hooks = hooks;
        this.events = events;
        this.clock = clock;
    }

    /** The pod's spec grace period (terminationGracePeriodSeconds, 30 s by default). */
    static Duration specGrace(Pod pod) {
        Long seconds = pod.getSpec().getTerminationGracePeriodSeconds();
        return seconds == null ? DEFAULT_GRACE : Duration.ofSeconds(seconds);
    }

    /** The grace to stop the pod with: the deletion's when it is being deleted, else the spec's. */
    static Duration grace(Pod pod) {
        Long deletion = pod.getMetadata().getDeletionGracePeriodSeconds();
        return deletion != null && pod.getMetadata().getDeletionTimestamp() != null ? Duration.ofSeconds(deletion) : specGrace(pod);
    }

    /** Stops every running container of the pod in parallel, then (if asked) its ready sandboxes. */
    void killPod(Pod pod, RuntimePod runtimePod, Duration grace, boolean stopSandbox) {
        String podIp = runtimePod.readySandbox().filter(s -> !s.ips().isEmpty()).map(s -> s.ips().getFirst()).orElse(null);
        List<Thread> stops = new ArrayList<>();
        for (ContainerStatus c : runtimePod.containers()) {
            if (c.state() instanceof ContainerState.Running || c.state() instanceof ContainerState.Created) {
                Container spec = spec(pod, RuntimePod.containerName(c)).orElse(null);
                String name = RuntimePod.containerName(c);
                stops.add(Thread.ofVirtual().name("kill-" + name).start(() ->
                        killContainer(pod, spec, c, grace, "Stopping container " + name, podIp, true)));
            }
        }
        for (Thread t : stops) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (stopSandbox) {
            for (SandboxStatus s : runtimePod.sandboxes()) {
                if (s.state() == SandboxStatus.State.READY) {
                    try {
                        runtime.stopSandbox(s.id());
                    } catch (RuntimeFailure e) {
                        log.warn("stopping sandbox {} of pod {}: {}", s.id(), PodNames.key(pod), e.getMessage());
                    }
                }
            }
        }
    }

    /**
     * Stops one instance: its preStop hook (when {@code runPreStop} and it runs), then the stop with the remaining grace.
     *
     * @param spec the container's spec, null for one the pod no longer has
     */
    void killContainer(Pod pod, Container spec, ContainerStatus instance, Duration grace, String message, String podIp, boolean runPreStop) {
        Instant start = clock.instant();
        String name = RuntimePod.containerName(instance);
        String fieldPath = spec == null ? null : PodNames.fieldPath(pod, spec);
        if (runPreStop && spec != null && spec.getLifecycle() != null && spec.getLifecycle().getPreStop() != null
                && instance.state() instanceof ContainerState.Running) {
            String error = hooks.run(pod, spec, instance.id(), spec.getLifecycle().getPreStop(), podIp, grace);
            if (error != null) {
                events.pod(pod, fieldPath, "Warning", "FailedPreStopHook", "PreStopHook failed");
                log.info("preStop hook of {} in pod {} failed: {}", name, PodNames.key(pod), error);
            }
        }
        Duration left = grace.minus(Duration.between(start, clock.instant()));
        if (left.compareTo(MINIMUM_GRACE) < 0) {
            left = MINIMUM_GRACE;
        }
        if (spec != null) {
            events.pod(pod, fieldPath, "Normal", "Killing", message);
        }
        try {
            runtime.stopContainer(instance.id(), left);
        } catch (RuntimeFailure e) {
            log.warn("stopping container {} of pod {}: {}", name, PodNames.key(pod), e.getMessage());
        }
    }

    static Optional<Container> spec(Pod pod, String name) {
        List<Container> all = new ArrayList<>(pod.getSpec().getContainers());
        if (pod.getSpec().getInitContainers() != null) {
            all.addAll(pod.getSpec().getInitContainers());
        }
        return all.stream().filter(c -> c.getName().equals(name)).findFirst();
    }
}
