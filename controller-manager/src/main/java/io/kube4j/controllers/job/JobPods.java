package io.kube4j.controllers.job;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.kube4j.controllers.machinery.ControllerRefs;
import io.kube4j.controllers.machinery.Pods;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The pods of a Job: how they are built from its template (labels, the tracking finalizer, the
 * completion index of Indexed Jobs) and the facts the controller reads from them. Stateless.
 */
final class JobPods {

    static final String TRACKING_FINALIZER = "batch.kubernetes.io/job-tracking";
    static final String COMPLETION_INDEX = "batch.kubernetes.io/job-completion-index";
    static final String JOB_NAME = "batch.kubernetes.io/job-name";
    static final String LEGACY_JOB_NAME = "job-name";
    static final String CONTROLLER_UID = "batch.kubernetes.io/controller-uid";
    static final String LEGACY_CONTROLLER_UID = "controller-uid";
    static final String INDEX_ENV = "JOB_COMPLETION_INDEX";

    /** Which active pods go first when some must be deleted: unscheduled, pending, not ready, newest. */
    static final Comparator<Pod> DELETE_FIRST = Comparator
            .comparing((Pod p) -> Pods.assigned(p))
            .thenComparing(p -> !"Pending".equals(Pods.phase(p)) ? 1 : 0)
            .thenComparing(Pods::ready)
            .thenComparing((Pod p) -> p.getMetadata().getCreationTimestamp() == null ? "" : p.getMetadata().getCreationTimestamp(),
                    Comparator.reverseOrder());

    private JobPods() {
    }

    /**
     * A pod to create for {@code job}: its template, the Job as controller, the Job's name and UID
     * labels (the apiserver puts them on the template; added here if a manual selector left them
     * out), the tracking finalizer, and for an Indexed Job the completion index as annotation,
     * label, hostname {@code <job>-<index>} and {@code JOB_COMPLETION_INDEX} environment variable.
     */
    static Pod newPod(Job job, Integer index) {
        Pod pod = Pods.fromTemplate(job.getSpec().getTemplate(), job, ControllerRefs.newControllerRef(job));
        var meta = pod.getMetadata();
        String name = job.getMetadata().getName();
        String uid = job.getMetadata().getUid();
        meta.getLabels().putIfAbsent(JOB_NAME, name);
        meta.getLabels().putIfAbsent(LEGACY_JOB_NAME, name);
        meta.getLabels().putIfAbsent(CONTROLLER_UID, uid);
        meta.getLabels().putIfAbsent(LEGACY_CONTROLLER_UID, uid);
        List<String> finalizers = meta.getFinalizers() == null ? new ArrayList<>() : new ArrayList<>(meta.getFinalizers());
        if (!finalizers.contains(TRACKING_FINALIZER)) {
            finalizers.add(TRACKING_FINALIZER);
        }
        meta.setFinalizers(finalizers);
        if (index != null) {
            meta.getAnnotations().put(COMPLETION_INDEX, index.toString());
            meta.getLabels().put(COMPLETION_INDEX, index.toString());
            meta.setGenerateName(name + "-" + index + "-");
            if (pod.getSpec().getHostname() == null || pod.getSpec().getHostname().isEmpty()) {
                pod.getSpec().setHostname(name + "-" + index);
            }
            addIndexEnv(pod.getSpec().getContainers());
            addIndexEnv(pod.getSpec().getInitContainers());
        }
        return pod;
    }

    private static void addIndexEnv(List<Container> containers) {
        if (containers == null) {
            return;
        }
        for (Container c : containers) {
            List<EnvVar> env = c.getEnv() == null ? new ArrayList<>() : new ArrayList<>(c.getEnv());
            if (env.stream().noneMatch(e -> INDEX_ENV.equals(e.getName()))) {
                env.add(new EnvVarBuilder().withName(INDEX_ENV).withNewValueFrom().withNewFieldRef()
                        .withFieldPath("metadata.annotations['" + COMPLETION_INDEX + "']").endFieldRef().endValueFrom().build());
            }
            c.setEnv(env);
        }
    }

    /** The pod's completion index (annotation, else label), or -1 when absent or not a number. */
    static int index(Pod pod) {
        String value = pod.getMetadata().getAnnotations() == null ? null : pod.getMetadata().getAnnotations().get(COMPLETION_INDEX);
        if (value == null && pod.getMetadata().getLabels() != null) {
            value = pod.getMetadata().getLabels().get(COMPLETION_INDEX);
        }
        if (value == null) {
            return -1;
        }
        try {
            int i = Integer.parseInt(value);
            return i < 0 ? -1 : i;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static boolean hasFinalizer(Pod pod) {
        return pod.getMetadata().getFinalizers() != null && pod.getMetadata().getFinalizers().contains(TRACKING_FINALIZER);
    }

    /** Being deleted but not yet terminal. */
    static boolean terminating(Pod pod) {
        return pod.getMetadata().getDeletionTimestamp() != null && !Pods.terminal(pod);
    }

    /**
     * A JSON patch removing the tracking finalizer, guarded by a test of its position so that a
     * stale cache makes the patch fail rather than remove another finalizer; null when absent.
     */
    static String removeFinalizerPatch(Pod pod) {
        List<String> finalizers = pod.getMetadata().getFinalizers();
        int at = finalizers == null ? -1 : finalizers.indexOf(TRACKING_FINALIZER);
        if (at < 0) {
            return null;
        }
        return "[{\"op\":\"test\",\"path\":\"/metadata/finalizers/" + at + "\",\"value\":\"" + TRACKING_FINALIZER + "\"},"
                + "{\"op\":\"remove\",\"path\":\"/metadata/finalizers/" + at + "\"}]";
    }
}
