package io.kube4j.apiserver.resources.apps;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.kube4j.apiserver.errors.FieldError;
import java.util.ArrayList;
import java.util.List;

/**
 * The one bridge from the workload strategies to pod-template validation and defaulting.
 *
 * <p>The full rules live in the shared {@code io.kube4j.apiserver.validation.PodSpecValidation}
 * and {@code PodSpecDefaults}, written in parallel; on merge the coordinator points these two
 * methods at them. Until then the bodies do the minimum upstream always does: the template is
 * present, has at least one container, each with a name and an image, its labels are well formed,
 * and the pod-spec defaults every template shows after a round trip are filled in. Stateless;
 * thread-safe.
 */
public final class PodTemplateRules {

    private PodTemplateRules() {
    }

    /**
     * Validates a pod template rooted at {@code path} (e.g. {@code spec.template}).
     *
     * @return every error found, paths rooted at the object
     */
    public static List<FieldError> validate(PodTemplateSpec t, String path) {
        // Wired to PodSpecValidation.validateTemplate(t, path) by the coordinator on merge.
        List<FieldError> errs = new ArrayList<>();
        if (t == null) {
            errs.add(FieldError.required(path, ""));
            return errs;
        }
        if (t.getMetadata() != null) {
            Selectors.validateLabels(errs, t.getMetadata().getLabels(), path + ".labels");
        }
        PodSpec spec = t.getSpec();
        List<Container> containers = spec == null || spec.getContainers() == null ? List.of() : spec.getContainers();
        String cpath = path + ".spec.containers";
        if (containers.isEmpty()) {
            errs.add(FieldError.required(cpath, ""));
        }
        for (int i = 0; i < containers.size(); i++) {
            Container c = containers.get(i);
            if (Checks.str(c.getName()).isEmpty()) {
                errs.add(FieldError.required(cpath + "[" + i + "].name", ""));
            }
            if (Checks.str(c.getImage()).isEmpty()) {
                errs.add(FieldError.required(cpath + "[" + i + "].image", ""));
            }
        }
        return errs;
    }

    /** Fills in the pod-spec defaults of a template. Idempotent; null is left alone. */
    public static void applyDefaults(PodTemplateSpec t) {
        // Wired to PodSpecDefaults.applyTemplate(t) by the coordinator on merge.
        if (t == null) {
            return;
        }
        if (t.getSpec() == null) {
            t.setSpec(new PodSpec());
        }
        PodSpec s = t.getSpec();
        if (Checks.str(s.getRestartPolicy()).isEmpty()) {
            s.setRestartPolicy("Always");
        }
        if (Checks.str(s.getDnsPolicy()).isEmpty()) {
            s.setDnsPolicy("ClusterFirst");
        }
        if (Checks.str(s.getSchedulerName()).isEmpty()) {
            s.setSchedulerName("default-scheduler");
        }
        if (s.getTerminationGracePeriodSeconds() == null) {
            s.setTerminationGracePeriodSeconds(30L);
        }
        if (s.getSecurityContext() == null) {
            s.setSecurityContext(new PodSecurityContext());
        }
        if (s.getContainers() != null) {
            s.getContainers().forEach(PodTemplateRules::defaultContainer);
        }
    }

    private static void defaultContainer(Container c) {
        if (Checks.str(c.getTerminationMessagePath()).isEmpty()) {
            c.setTerminationMessagePath("/dev/termination-log");
        }
        if (Checks.str(c.getTerminationMessagePolicy()).isEmpty()) {
            c.setTerminationMessagePolicy("File");
        }
        if (Checks.str(c.getImagePullPolicy()).isEmpty()) {
            c.setImagePullPolicy(latestTag(Checks.str(c.getImage())) ? "Always" : "IfNotPresent");
        }
    }

    /** Whether the image has no tag or the tag {@code latest} (and no digest). */
    private static boolean latestTag(String image) {
        if (image.contains("@")) {
            return false;
        }
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        return colon <= slash || image.substring(colon + 1).equals("latest");
    }
}
