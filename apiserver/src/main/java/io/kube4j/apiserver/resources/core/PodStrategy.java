package io.kube4j.apiserver.resources.core;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Toleration;
import io.kube4j.apiserver.errors.FieldError;
import io.kube4j.apiserver.registry.ResourceStrategy;
import io.kube4j.apiserver.validation.Copies;
import io.kube4j.apiserver.validation.FieldChecks;
import io.kube4j.apiserver.validation.PodSpecDefaults;
import io.kube4j.apiserver.validation.PodSpecValidation;
import io.kube4j.apiserver.validation.StatusUpdates;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Pods, as upstream's {@code pkg/registry/core/pod/strategy.go}: status reset to Pending with the
 * QoS class on create; the spec is immutable on update except container and init-container images,
 * {@code activeDeadlineSeconds} (set or lowered), added tolerations and a negative grace period
 * raised to 1; the status subresource keeps the spec. Stateless, thread-safe.
 */
public final class PodStrategy implements ResourceStrategy<Pod> {

    private static final String UPDATABLE = "pod updates may not change fields other than "
            + "`spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,"
            + "`spec.tolerations` (only additions to existing tolerations),"
            + "`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)";

    @Override
    public void prepareForCreate(Pod pod) {
        PodStatus status = new PodStatus();
        status.setPhase("Pending");
        pod.setStatus(status);
        PodSchedulingGates.markGated(pod);
    }

    @Override
    public void prepareForUpdate(Pod pod, Pod old) {
        pod.setStatus(Copies.deep(old.getStatus()));
    }

    @Override
    public void applyDefaults(Pod pod) {
        if (pod.getSpec() == null) {
            pod.setSpec(new PodSpec());
        }
        PodSpecDefaults.apply(pod.getSpec());
        PodSpecDefaults.applyPodOnly(pod.getSpec());
        if (pod.getStatus() != null && pod.getStatus().getQosClass() == null) {
            pod.getStatus().setQosClass(PodQos.of(pod.getSpec()));
        }
    }

    @Override
    public List<FieldError> validate(Pod pod) {
        List<FieldError> errs = new ArrayList<>(PodSpecValidation.validate(spec(pod), "spec"));
        PodSchedulingGates.validate(errs, spec(pod));
        return errs;
    }

    @Override
    public List<FieldError> validateUpdate(Pod pod, Pod old) {
        List<FieldError> errs = new ArrayList<>(validate(pod));
        PodSpec spec = spec(pod);
        PodSpec was = spec(old);
        Long deadline = spec.getActiveDeadlineSeconds();
        Long oldDeadline = was.getActiveDeadlineSeconds();
        if (oldDeadline != null) {
            if (deadline == null) {
                errs.add(FieldError.invalid("spec.activeDeadlineSeconds", "nil",
                        "must not update from a positive integer to nil value"));
            } else if (deadline > oldDeadline) {
                errs.add(FieldError.invalid("spec.activeDeadlineSeconds", deadline,
                        "must be less than or equal to previous value"));
            }
        }
        // what the spec would be if only the updatable fields had been taken from the new one
        PodSpec munged = Copies.deep(was);
        copyImages(munged.getContainers(), spec.getContainers());
        copyImages(munged.getInitContainers(), spec.getInitContainers());
        munged.setActiveDeadlineSeconds(deadline);
        // Gates are checked on their own (only removals); the spec comparison leaves them out.
        PodSchedulingGates.checkOnlyRemovals(errs, spec, was);
        munged.setSchedulingGates(spec.getSchedulingGates());
        if (onlyAdditions(was.getTolerations(), spec.getTolerations())) {
            munged.setTolerations(spec.getTolerations()); // munged is only compared, never changed after
        }
        Long grace = spec.getTerminationGracePeriodSeconds();
        Long oldGrace = was.getTerminationGracePeriodSeconds();
        if (oldGrace != null && oldGrace < 0 && Objects.equals(grace, 1L)) {
            munged.setTerminationGracePeriodSeconds(1L);
        }
        if (!munged.equals(spec)) {
            errs.add(FieldError.forbidden("spec", UPDATABLE + "\n" + SpecDiff.describe(was, spec)));
        }
        return errs;
    }

    @Override
    public void prepareForStatusUpdate(Pod pod, Pod old) {
        pod.setSpec(Copies.deep(old.getSpec()));
        StatusUpdates.resetMetadata(pod, old);
        // upstream backfills the QoS class when a status write leaves it out (old kubelets dropped it)
        if (pod.getStatus() == null) {
            pod.setStatus(new PodStatus());
        }
        if (pod.getStatus().getQosClass() == null || pod.getStatus().getQosClass().isEmpty()) {
            pod.getStatus().setQosClass(old.getStatus() == null ? null : old.getStatus().getQosClass());
        }
    }

    @Override
    public List<FieldError> validateStatusUpdate(Pod pod, Pod old) {
        List<FieldError> errs = new ArrayList<>();
        String qos = pod.getStatus() == null ? null : pod.getStatus().getQosClass();
        String oldQos = old.getStatus() == null ? null : old.getStatus().getQosClass();
        if (oldQos != null) {
            FieldChecks.immutable(errs, "status.qosClass", qos, oldQos);
        }
        return errs;
    }

    private static void copyImages(List<Container> into, List<Container> from) {
        if (into == null || from == null || into.size() != from.size()) {
            return;
        }
        for (int i = 0; i < into.size(); i++) {
            into.get(i).setImage(from.get(i).getImage());
        }
    }

    /** Upstream lets tolerations be added, never removed or changed (bar tolerationSeconds). */
    private static boolean onlyAdditions(List<Toleration> old, List<Toleration> now) {
        List<Toleration> was = old == null ? List.of() : old;
        List<Toleration> is = now == null ? List.of() : now;
        return is.containsAll(was);
    }

    private static PodSpec spec(Pod pod) {
        return pod.getSpec() == null ? new PodSpec() : pod.getSpec();
    }
}
