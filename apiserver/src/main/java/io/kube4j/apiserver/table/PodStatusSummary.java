package io.kube4j.apiserver.table;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The READY, STATUS and RESTARTS cells of a pod, by upstream's printer logic: init containers
 * first ({@code Init:1/3}, {@code Init:CrashLoopBackOff}, {@code Init:ExitCode:1}), then the
 * regular containers from last to first (a waiting or terminated reason wins), sidecars (init
 * containers with restartPolicy Always) counted as containers, {@code Completed} turned back to
 * {@code Running}/{@code NotReady} while a container still runs, and deletion shown as
 * {@code Terminating} (or {@code Unknown} on a lost node). Restarts carry the time since the
 * last one: {@code 5 (3m ago)}.
 *
 * @param ready    e.g. {@code 1/2}
 * @param status   e.g. {@code Running}
 * @param restarts e.g. {@code 0} or {@code 3 (2m ago)}
 */
record PodStatusSummary(String ready, String status, String restarts) {

    static PodStatusSummary of(Pod pod, Instant now) {
        PodSpec spec = pod.getSpec() == null ? new PodSpec() : pod.getSpec();
        PodStatus st = pod.getStatus() == null ? new PodStatus() : pod.getStatus();
        List<Container> initSpecs = orEmpty(spec.getInitContainers());
        int total = orEmpty(spec.getContainers()).size();
        int ready = 0;
        int restarts = 0;
        int sidecarRestarts = 0;
        Instant lastRestart = null;
        Instant lastSidecarRestart = null;

        String phase = Cells.str(st.getPhase());
        String reason = Cells.str(st.getReason()).isEmpty() ? phase : st.getReason();
        for (PodCondition c : orEmpty(st.getConditions())) {
            if ("PodScheduled".equals(c.getType()) && "SchedulingGated".equals(c.getReason())) {
                reason = "SchedulingGated";
            }
        }

        Map<String, Container> inits = new HashMap<>();
        for (Container c : initSpecs) {
            inits.put(c.getName(), c);
            if (isSidecar(c)) {
                total++;
            }
        }

        boolean initializing = false;
        List<ContainerStatus> initStatuses = orEmpty(st.getInitContainerStatuses());
        for (int i = 0; i < initStatuses.size(); i++) {
            ContainerStatus c = initStatuses.get(i);
            restarts += Cells.num(c.getRestartCount());
            lastRestart = later(lastRestart, finishedAt(c));
            boolean sidecar = isSidecar(inits.get(c.getName()));
            if (sidecar) {
                sidecarRestarts += Cells.num(c.getRestartCount());
                lastSidecarRestart = later(lastSidecarRestart, finishedAt(c));
            }
            ContainerStateTerminated term = c.getState() == null ? null : c.getState().getTerminated();
            String waiting = c.getState() == null || c.getState().getWaiting() == null ? ""
                    : Cells.str(c.getState().getWaiting().getReason());
            if (term != null && Cells.num(term.getExitCode()) == 0) {
                continue;
            } else if (sidecar && Boolean.TRUE.equals(c.getStarted())) {
                if (Boolean.TRUE.equals(c.getReady())) {
                    ready++;
                }
                continue;
            } else if (term != null) {
                reason = "Init:" + terminatedReason(term);
            } else if (!waiting.isEmpty() && !waiting.equals("PodInitializing")) {
                reason = "Init:" + waiting;
            } else {
                reason = "Init:" + i + "/" + initSpecs.size();
            }
            initializing = true;
            break;
        }

        if (!initializing || hasTrueCondition(st, "Initialized")) {
            restarts = sidecarRestarts;
            lastRestart = lastSidecarRestart;
            boolean hasRunning = false;
            List<ContainerStatus> statuses = orEmpty(st.getContainerStatuses());
            for (int i = statuses.size() - 1; i >= 0; i--) {
                ContainerStatus c = statuses.get(i);
                restarts += Cells.num(c.getRestartCount());
                lastRestart = later(lastRestart, finishedAt(c));
                ContainerState state = c.getState() == null ? new ContainerState() : c.getState();
                if (state.getWaiting() != null && !Cells.str(state.getWaiting().getReason()).isEmpty()) {
                    reason = state.getWaiting().getReason();
                } else if (state.getTerminated() != null) {
                    reason = terminatedReason(state.getTerminated());
                } else if (Boolean.TRUE.equals(c.getReady()) && state.getRunning() != null) {
                    hasRunning = true;
                    ready++;
                }
            }
            if (reason.equals("Completed") && hasRunning) {
                reason = hasTrueCondition(st, "Ready") ? "Running" : "NotReady";
            }
        }

        boolean deleting = pod.getMetadata() != null && pod.getMetadata().getDeletionTimestamp() != null;
        if (deleting && "NodeLost".equals(st.getReason())) {
            reason = "Unknown";
        } else if (deleting && !phase.equals("Succeeded") && !phase.equals("Failed")) {
            reason = "Terminating";
        }

        String restartCell = String.valueOf(restarts);
        if (restarts != 0 && lastRestart != null) {
            restartCell = restarts + " (" + HumanDuration.format(java.time.Duration.between(lastRestart, now)) + " ago)";
        }
        return new PodStatusSummary(ready + "/" + total, reason, restartCell);
    }

    /** A terminated container's reason, or {@code Signal:N} / {@code ExitCode:N} without one. */
    private static String terminatedReason(ContainerStateTerminated t) {
        if (!Cells.str(t.getReason()).isEmpty()) {
            return t.getReason();
        }
        return Cells.num(t.getSignal()) != 0 ? "Signal:" + t.getSignal() : "ExitCode:" + Cells.num(t.getExitCode());
    }

    private static boolean isSidecar(Container c) {
        return c != null && "Always".equals(c.getRestartPolicy());
    }

    private static Instant finishedAt(ContainerStatus c) {
        if (c.getLastState() == null || c.getLastState().getTerminated() == null) {
            return null;
        }
        return Cells.instant(c.getLastState().getTerminated().getFinishedAt());
    }

    private static Instant later(Instant a, Instant b) {
        if (b == null) {
            return a;
        }
        return a == null || a.isBefore(b) ? b : a;
    }

    private static boolean hasTrueCondition(PodStatus st, String type) {
        for (PodCondition c : orEmpty(st.getConditions())) {
            if (type.equals(c.getType())) {
                return "True".equals(c.getStatus());
            }
        }
        return false;
    }

    private static <E> List<E> orEmpty(List<E> l) {
        return l == null ? List.of() : l;
    }
}
