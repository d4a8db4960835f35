package io.kube4j.kubelet.status;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes pods' statuses to the API through {@code pods/status} (upstream's status manager): only
 * when a status differs from what was last written (or, after a restart, from what the API
 * holds), corrected by {@link StatusMerge} so that it never goes backwards, as a strategic merge
 * patch of the fields the kubelet owns (qosClass and conditions of other components stay as the
 * API has them), retried with a short back-off on failures.
 *
 * <p>Thread-safe; the caller (a pod's worker) blocks while its write is retried (at most
 * {@value #ATTEMPTS} attempts). A status still unwritten after them is {@link #unwritten(String)}:
 * the worker then syncs the pod again within {@link #RETRY_UNWRITTEN} (upstream's status manager
 * retries every 10 s) rather than at its next periodic sync. A pod that is gone from the API is
 * forgotten.
 */
public final class StatusManager {

    private static final Logger log = LoggerFactory.getLogger(StatusManager.class);
    static final int ATTEMPTS = 5;
    /** How soon a pod whose status could not be written is synced again (upstream's syncPeriod of its status manager). */
    public static final java.time.Duration RETRY_UNWRITTEN = java.time.Duration.ofSeconds(10);

    private final KubernetesClient client;
    private final Map<String, PodStatus> written = new ConcurrentHashMap<>();
    private final java.util.Set<String> unwritten = ConcurrentHashMap.newKeySet();

    public StatusManager(KubernetesClient client) {
        this.client = client;
    }

    /** Whether the pod's last status could not be written (every attempt failed). */
    public boolean unwritten(String uid) {
        return unwritten.contains(uid);
    }

    /** The status last written (or confirmed) for the pod, if any. */
    public PodStatus last(String uid) {
        return written.get(uid);
    }

    /**
     * Writes {@code generated} for {@code pod} if it changes what is reported.
     *
     * @return the status now reported (guarded), or null if the pod is gone from the API
     */
    public PodStatus update(Pod pod, PodStatus generated) {
        String uid = pod.getMetadata().getUid();
        PodStatus previous = written.getOrDefault(uid, pod.getStatus());
        PodStatus next = StatusMerge.guard(previous, generated);
        if (next.equals(previous)) {
            written.put(uid, next);
            unwritten.remove(uid);
            return next;
        }
        String patch = patchOf(pod, next);
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                        .subresource("status")
                        .patch(PatchContext.of(PatchType.STRATEGIC_MERGE), patch);
                written.put(uid, next);
                unwritten.remove(uid);
                return next;
            } catch (KubernetesClientException e) {
                if (notFound(e)) {
                    forget(uid);
                    return null;
                }
                log.debug("status of pod {}/{} not written (attempt {}): {}",
                        pod.getMetadata().getNamespace(), pod.getMetadata().getName(), attempt, e.getMessage());
                if (attempt == ATTEMPTS) {
                    log.warn("status of pod {}/{} not written ({}), retrying within {} s: {}", pod.getMetadata().getNamespace(),
                            pod.getMetadata().getName(), e.getCode(), RETRY_UNWRITTEN.toSeconds(), e.getMessage());
                    unwritten.add(uid);
                    return previous;
                }
                sleep(100L << attempt);
            }
        }
        return previous;
    }

    /** A 404, also when the client wraps it (its patch may read the object first). */
    private static boolean notFound(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof KubernetesClientException k
                    && (k.getCode() == 404 || (k.getStatus() != null && Integer.valueOf(404).equals(k.getStatus().getCode())))) {
                return true;
            }
        }
        return false;
    }

    /** Forgets a pod that is gone. */
    public void forget(String uid) {
        written.remove(uid);
        unwritten.remove(uid);
    }

    /**
     * The strategic merge patch: every field the kubelet owns, explicit nulls for those it clears, and the
     * pod's UID so that a new pod of the same name is never patched with an old one's status.
     */
    static String patchOf(Pod pod, PodStatus status) {
        Map<String, Object> body = new LinkedHashMap<>();
        Map<String, Object> statusMap = Serialization.jsonMapper().convertValue(status, Map.class);
        for (String owned : new String[] {"reason", "message", "podIP", "podIPs", "hostIP", "hostIPs"}) {
            statusMap.putIfAbsent(owned, null);
        }
        // Conditions merge by type: only the kubelet's own are sent, so that one another component
        // set meanwhile (PodScheduled, DisruptionTarget, a readiness gate's) is never overwritten.
        if (status.getConditions() != null) {
            statusMap.put("conditions", Serialization.jsonMapper().convertValue(status.getConditions().stream()
                    .filter(c -> PodStatusGenerator.OWNED.contains(c.getType()))
                    .toList(), java.util.List.class));
        }
        body.put("metadata", Map.of("uid", pod.getMetadata().getUid()));
        body.put("status", statusMap);
        return Serialization.asJson(body);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
