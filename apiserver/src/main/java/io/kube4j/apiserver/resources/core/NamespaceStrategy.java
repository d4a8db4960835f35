package io.kube4j.apiserver.resources.core;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceSpec;
import io.fabric8.kubernetes.api.model.NamespaceStatus;
import io.kube4j.apiserver.errors.FieldError;
import io.kube4j.apiserver.registry.ResourceStrategy;
import io.kube4j.apiserver.validation.Copies;
import io.kube4j.apiserver.validation.NameRule;
import io.kube4j.apiserver.validation.NameRules;
import io.kube4j.apiserver.validation.StatusUpdates;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;

/**
 * Namespaces, as upstream's namespace strategy: DNS-1123 label names; on create the status is
 * Active and {@code spec.finalizers} holds {@code kubernetes}; updates keep spec.finalizers and
 * status (the finalize and status subresources change them); the name is mirrored into the
 * {@code kubernetes.io/metadata.name} label. Stateless, thread-safe.
 */
public final class NamespaceStrategy implements ResourceStrategy<Namespace> {

    static final String NAME_LABEL = "kubernetes.io/metadata.name";
    private static final Set<String> STANDARD_FINALIZERS = Set.of("kubernetes", "orphan", "foregroundDeletion");

    @Override
    public NameRule nameRule() {
        return NameRule.DNS1123_LABEL;
    }

    @Override
    public void prepareForCreate(Namespace ns) {
        ns.setStatus(new NamespaceStatus(null, "Active"));
        if (ns.getSpec() == null) {
            ns.setSpec(new NamespaceSpec());
        }
        List<String> finalizers = ns.getSpec().getFinalizers() == null
                ? new ArrayList<>() : new ArrayList<>(ns.getSpec().getFinalizers());
        if (!finalizers.contains("kubernetes")) {
            finalizers.add("kubernetes");
        }
        ns.getSpec().setFinalizers(finalizers);
    }

    @Override
    public void prepareForUpdate(Namespace ns, Namespace old) {
        ns.setSpec(Copies.deep(old.getSpec()));
        ns.setStatus(Copies.deep(old.getStatus()));
    }

    @Override
    public void applyDefaults(Namespace ns) {
        if (ns.getStatus() == null) {
            ns.setStatus(new NamespaceStatus());
        }
        if (ns.getStatus().getPhase() == null || ns.getStatus().getPhase().isEmpty()) {
            ns.getStatus().setPhase("Active");
        }
        String name = ns.getMetadata() == null ? null : ns.getMetadata().getName();
        if (name != null && !name.isEmpty()) {
            var labels = ns.getMetadata().getLabels() == null
                    ? new LinkedHashMap<String, String>() : new LinkedHashMap<>(ns.getMetadata().getLabels());
            labels.put(NAME_LABEL, name);
            ns.getMetadata().setLabels(labels);
        }
    }

    @Override
    public List<FieldError> validate(Namespace ns) {
        List<FieldError> errs = new ArrayList<>();
        List<String> finalizers = ns.getSpec() == null || ns.getSpec().getFinalizers() == null
                ? List.of() : ns.getSpec().getFinalizers();
        for (String f : finalizers) {
            validateFinalizer(errs, "spec.finalizers", f);
        }
        return errs;
    }

    @Override
    public void prepareForStatusUpdate(Namespace ns, Namespace old) {
        ns.setSpec(Copies.deep(old.getSpec()));
        StatusUpdates.resetMetadata(ns, old);
    }

    @Override
    public List<FieldError> validateStatusUpdate(Namespace ns, Namespace old) {
        List<FieldError> errs = new ArrayList<>();
        String phase = ns.getStatus() == null || ns.getStatus().getPhase() == null ? "" : ns.getStatus().getPhase();
        boolean deleting = ns.getMetadata() != null && ns.getMetadata().getDeletionTimestamp() != null;
        if (!deleting && !phase.equals("Active")) {
            errs.add(FieldError.invalid("status.Phase", phase, "may only be 'Active' if `deletionTimestamp` is empty"));
        } else if (deleting && !phase.equals("Terminating")) {
            errs.add(FieldError.invalid("status.Phase", phase,
                    "may only be 'Terminating' if `deletionTimestamp` is not empty"));
        }
        return errs;
    }

    /** Upstream's finalizer rule for namespaces: qualified, and with a domain unless a standard one. */
    static void validateFinalizer(List<FieldError> errs, String path, String f) {
        for (String msg : NameRules.isQualifiedName(f)) {
            errs.add(FieldError.invalid(path, f, msg));
        }
        if (!f.contains("/") && !STANDARD_FINALIZERS.contains(f)) {
            errs.add(FieldError.invalid(path, f, "name is neither a standard finalizer name nor is it fully qualified"));
        }
    }
}
