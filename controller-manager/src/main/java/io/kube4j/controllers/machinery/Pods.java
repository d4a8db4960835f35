package io.kube4j.controllers.machinery;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

/**
 * Pod facts controllers share (upstream's podutil and controller utils): readiness, availability
 * after minReadySeconds, activeness, and a pod built from a controller's template. Stateless.
 */
public final class Pods {

    private Pods() {
    }

    /** Whether the pod's Ready condition is True. */
    public static boolean ready(Pod pod) {
        PodCondition c = condition(pod, "Ready");
        return c != null && "True".equals(c.getStatus());
    }

    /**
     * Whether the pod has been Ready for at least {@code minReadySeconds} at {@code now}
     * (upstream's IsPodAvailable).
     */
    public static boolean available(Pod pod, int minReadySeconds, Instant now) {
        if (!ready(pod)) {
            return false;
        }
        if (minReadySeconds == 0) {
            return true;
        }
        PodCondition c = condition(pod, "Ready");
        if (c.getLastTransitionTime() == null || c.getLastTransitionTime().isEmpty()) {
            return false;
        }
        Instant since = Instant.parse(c.getLastTransitionTime());
        return !since.plusSeconds(minReadySeconds).isAfter(now);
    }

    /** Not Succeeded, not Failed and not being deleted (upstream's IsPodActive). */
    public static boolean active(Pod pod) {
        String phase = phase(pod);
        return !"Succeeded".equals(phase) && !"Failed".equals(phase) && pod.getMetadata().getDeletionTimestamp() == null;
    }

    /** Succeeded or Failed. */
    public static boolean terminal(Pod pod) {
        String phase = phase(pod);
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    public static String phase(Pod pod) {
        return pod.getStatus() == null || pod.getStatus().getPhase() == null ? "" : pod.getStatus().getPhase();
    }

    /** The named condition, or null. */
    public static PodCondition condition(Pod pod, String type) {
        if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
            return null;
        }
        for (PodCondition c : pod.getStatus().getConditions()) {
            if (type.equals(c.getType())) {
                return c;
            }
        }
        return null;
    }

    /** Whether the pod is bound to a node. */
    public static boolean assigned(Pod pod) {
        return pod.getSpec() != null && pod.getSpec().getNodeName() != null && !pod.getSpec().getNodeName().isEmpty();
    }

    /**
     * A pod to create from {@code template} for {@code owner} (upstream's GetPodFromTemplate): the
     * template's labels, annotations, finalizers and spec, {@code generateName} {@code <owner>-},
     * the owner as controller (when {@code ref} is not null). The template is not modified.
     */
    public static Pod fromTemplate(PodTemplateSpec template, HasMetadata owner, OwnerReference ref) {
        PodTemplateSpec copy = Serialization.clone(template);
        ObjectMeta tm = copy.getMetadata() == null ? new ObjectMeta() : copy.getMetadata();
        ObjectMeta meta = new ObjectMeta();
        meta.setNamespace(owner.getMetadata().getNamespace());
        meta.setGenerateName(owner.getMetadata().getName() + "-");
        meta.setLabels(tm.getLabels() == null ? new HashMap<>() : new HashMap<>(tm.getLabels()));
        meta.setAnnotations(tm.getAnnotations() == null ? new HashMap<>() : new HashMap<>(tm.getAnnotations()));
        if (tm.getFinalizers() != null && !tm.getFinalizers().isEmpty()) {
            meta.setFinalizers(new ArrayList<>(tm.getFinalizers()));
        }
        if (ref != null) {
            meta.setOwnerReferences(new ArrayList<>(List.of(ref)));
        }
        Pod pod = new Pod();
        pod.setApiVersion("v1");
        pod.setKind("Pod");
        pod.setMetadata(meta);
        pod.setSpec(copy.getSpec());
        return pod;
    }
}
