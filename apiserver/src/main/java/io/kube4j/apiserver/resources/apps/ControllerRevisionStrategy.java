package io.kube4j.apiserver.resources.apps;

import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.kube4j.apiserver.errors.FieldError;
import io.kube4j.apiserver.registry.ResourceStrategy;
import java.util.ArrayList;
import java.util.List;

/**
 * apps/v1 ControllerRevision, as upstream's {@code ValidateControllerRevision*}: data is
 * mandatory and immutable, revision non-negative. (Upstream's comment also calls revision
 * immutable, but its code only holds data fixed; we follow the code.) Stateless; thread-safe.
 */
public final class ControllerRevisionStrategy implements ResourceStrategy<ControllerRevision> {

    @Override
    public List<FieldError> validate(ControllerRevision cr) {
        List<FieldError> errs = new ArrayList<>();
        if (cr.getData() == null) {
            errs.add(FieldError.required("data", "data is mandatory"));
        }
        Checks.nonNegative(errs, cr.getRevision(), "revision");
        return errs;
    }

    @Override
    public List<FieldError> validateUpdate(ControllerRevision cr, ControllerRevision old) {
        List<FieldError> errs = validate(cr);
        Checks.immutable(errs, cr.getData(), old.getData(), "data");
        return errs;
    }
}
