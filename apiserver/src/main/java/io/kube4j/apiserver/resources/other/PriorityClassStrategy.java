package io.kube4j.apiserver.resources.other;

import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClass;
import io.kube4j.apiserver.errors.FieldError;
import io.kube4j.apiserver.registry.ResourceStrategy;
import io.kube4j.apiserver.resources.apps.Checks;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * scheduling.k8s.io/v1 PriorityClass, as upstream's {@code ValidatePriorityClass*}: the
 * {@code system-} prefix is reserved for the two built-in classes with their exact value and
 * globalDefault; user classes go up to 1,000,000,000; preemptionPolicy defaults to
 * PreemptLowerPriority; value and preemptionPolicy are immutable. Stateless; thread-safe.
 */
public final class PriorityClassStrategy implements ResourceStrategy<PriorityClass> {

    /** Upstream's {@code HighestUserDefinablePriority}. */
    public static final int HIGHEST_USER_PRIORITY = 1_000_000_000;
    static final String SYSTEM_PREFIX = "system-";
    /** The built-in classes and their values (none is globalDefault). */
    static final Map<String, Integer> SYSTEM_CLASSES = Map.of(
            "system-node-critical", 2_000_001_000,
            "system-cluster-critical", 2_000_000_000);

    @Override
    public void applyDefaults(PriorityClass pc) {
        if (pc.getPreemptionPolicy() == null) {
            pc.setPreemptionPolicy("PreemptLowerPriority");
        }
    }

    @Override
    public List<FieldError> validate(PriorityClass pc) {
        List<FieldError> errs = new ArrayList<>();
        String name = pc.getMetadata() == null ? "" : Checks.str(pc.getMetadata().getName());
        int value = Checks.intOr(pc.getValue(), 0);
        boolean globalDefault = Boolean.TRUE.equals(pc.getGlobalDefault());
        if (name.startsWith(SYSTEM_PREFIX)) {
            String why = systemClassError(name, value, globalDefault);
            if (why != null) {
                errs.add(FieldError.forbidden("metadata.name", "priority class names with '" + SYSTEM_PREFIX
                        + "' prefix are reserved for system use only. error: " + why));
            }
        } else if (value > HIGHEST_USER_PRIORITY) {
            errs.add(FieldError.forbidden("value", "maximum allowed value of a user defined priority is "
                    + HIGHEST_USER_PRIORITY));
        }
        if (pc.getPreemptionPolicy() != null) {
            String p = pc.getPreemptionPolicy();
            if (p.isEmpty()) {
                errs.add(FieldError.required("preemptionPolicy", ""));
            } else if (!p.equals("PreemptLowerPriority") && !p.equals("Never")) {
                errs.add(FieldError.notSupported("preemptionPolicy", p, List.of("PreemptLowerPriority", "Never")));
            }
        }
        return errs;
    }

    /** Upstream's {@code IsKnownSystemPriorityClass} error, or null when the class is the known one. */
    private static String systemClassError(String name, int value, boolean globalDefault) {
        Integer known = SYSTEM_CLASSES.get(name);
        if (known == null) {
            return name + " is not a known system priority class";
        }
        if (known != value) {
            return "value of " + name + " PriorityClass must be " + known;
        }
        if (globalDefault) {
            return "globalDefault of " + name + " PriorityClass must be false";
        }
        return null;
    }

    @Override
    public List<FieldError> validateUpdate(PriorityClass pc, PriorityClass old) {
        List<FieldError> errs = new ArrayList<>();
        if (Checks.intOr(pc.getValue(), 0) != Checks.intOr(old.getValue(), 0)) {
            errs.add(FieldError.forbidden("value", "may not be changed in an update."));
        }
        Checks.immutable(errs, pc.getPreemptionPolicy(), old.getPreemptionPolicy(), "preemptionPolicy");
        return errs;
    }
}
