package io.kube4j.kubelet.status;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStateTerminatedBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * One container's API status from its instances in the runtime (upstream's
 * convertToAPIContainerStatuses): the newest instance gives state, the one before it lastState;
 * a sync failure (back-off, pull error...) shows as the waiting state with the newest exit as
 * lastState. Stateless.
 */
final class ContainerStatuses {

    static final String CONTAINER_CREATING = "ContainerCreating";
    static final String POD_INITIALIZING = "PodInitializing";

    private ContainerStatuses() {}

    static ContainerStatus of(StatusInputs in, Container spec, boolean init, boolean initPending) {
        List<io.kube4j.runtime.ContainerStatus> instances = in.runtime().instances(spec.getName());
        io.kube4j.runtime.ContainerStatus latest = instances.isEmpty() ? null : instances.getFirst();
        io.kube4j.runtime.ContainerStatus previous = instances.size() > 1 ? instances.get(1) : null;
        ContainerWaiting waiting = in.waiting().get(spec.getName());
        String defaultWaiting = init || initPending ? POD_INITIALIZING : CONTAINER_CREATING;

        ContainerState state;
        ContainerState lastState = terminated(in, previous);
        boolean running = false;
        if (latest == null) {
            state = waiting(waiting != null ? waiting : new ContainerWaiting(defaultWaiting, null));
        } else {
            switch (latest.state()) {
                case io.kube4j.runtime.ContainerState.Running r -> {
                    state = new ContainerStateBuilder().withNewRunning().withStartedAt(time(r.startedAt())).endRunning().build();
                    running = true;
                }
                case io.kube4j.runtime.ContainerState.Exited e -> {
                    if (waiting != null) {
                        state = waiting(waiting);
                        lastState = terminated(in, latest);
                    } else {
                        state = terminated(in, latest);
                    }
                }
                case io.kube4j.runtime.ContainerState.Created c ->
                        state = waiting(waiting != null ? waiting : new ContainerWaiting(defaultWaiting, null));
                case io.kube4j.runtime.ContainerState.Unknown u -> state = new ContainerStateBuilder()
                        .withTerminated(new ContainerStateTerminatedBuilder()
                                .withExitCode(137)
                                .withReason("ContainerStatusUnknown")
                                .withMessage(u.message())
                                .withContainerID(containerId(in, latest))
                                .build())
                        .build();
            }
        }
        ContainerStatusBuilder status = new ContainerStatusBuilder()
                .withName(spec.getName())
                .withImage(spec.getImage())
                .withImageID(latest == null ? "" : nullToEmpty(latest.imageId()))
                .withState(state)
                .withLastState(lastState == null ? new ContainerState() : lastState)
                .withRestartCount(latest == null ? 0 : RuntimePod.restartCount(latest));
        if (latest != null) {
            status.withContainerID(containerId(in, latest));
        }
        if (init && "Always".equals(spec.getRestartPolicy())) {
            // A sidecar is ready while it runs (its probes are the app containers' only, for now).
            status.withStarted(running).withReady(running);
        } else if (init) {
            boolean completed = state.getTerminated() != null && state.getTerminated().getExitCode() == 0;
            status.withReady(completed).withStarted(running);
        } else {
            boolean started = running && in.probes().started(spec.getName(), latest.id());
            status.withStarted(started).withReady(running && started && in.probes().ready(spec.getName(), latest.id()));
        }
        return status.build();
    }

    private static ContainerState waiting(ContainerWaiting w) {
        return new ContainerStateBuilder().withNewWaiting().withReason(w.reason()).withMessage(w.message()).endWaiting().build();
    }

    private static ContainerState terminated(StatusInputs in, io.kube4j.runtime.ContainerStatus instance) {
        if (instance == null || !(instance.state() instanceof io.kube4j.runtime.ContainerState.Exited e)) {
            return null;
        }
        String message = TerminationMessages.of(instance, e);
        return new ContainerStateBuilder()
                .withTerminated(new ContainerStateTerminatedBuilder()
                        .withExitCode(e.exitCode())
                        .withReason(e.reason())
                        .withMessage(message.isEmpty() ? null : message)
                        .withStartedAt(time(e.startedAt()))
                        .withFinishedAt(time(e.finishedAt()))
                        .withContainerID(containerId(in, instance))
                        .build())
                .build();
    }

    static String containerId(StatusInputs in, io.kube4j.runtime.ContainerStatus instance) {
        return in.runtimeName() + "://" + instance.id();
    }

    /** RFC 3339 in whole seconds, as the API's metav1.Time. */
    static String time(Instant instant) {
        return instant == null ? null : DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
