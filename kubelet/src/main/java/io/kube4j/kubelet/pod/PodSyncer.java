package io.kube4j.kubelet.pod;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.kube4j.kubelet.config.RuntimeConfigs;
import io.kube4j.kubelet.events.KubeletEvents;
import io.kube4j.kubelet.probe.ProbeManager;
import io.kube4j.kubelet.probe.RunningContainer;
import io.kube4j.kubelet.status.ContainerWaiting;
import io.kube4j.kubelet.status.PodPhases;
import io.kube4j.kubelet.status.PodStatusGenerator;
import io.kube4j.kubelet.status.RuntimePod;
import io.kube4j.kubelet.status.StatusInputs;
import io.kube4j.kubelet.status.StatusManager;
import io.kube4j.kubelet.volume.PodVolumes;
import io.kube4j.kubelet.volume.VolumeException;
import io.kube4j.kubelet.volume.VolumeManager;
import io.kube4j.runtime.ContainerRuntime;
import io.kube4j.runtime.ContainerState;
import io.kube4j.runtime.RuntimeFailure;
import io.kube4j.runtime.RuntimeLabels;
import io.kube4j.runtime.SandboxConfig;
import io.kube4j.runtime.SandboxStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sync of one pod (upstream's syncPod / syncTerminatingPod / syncTerminatedPod): brings the
 * runtime to what the pod asks, then writes the pod's status. Called only from the pod's worker,
 * so calls for one pod never overlap; thread-safe across pods.
 */
final class PodSyncer {

    private static final Logger log = LoggerFactory.getLogger(PodSyncer.class);
    static final Duration RETRY = Duration.ofSeconds(2);

    private final ContainerRuntime runtime;
    private final RuntimeConfigs configs;
    private final VolumeManager volumes;
    private final ProbeManager probes;
    private final KubeletEvents events;
    private final StatusManager statuses;
    private final PodLifecycleOptions options;
    private final ContainerStarter starter;
    private final PodKiller killer;
    private final Backoff crashBackoff;
    private final ApiPods api;
    private final UnaryOperator<Pod> statusTarget;
    private final String runtimeName;

    PodSyncer(ContainerRuntime runtime, RuntimeConfigs configs, VolumeManager volumes, ProbeManager probes, KubeletEvents events,
            StatusManager statuses, PodLifecycleOptions options, ApiPods api, UnaryOperator<Pod> statusTarget) {
        this.runtime = runtime;
        this.configs = configs;
        this.volumes = volumes;
        this.probes = probes;
        this.events = events;
        this.statuses = statuses;
        this.options = options;
        this.api = api;
        this.statusTarget = statusTarget;
        Hooks hooks = new Hooks(runtime);
        this.killer = new PodKiller(runtime, hooks, events, options.clock());
        this.crashBackoff = new Backoff(options.clock(), options.crashBackoffInitial(), options.crashBackoffMax());
        Backoff imageBackoff = new Backoff(options.clock(), options.imageBackoffInitial(), options.imageBackoffMax());
        ImagePuller puller = new ImagePuller(runtime.images(), events, imageBackoff, options.clock(), options.registryAuth());
        this.starter = new ContainerStarter(runtime, configs, puller, hooks, crashBackoff, events, killer);
        String name = runtime.info().name();
        this.runtimeName = name == null || name.isEmpty() ? "runtime" : name.toLowerCase();
    }

    /** Syncs the pod; returns when to sync it again, or null when the pod is gone and cleaned up (the worker ends). */
    Duration sync(PodWork work) {
        long t0 = System.nanoTime();
        Duration next = syncOnce(work);
        if (log.isDebugEnabled()) {
            long now = System.nanoTime();
            log.debug("sync of pod {} took {} ms ({} ms after the worker first saw it)", PodNames.key(work.pod()),
                    (now - t0) / 1_000_000, (now - work.seenNanos()) / 1_000_000);
        }
        return next;
    }

    private Duration syncOnce(PodWork work) {
        Pod pod = work.pod();
        String uid = pod.getMetadata().getUid();
        RuntimePod current = list(uid);
        if (work.gone()) {
            killer.killPod(pod, current, PodKiller.grace(pod), true);
            cleanup(uid);
            return null;
        }
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            return terminate(work, current);
        }
        PodStatus reported = statuses.last(uid);
        if (work.failure == null) {
            work.failure = deadlineExceeded(pod, reported);
        }
        boolean terminal = work.failure != null
                || (reported != null && PodPhases.terminal(reported.getPhase()))
                || (pod.getStatus() != null && PodPhases.terminal(pod.getStatus().getPhase()));
        if (terminal) {
            if (current.anyRunning() || current.readySandbox().isPresent()) {
                killer.killPod(pod, current, PodKiller.grace(pod), true);
                current = list(uid);
            }
            probes.remove(uid);
            writeStatus(work, current, Map.of());
            removeDead(current, true);
            return soonerIfUnwritten(uid, options.syncFrequency());
        }

        PodVolumes podVolumes;
        try {
            podVolumes = volumes.setUp(pod);
        } catch (VolumeException e) {
            events.pod(pod, null, "Warning", "FailedMount", e.getMessage());
            writeStatus(work, current, Map.of());
            return RETRY;
        }
        PodActions actions = ComputePodActions.compute(pod, current, (name, id) -> probes.mustRestart(uid, name, id));
        Map<String, ContainerWaiting> waiting = new LinkedHashMap<>();
        Duration next = options.syncFrequency();
        if (actions.killPod()) {
            killer.killPod(pod, current, PodKiller.grace(pod), true);
        }
        if (actions.createSandbox()) {
            try {
                SandboxConfig config = stamped(pod, configs.sandbox(pod, actions.sandboxAttempt()));
                long t0 = System.nanoTime();
                runtime.runSandbox(config);
                log.debug("sandbox of pod {} made in {} ms", PodNames.key(pod), (System.nanoTime() - t0) / 1_000_000);
            } catch (RuntimeFailure e) {
                events.pod(pod, null, "Warning", "FailedCreatePodSandBox", "Failed to create pod sandbox: " + e.getMessage());
                writeStatus(work, list(uid), waiting);
                return RETRY;
            }
        }
        for (PodActions.Kill kill : actions.containersToKill()) {
            Optional<Container> spec = PodKiller.spec(pod, kill.name());
            var instance = current.containers().stream().filter(c -> c.id().equals(kill.containerId())).findFirst();
            if (instance.isPresent()) {
                killer.killContainer(pod, spec.orElse(null), instance.get(), PodKiller.specGrace(pod), kill.message(), podIp(current), true);
            }
        }
        if (actions.killPod() || actions.createSandbox() || !actions.containersToKill().isEmpty()) {
            current = list(uid);
        }
        Optional<SandboxStatus> sandbox = current.readySandbox();
        if (sandbox.isPresent()) {
            if (actions.nextInit() != null) {
                Container init = PodKiller.spec(pod, actions.nextInit()).orElseThrow();
                next = apply(starter.start(pod, init, true, sandbox.get(), current, podVolumes), init, waiting, next);
            }
            for (String name : actions.containersToStart()) {
                Container app = PodKiller.spec(pod, name).orElseThrow();
                boolean init = pod.getSpec().getInitContainers() != null && pod.getSpec().getInitContainers().contains(app);
                next = apply(starter.start(pod, app, init, sandbox.get(), current, podVolumes), app, waiting, next);
            }
        }
        current = list(uid);
        probes.update(pod, running(pod, current), podIp(current));
        long tStatus = System.nanoTime();
        writeStatus(work, current, waiting);
        log.debug("status of pod {} written in {} ms", PodNames.key(pod), (System.nanoTime() - tStatus) / 1_000_000);
        removeDead(current, false);
        Duration untilDeadline = untilDeadline(pod, statuses.last(uid));
        return soonerIfUnwritten(uid, untilDeadline != null && untilDeadline.compareTo(next) < 0 ? untilDeadline : next);
    }

    /** {@code next}, or the status manager's retry delay when the pod's status could not be written and that is sooner. */
    private Duration soonerIfUnwritten(String uid, Duration next) {
        return statuses.unwritten(uid) && StatusManager.RETRY_UNWRITTEN.compareTo(next) < 0 ? StatusManager.RETRY_UNWRITTEN : next;
    }

    private static Duration apply(ContainerStarter.Outcome outcome, Container c, Map<String, ContainerWaiting> waiting, Duration next) {
        if (outcome.waiting() != null) {
            waiting.put(c.getName(), outcome.waiting());
        }
        Duration retry = outcome.retryIn() != null ? outcome.retryIn().plusMillis(50) : outcome.waiting() != null ? RETRY : null;
        return retry != null && retry.compareTo(next) < 0 ? retry : next;
    }

    /** The pod is being deleted: stop everything with its grace, report the final status, delete the object. */
    private Duration terminate(PodWork work, RuntimePod current) {
        Pod pod = work.pod();
        String uid = pod.getMetadata().getUid();
        if (!work.terminated) {
            killer.killPod(pod, current, PodKiller.grace(pod), true);
            probes.remove(uid);
            work.terminated = true;
            current = list(uid);
        }
        writeStatus(work, current, Map.of());
        if (!work.isStatic() && api.deleteFinally(pod)) {
            return options.syncFrequency(); // the watch's DELETED event ends the worker
        }
        return RETRY;
    }

    private void cleanup(String uid) {
        for (SandboxStatus s : list(uid).sandboxes()) {
            try {
                runtime.removeSandbox(s.id());
            } catch (RuntimeFailure e) {
                log.warn("removing sandbox {} of pod {}: {}", s.id(), uid, e.getMessage());
            }
        }
        volumes.tearDown(uid);
        probes.remove(uid);
        statuses.forget(uid);
        crashBackoff.forgetPrefix(uid + "/");
    }

    private void writeStatus(PodWork work, RuntimePod current, Map<String, ContainerWaiting> waiting) {
        Pod target = work.isStatic() ? statusTarget.apply(work.pod()) : work.pod();
        if (target == null) {
            return;
        }
        String uid = work.pod().getMetadata().getUid();
        StatusInputs.Probes probeView = new StatusInputs.Probes() {
            @Override
            public boolean ready(String name, String id) {
                return probes.ready(uid, name, id);
            }

            @Override
            public boolean started(String name, String id) {
                return probes.started(uid, name, id);
            }
        };
        Pod source = work.pod();
        if (target != source) {
            source = new io.fabric8.kubernetes.api.model.PodBuilder(source).withStatus(target.getStatus()).build();
        }
        PodStatus generated = PodStatusGenerator.generate(new StatusInputs(
                source, current, waiting, probeView, options.nodeIps(), runtimeName, work.failure, options.clock().instant()));
        statuses.update(target, generated);
    }

    /** Removes exited instances beyond the newest two per container (the newest serves logs --previous), and old empty sandboxes. */
    private void removeDead(RuntimePod current, boolean terminal) {
        Map<String, Integer> seen = new HashMap<>();
        java.util.Set<String> usedSandboxes = new java.util.HashSet<>();
        for (var c : current.containers()) {
            String name = RuntimePod.containerName(c);
            boolean dead = c.state() instanceof ContainerState.Exited || c.state() instanceof ContainerState.Unknown;
            int count = seen.merge(name, 1, Integer::sum);
            if (dead && count > 2) {
                try {
                    runtime.removeContainer(c.id());
                } catch (RuntimeFailure e) {
                    log.debug("removing container {}: {}", c.id(), e.getMessage());
                }
            } else {
                usedSandboxes.add(c.sandboxId());
            }
        }
        List<SandboxStatus> sandboxes = current.sandboxes();
        for (int i = 1; i < sandboxes.size(); i++) {
            SandboxStatus old = sandboxes.get(i);
            if (old.state() != SandboxStatus.State.READY && !usedSandboxes.contains(old.id())) {
                try {
                    runtime.removeSandbox(old.id());
                } catch (RuntimeFailure e) {
                    log.debug("removing sandbox {}: {}", old.id(), e.getMessage());
                }
            }
        }
    }

    /** How long until the pod's activeDeadlineSeconds passes (counted from its startTime), or null without one. */
    private Duration untilDeadline(Pod pod, PodStatus reported) {
        Long deadline = pod.getSpec().getActiveDeadlineSeconds();
        String start = reported != null && reported.getStartTime() != null ? reported.getStartTime()
                : pod.getStatus() == null ? null : pod.getStatus().getStartTime();
        if (deadline == null || start == null) {
            return null;
        }
        Duration left = Duration.between(options.clock().instant(), Instant.parse(start).plusSeconds(deadline));
        return left.isNegative() ? Duration.ZERO : left.plusMillis(10);
    }

    private StatusInputs.PodFailure deadlineExceeded(Pod pod, PodStatus reported) {
        Duration left = untilDeadline(pod, reported);
        if (left == null || left.compareTo(Duration.ofMillis(10)) > 0) {
            return null;
        }
        String message = "Pod was active on the node longer than the specified deadline";
        events.pod(pod, null, "Normal", "DeadlineExceeded", message);
        return new StatusInputs.PodFailure("DeadlineExceeded", message);
    }

    /** The sandbox config with the kubelet's labels, by which it finds the sandbox again after a restart. */
    static SandboxConfig stamped(Pod pod, SandboxConfig c) {
        Map<String, String> labels = new HashMap<>(c.labels());
        labels.put(RuntimeLabels.POD_NAME, pod.getMetadata().getName());
        labels.put(RuntimeLabels.POD_NAMESPACE, pod.getMetadata().getNamespace());
        labels.put(RuntimeLabels.POD_UID, pod.getMetadata().getUid());
        Map<String, String> annotations = new HashMap<>(c.annotations());
        annotations.put(RuntimeLabels.GRACE_PERIOD, Long.toString(PodKiller.specGrace(pod).toSeconds()));
        return new SandboxConfig(c.name(), c.namespace(), c.uid(), c.attempt(), c.hostname(), c.logDirectory(), c.dns(),
                c.hostAliases(), c.portMappings(), c.hostNetwork(), c.hostPid(), c.hostIpc(), c.shareProcessNamespace(),
                c.cgroupParent(), c.sysctls(), labels, annotations);
    }

    private static Map<String, RunningContainer> running(Pod pod, RuntimePod current) {
        Map<String, RunningContainer> out = new HashMap<>();
        for (Container c : pod.getSpec().getContainers()) {
            current.latest(c.getName()).ifPresent(instance -> {
                if (instance.state() instanceof ContainerState.Running r) {
                    out.put(c.getName(), new RunningContainer(instance.id(), r.startedAt()));
                }
            });
        }
        return out;
    }

    private static String podIp(RuntimePod current) {
        return current.readySandbox().filter(s -> !s.ips().isEmpty()).map(s -> s.ips().getFirst()).orElse(null);
    }

    RuntimePod list(String uid) {
        long t0 = System.nanoTime();
        // Only the pod's own: listing every container's state at every sync of every pod cost O(pods^2) file reads at a start of 100.
        RuntimePod pod = new RuntimePod(uid, runtime.listSandboxes(uid), runtime.listContainers(uid));
        log.trace("runtime listed for pod {} in {} us", uid, (System.nanoTime() - t0) / 1_000);
        return pod;
    }
}
