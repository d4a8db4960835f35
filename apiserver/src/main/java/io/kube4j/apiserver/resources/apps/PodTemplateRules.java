package io.kube4j.apiserver.resources.apps;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.kube4j.apiserver.errors.FieldError;
import java.util.ArrayList;
import java.util.List;

/**
 * The one bridge from the workload strategies to the shared pod-template rules
 * ({@code PodSpecValidation.validateTemplate}, {@code PodSpecDefaults.applyTemplate}). Stateless;
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
        if (t == null) {
            return new ArrayList<>(List.of(FieldError.required(path, "")));
        }
        return new ArrayList<>(io.kube4j.apiserver.validation.PodSpecValidation.validateTemplate(t, path));
    }

    /** Fills in the pod-spec defaults of a template. Idempotent; null is left alone. */
    public static void applyDefaults(PodTemplateSpec t) {
        if (t != null) {
            io.kube4j.apiserver.validation.PodSpecDefaults.applyTemplate(t);
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
