package io.kube4j.apiserver.resources.apps;

import io.kube4j.apiserver.errors.FieldError;
import java.util.List;

/** Status counter rules the workload kinds share (upstream's "cannot be greater than ..."). */
final class StatusCounts {

    private StatusCounts() {
    }

    /** {@code path} may not exceed {@code limit}, named {@code limitName} in the message. */
    static void notAbove(List<FieldError> errs, String path, int value, int limit, String limitName) {
        if (value > limit) {
            errs.add(FieldError.invalid(path, value, "cannot be greater than " + limitName));
        }
    }

    /** {@code status.collisionCount} may not go down (nor be removed once set). */
    static void notDecremented(List<FieldError> errs, Integer now, Integer old) {
        if (old != null && (now == null || now < old)) {
            errs.add(FieldError.invalid("status.collisionCount", now == null ? 0 : now, "cannot be decremented"));
        }
    }
}
