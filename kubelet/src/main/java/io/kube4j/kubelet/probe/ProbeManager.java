package io.kube4j.kubelet.probe;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.Map;

/**
 * Runs the liveness, readiness and startup probes of the pods' running containers (exec, httpGet,
 * tcpSocket, grpc), with upstream's timing fields (initialDelaySeconds, periodSeconds,
 * timeoutSeconds, successThreshold, failureThreshold) and upstream's "Unhealthy" events. Results
 * are kept per container instance (container id): a restarted container starts over.
 *
 * <p>Thread-safe. Owns one worker per probe; {@link #close()} stops them all. The listener given at
 * construction is told a pod's UID whenever one of its results changes, so that the kubelet syncs
 * it (updates readiness in its status; restarts a container whose liveness failed).
 */
public interface ProbeManager extends AutoCloseable {

    /**
     * Starts, keeps or stops probe workers so that they match the pod's running containers.
     *
     * @param running container name to the running instance (app containers only; init containers are not probed)
     * @param podIp the pod's primary IP, the host of httpGet/tcpSocket/grpc probes without one
     */
    void update(Pod pod, Map<String, RunningContainer> running, String podIp);

    /** Stops every probe of the pod and forgets its results. */
    void remove(String podUid);

    /** The readiness of a container instance: true when it has no readiness probe; false until its first success. */
    boolean ready(String podUid, String containerName, String containerId);

    /** Whether a container instance has started: true when it has no startup probe. */
    boolean started(String podUid, String containerName, String containerId);

    /** Whether a container instance's liveness (or startup) probe has failed failureThreshold times: the kubelet kills and restarts it. */
    boolean mustRestart(String podUid, String containerName, String containerId);

    @Override
    void close();
}
