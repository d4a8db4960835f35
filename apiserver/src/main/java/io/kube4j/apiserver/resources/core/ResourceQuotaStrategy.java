package io.kube4j.apiserver.resources.core;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuotaStatus;
import io.kube4j.apiserver.errors.FieldError;
import io.kube4j.apiserver.registry.ResourceStrategy;
import io.kube4j.apiserver.validation.Copies;
import io.kube4j.apiserver.validation.FieldChecks;
import io.kube4j.apiserver.validation.ResourceValidation;
import io.kube4j.apiserver.validation.StatusUpdates;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * ResourceQuotas, as upstream's strategy and {@code ValidateResourceQuota}: status cleared on create
 * and kept on update, spec kept on status update; hard limits name standard or qualified resources
 * with non-negative amounts; scopes are upstream's. Stateless, thread-safe.
 */
public final class ResourceQuotaStrategy implements ResourceStrategy<ResourceQuota> {

    private static final List<String> SCOPES = List.of("BestEffort", "CrossNamespacePodAffinity", "NotBestEffort",
            "NotTerminating", "PriorityClass", "Terminating", "VolumeAttributesClass");

    @Override
    public void prepareForCreate(ResourceQuota q) {
        q.setStatus(new ResourceQuotaStatus());
    }

    @Override
    public void prepareForUpdate(ResourceQuota q, ResourceQuota old) {
        q.setStatus(Copies.deep(old.getStatus()));
    }

    @Override
    public List<FieldError> validate(ResourceQuota q) {
        List<FieldError> errs = new ArrayList<>();
        if (q.getSpec() == null) {
            return errs;
        }
        amounts(errs, "spec.hard", q.getSpec().getHard());
        List<String> scopes = q.getSpec().getScopes() == null ? List.of() : q.getSpec().getScopes();
        for (String s : scopes) {
            if (!SCOPES.contains(s)) {
                errs.add(FieldError.notSupported("spec.scopes", s, SCOPES));
            }
        }
        return errs;
    }

    @Override
    public void prepareForStatusUpdate(ResourceQuota q, ResourceQuota old) {
        q.setSpec(Copies.deep(old.getSpec()));
        StatusUpdates.resetMetadata(q, old);
    }

    @Override
    public List<FieldError> validateStatusUpdate(ResourceQuota q, ResourceQuota old) {
        List<FieldError> errs = new ArrayList<>();
        if (q.getStatus() != null) {
            amounts(errs, "status.hard", q.getStatus().getHard());
            amounts(errs, "status.used", q.getStatus().getUsed());
        }
        return errs;
    }

    private static void amounts(List<FieldError> errs, String p, Map<String, Quantity> amounts) {
        if (amounts == null) {
            return;
        }
        for (Map.Entry<String, Quantity> e : amounts.entrySet()) {
            String kp = p + "[" + e.getKey() + "]";
            ResourceValidation.resourceName(errs, kp, e.getKey());
            FieldChecks.nonNegativeQuantity(errs, kp, e.getValue());
        }
    }
}
