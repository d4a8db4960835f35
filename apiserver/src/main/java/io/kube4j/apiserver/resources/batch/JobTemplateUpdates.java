package io.kube4j.apiserver.resources.batch;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.kube4j.apiserver.errors.FieldError;
import io.kube4j.apiserver.resources.apps.Checks;
import io.kube4j.apiserver.resources.apps.Copies;
import java.util.List;

/**
 * A Job's pod template is immutable, except, as upstream allows, while the Job is suspended and
 * has never started: then its scheduling directives (node affinity, node selector, tolerations,
 * scheduling gates) and the template's labels and annotations may change. Stateless.
 */
final class JobTemplateUpdates {

    private JobTemplateUpdates() {
    }

    static void validate(List<FieldError> errs, Job job, Job old) {
        PodTemplateSpec now = job.getSpec().getTemplate();
        PodTemplateSpec was = Copies.deepCopy(old.getSpec().getTemplate());
        if (mutableSchedulingDirectives(old) && now != null && was != null) {
            PodSpec n = now.getSpec() == null ? new PodSpec() : now.getSpec();
            if (was.getSpec() == null) {
                was.setSpec(new PodSpec());
            }
            PodSpec w = was.getSpec();
            Affinity na = n.getAffinity();
            Affinity wa = w.getAffinity();
            if (na == null && wa != null) {
                wa.setNodeAffinity(null);
                if (Copies.semanticEqual(wa, new Affinity())) {
                    w.setAffinity(null);
                }
            } else if (na != null && wa == null) {
                Affinity a = new Affinity();
                a.setNodeAffinity(na.getNodeAffinity());
                w.setAffinity(a);
            } else if (na != null) {
                wa.setNodeAffinity(na.getNodeAffinity());
            }
            w.setNodeSelector(n.getNodeSelector());
            w.setTolerations(n.getTolerations());
            w.setSchedulingGates(n.getSchedulingGates());
            if (was.getMetadata() == null) {
                was.setMetadata(new ObjectMeta());
            }
            ObjectMeta nm = now.getMetadata() == null ? new ObjectMeta() : now.getMetadata();
            was.getMetadata().setLabels(nm.getLabels());
            was.getMetadata().setAnnotations(nm.getAnnotations());
        }
        Checks.immutable(errs, now, was, "spec.template");
    }

    /** Suspended and not yet started (no {@code status.startTime}). */
    private static boolean mutableSchedulingDirectives(Job old) {
        boolean suspended = Boolean.TRUE.equals(old.getSpec().getSuspend());
        boolean started = old.getStatus() != null && old.getStatus().getStartTime() != null;
        return suspended && !started;
    }
}
