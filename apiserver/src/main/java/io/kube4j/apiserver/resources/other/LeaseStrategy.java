package io.kube4j.apiserver.resources.other;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseSpec;
import io.kube4j.apiserver.errors.FieldError;
import io.kube4j.apiserver.registry.ResourceStrategy;
import io.kube4j.apiserver.resources.apps.Checks;
import java.util.ArrayList;
import java.util.List;

/**
 * coordination.k8s.io/v1 Lease, as upstream's {@code ValidateLease*}: a positive duration,
 * non-negative transitions, a known coordinated-leader strategy, and a preferred holder only with
 * a strategy. Stateless; thread-safe.
 */
public final class LeaseStrategy implements ResourceStrategy<Lease> {

    @Override
    public List<FieldError> validate(Lease lease) {
        List<FieldError> errs = new ArrayList<>();
        LeaseSpec s = lease.getSpec() == null ? new LeaseSpec() : lease.getSpec();
        if (s.getLeaseDurationSeconds() != null && s.getLeaseDurationSeconds() <= 0) {
            errs.add(FieldError.invalid("spec.leaseDurationSeconds", s.getLeaseDurationSeconds(),
                    "must be greater than 0"));
        }
        if (s.getLeaseTransitions() != null && s.getLeaseTransitions() < 0) {
            errs.add(FieldError.invalid("spec.leaseTransitions", s.getLeaseTransitions(), Checks.NEGATIVE));
        }
        String strategy = s.getStrategy();
        if (strategy != null && !strategy.equals("OldestEmulationVersion")) {
            errs.add(FieldError.notSupported("spec.strategy", strategy, List.of("OldestEmulationVersion")));
        }
        if (!Checks.str(s.getPreferredHolder()).isEmpty() && Checks.str(strategy).isEmpty()) {
            errs.add(FieldError.forbidden("spec.preferredHolder", "may only be specified if `strategy` is defined"));
        }
        return errs;
    }
}
