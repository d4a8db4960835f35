package io.kube4j.kubelet.status;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.HostIP;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.PodReadinessGate;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.kube4j.runtime.SandboxStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A pod's API status from the runtime's view of it (upstream's generateAPIPodStatus): phase,
 * conditions, container and init container statuses, IPs and startTime. Stateless and thread-safe;
 * what must never go backwards is enforced by {@link StatusManager}.
 */
public final class PodStatusGenerator {

    public static final String READY_TO_START = "PodReadyToStartContainers";
    public static final String INITIALIZED = "Initialized";
    public static final String CONTAINERS_READY = "ContainersReady";
    public static final String READY = "Ready";
    /** The conditions the kubelet owns. */
    static final List<String> OWNED = List.of(READY_TO_START, INITIALIZED, CONTAINERS_READY, READY);

    private PodStatusGenerator() {}

    public static PodStatus generate(StatusInputs in) {
        Pod pod = in.pod();
        PodStatus old = pod.getStatus() == null ? new PodStatus() : pod.getStatus();
        List<Container> inits = pod.getSpec().getInitContainers() == null ? List.of() : pod.getSpec().getInitContainers();
        List<ContainerStatus> initStatuses = new ArrayList<>();
        for (Container c : inits) {
            initStatuses.add(ContainerStatuses.of(in, c, true, false));
        }
        boolean initialized = incompleteInits(inits, initStatuses).isEmpty();
        List<ContainerStatus> statuses = new ArrayList<>();
        for (Container c : pod.getSpec().getContainers()) {
            statuses.add(ContainerStatuses.of(in, c, false, !initialized));
        }

        PodStatus status = new PodStatus();
        String phase = PodPhases.phase(pod, initStatuses, statuses, in.failure(), incompleteInits(inits, initStatuses));
        status.setPhase(phase);
        if (in.failure() != null) {
            status.setReason(in.failure().reason());
            status.setMessage(in.failure().message());
        } else {
            status.setReason(old.getReason());
            status.setMessage(old.getMessage());
        }
        status.setInitContainerStatuses(initStatuses);
        status.setContainerStatuses(statuses);
        status.setConditions(conditions(in, old, phase, initStatuses, statuses));
        status.setHostIP(in.hostIps().isEmpty() ? old.getHostIP() : in.hostIps().getFirst());
        status.setHostIPs(in.hostIps().isEmpty() ? old.getHostIPs() : in.hostIps().stream().map(HostIP::new).toList());
        List<String> podIps = podIps(in);
        if (podIps.isEmpty()) {
            status.setPodIP(old.getPodIP());
            status.setPodIPs(old.getPodIPs());
        } else {
            status.setPodIP(podIps.getFirst());
            status.setPodIPs(podIps.stream().map(PodIP::new).toList());
        }
        status.setStartTime(old.getStartTime() != null ? old.getStartTime() : ContainerStatuses.time(in.now()));
        status.setQosClass(old.getQosClass());
        status.setNominatedNodeName(old.getNominatedNodeName());
        return status;
    }

    /** The pod's IPs: the ready sandbox's, or the node's for a host-network pod. */
    static List<String> podIps(StatusInputs in) {
        Optional<SandboxStatus> sandbox = in.runtime().readySandbox();
        if (sandbox.isEmpty()) {
            return List.of();
        }
        if (Boolean.TRUE.equals(in.pod().getSpec().getHostNetwork()) || sandbox.get().ips().isEmpty()) {
            return Boolean.TRUE.equals(in.pod().getSpec().getHostNetwork()) ? in.hostIps() : List.of();
        }
        return sandbox.get().ips();
    }

    /**
     * The init containers that still hold up the pod: a regular one until it exited 0, a sidecar
     * (restartPolicy Always) until it has started once.
     */
    static List<String> incompleteInits(List<Container> specs, List<ContainerStatus> statuses) {
        List<String> out = new ArrayList<>();
        for (ContainerStatus s : statuses) {
            boolean sidecar = specs != null && specs.stream()
                    .anyMatch(c -> c.getName().equals(s.getName()) && "Always".equals(c.getRestartPolicy()));
            boolean done = sidecar
                    ? s.getState().getRunning() != null || s.getState().getTerminated() != null
                            || (s.getLastState() != null && s.getLastState().getTerminated() != null)
                    : succeeded(s);
            if (!done) {
                out.add(s.getName());
            }
        }
        return out;
    }

    static boolean succeeded(ContainerStatus s) {
        return s.getState().getTerminated() != null && s.getState().getTerminated().getExitCode() == 0;
    }

    private static List<PodCondition> conditions(
            StatusInputs in, PodStatus old, String phase, List<ContainerStatus> inits, List<ContainerStatus> apps) {
        List<PodCondition> out = new ArrayList<>();
        List<PodCondition> oldConditions = old.getConditions() == null ? List.of() : old.getConditions();
        // Conditions others own (PodScheduled, DisruptionTarget, readiness gates) are kept as they are.
        for (PodCondition c : oldConditions) {
            if (!OWNED.contains(c.getType())) {
                out.add(c);
            }
        }
        boolean terminal = PodPhases.terminal(phase);
        boolean sandboxReady = in.runtime().readySandbox().isPresent() && !terminal;
        out.add(condition(in, oldConditions, READY_TO_START, sandboxReady, null, null));

        List<String> incomplete = incompleteInits(in.pod().getSpec().getInitContainers(), inits);
        if (incomplete.isEmpty()) {
            out.add(condition(in, oldConditions, INITIALIZED, true, terminal && !inits.isEmpty() ? "PodCompleted" : null, null));
        } else {
            out.add(condition(in, oldConditions, INITIALIZED, false, "ContainersNotInitialized",
                    "containers with incomplete status: " + names(incomplete)));
        }

        List<String> unready = apps.stream().filter(s -> !Boolean.TRUE.equals(s.getReady())).map(ContainerStatus::getName).toList();
        if (terminal) {
            out.add(condition(in, oldConditions, CONTAINERS_READY, false, "PodCompleted", null));
            out.add(condition(in, oldConditions, READY, false, "PodCompleted", null));
            return out;
        }
        if (!incomplete.isEmpty()) {
            // Upstream reports app containers as not ready while initialization is pending.
            unready = apps.stream().map(ContainerStatus::getName).toList();
        }
        boolean containersReady = unready.isEmpty();
        String notReady = "containers with unready status: " + names(unready);
        out.add(condition(in, oldConditions, CONTAINERS_READY, containersReady,
                containersReady ? null : "ContainersNotReady", containersReady ? null : notReady));
        if (!containersReady) {
            out.add(condition(in, oldConditions, READY, false, "ContainersNotReady", notReady));
            return out;
        }
        String gateProblem = readinessGates(in.pod(), oldConditions);
        out.add(gateProblem == null
                ? condition(in, oldConditions, READY, true, null, null)
                : condition(in, oldConditions, READY, false, "ReadinessGatesNotReady", gateProblem));
        return out;
    }

    /** Null when every readiness gate's condition is True, else upstream's message for the first that is not. */
    private static String readinessGates(Pod pod, List<PodCondition> conditions) {
        List<PodReadinessGate> gates = pod.getSpec().getReadinessGates() == null ? List.of() : pod.getSpec().getReadinessGates();
        for (PodReadinessGate gate : gates) {
            Optional<PodCondition> c = conditions.stream().filter(x -> gate.getConditionType().equals(x.getType())).findFirst();
            if (c.isEmpty()) {
                return "corresponding condition of pod readiness gate \"" + gate.getConditionType() + "\" does not exist.";
            }
            if (!"True".equals(c.get().getStatus())) {
                return "the status of pod readiness gate \"" + gate.getConditionType() + "\" is not \"True\", but " + c.get().getStatus();
            }
        }
        return null;
    }

    private static PodCondition condition(
            StatusInputs in, List<PodCondition> old, String type, boolean value, String reason, String message) {
        String status = value ? "True" : "False";
        String transition = old.stream()
                .filter(c -> type.equals(c.getType()) && status.equals(c.getStatus()))
                .map(PodCondition::getLastTransitionTime)
                .filter(Objects::nonNull)
                .findFirst()
                .orElse(ContainerStatuses.time(in.now()));
        return new PodConditionBuilder()
                .withType(type)
                .withStatus(status)
                .withReason(reason)
                .withMessage(message)
                .withLastTransitionTime(transition)
                .build();
    }

    private static String names(List<String> names) {
        return "[" + String.join(" ", names) + "]";
    }
}
