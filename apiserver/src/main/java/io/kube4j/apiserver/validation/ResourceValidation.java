package io.kube4j.apiserver.validation;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.kube4j.apiserver.errors.FieldError;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Resource names and amounts as upstream's {@code ValidateResourceRequirements}: names must be
 * standard container resources ({@code cpu}, {@code memory}, {@code ephemeral-storage},
 * {@code hugepages-*}) or domain-prefixed extended resources; amounts non-negative; requests at
 * most the limit; extended resources (not overcommittable) with request equal to limit.
 * Stateless, thread-safe.
 */
public final class ResourceValidation {

    private static final Set<String> CONTAINER_RESOURCES = Set.of("cpu", "memory", "ephemeral-storage");

    /** The resource names a quota or limit range may name without a domain. */
    private static final Set<String> STANDARD = Set.of("cpu", "memory", "ephemeral-storage", "storage",
            "requests.cpu", "requests.memory", "requests.ephemeral-storage", "requests.storage",
            "limits.cpu", "limits.memory", "limits.ephemeral-storage", "pods", "services",
            "replicationcontrollers", "resourcequotas", "secrets", "configmaps", "persistentvolumeclaims",
            "services.nodeports", "services.loadbalancers");

    private ResourceValidation() {
    }

    /** A container's {@code resources} under {@code path}. */
    public static List<FieldError> validateRequirements(ResourceRequirements r, String path) {
        List<FieldError> errs = new ArrayList<>();
        if (r == null) {
            return errs;
        }
        Map<String, Quantity> limits = r.getLimits() == null ? Map.of() : r.getLimits();
        Map<String, Quantity> requests = r.getRequests() == null ? Map.of() : r.getRequests();
        for (Map.Entry<String, Quantity> e : limits.entrySet()) {
            String p = path + ".limits[" + e.getKey() + "]";
            containerResourceName(errs, p, e.getKey());
            FieldChecks.nonNegativeQuantity(errs, p, e.getValue());
        }
        for (Map.Entry<String, Quantity> e : requests.entrySet()) {
            String name = e.getKey();
            String p = path + ".requests[" + name + "]";
            containerResourceName(errs, p, name);
            FieldChecks.nonNegativeQuantity(errs, p, e.getValue());
            Quantity limit = limits.get(name);
            BigDecimal req = FieldChecks.amount(e.getValue());
            BigDecimal lim = FieldChecks.amount(limit);
            if (limit != null && req != null && lim != null) {
                if (isExtended(name) && req.compareTo(lim) != 0) {
                    errs.add(FieldError.invalid(p, FieldChecks.text(e.getValue()),
                            "must be equal to " + name + " limit of " + FieldChecks.text(limit)));
                } else if (req.compareTo(lim) > 0) {
                    errs.add(FieldError.invalid(p, FieldChecks.text(e.getValue()),
                            "must be less than or equal to " + name + " limit of " + FieldChecks.text(limit)));
                }
            } else if (limit == null && isExtended(name)) {
                errs.add(FieldError.required(path + ".limits[" + name + "]",
                        "Limit must be set for non overcommitable resources"));
            }
        }
        return errs;
    }

    /** A resource name in a quota, limit range or node capacity: standard or domain-qualified. */
    public static void resourceName(List<FieldError> errs, String path, String name) {
        FieldChecks.each(errs, path, name, NameRules::isQualifiedName);
        if (!name.contains("/") && !STANDARD.contains(name) && !name.startsWith("hugepages-")
                && !name.startsWith("requests.hugepages-") && !name.startsWith("limits.hugepages-")
                && !name.startsWith("count/")) {
            errs.add(FieldError.invalid(path, name, "must be a standard resource type or fully qualified"));
        }
    }

    private static void containerResourceName(List<FieldError> errs, String path, String name) {
        FieldChecks.each(errs, path, name, NameRules::isQualifiedName);
        if (!name.contains("/")) {
            if (!CONTAINER_RESOURCES.contains(name) && !name.startsWith("hugepages-")) {
                errs.add(FieldError.invalid(path, name, "must be a standard resource for containers"));
            }
        } else if (!isNative(name) && name.startsWith("requests.")) {
            errs.add(FieldError.invalid(path, name, "doesn't follow extended resource name standard"));
        }
    }

    /** Extended resources: domain-prefixed outside kubernetes.io, e.g. {@code example.com/gpu}. */
    static boolean isExtended(String name) {
        return name.contains("/") && !isNative(name) && !name.startsWith("requests.");
    }

    private static boolean isNative(String name) {
        if (!name.contains("/")) {
            return true;
        }
        String domain = name.substring(0, name.indexOf('/'));
        return domain.equals("kubernetes.io") || domain.endsWith(".kubernetes.io");
    }
}
