package io.kube4j.scheduler.plugins;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import io.fabric8.kubernetes.api.model.WeightedPodAffinityTerm;

import java.util.ArrayList;
import java.util.List;

/**
 * A pod's inter-pod affinity and anti-affinity terms, compiled (upstream keeps them in PodInfo).
 * Immutable and thread-safe.
 */
record PodAffinityTerms(List<AffinityTerm> requiredAffinity, List<AffinityTerm> requiredAntiAffinity,
                        List<AffinityTerm> preferredAffinity, List<AffinityTerm> preferredAntiAffinity) {

    static final PodAffinityTerms NONE = new PodAffinityTerms(List.of(), List.of(), List.of(), List.of());

    PodAffinityTerms {
        requiredAffinity = List.copyOf(requiredAffinity);
        requiredAntiAffinity = List.copyOf(requiredAntiAffinity);
        preferredAffinity = List.copyOf(preferredAffinity);
        preferredAntiAffinity = List.copyOf(preferredAntiAffinity);
    }

    /**
     * Compiles the terms of {@code pod}.
     *
     * @throws IllegalArgumentException when a term's selector is malformed
     */
    static PodAffinityTerms of(Pod pod) {
        if (!hasPodAffinity(pod)) {
            return NONE;
        }
        Affinity a = pod.getSpec().getAffinity();
        String ns = pod.getMetadata().getNamespace();
        var affinity = a.getPodAffinity();
        var anti = a.getPodAntiAffinity();
        return new PodAffinityTerms(
                required(affinity == null ? null : affinity.getRequiredDuringSchedulingIgnoredDuringExecution(), ns),
                required(anti == null ? null : anti.getRequiredDuringSchedulingIgnoredDuringExecution(), ns),
                preferred(affinity == null ? null : affinity.getPreferredDuringSchedulingIgnoredDuringExecution(), ns),
                preferred(anti == null ? null : anti.getPreferredDuringSchedulingIgnoredDuringExecution(), ns));
    }

    /** Whether {@code pod} has a podAffinity or podAntiAffinity stanza (upstream's "pod with affinity"). */
    static boolean hasPodAffinity(Pod pod) {
        Affinity a = pod.getSpec() == null ? null : pod.getSpec().getAffinity();
        return a != null && (a.getPodAffinity() != null || a.getPodAntiAffinity() != null);
    }

    /** Whether {@code pod} has at least one required anti-affinity term, without compiling it. */
    static boolean hasRequiredAntiAffinity(Pod pod) {
        Affinity a = pod.getSpec() == null ? null : pod.getSpec().getAffinity();
        return a != null && a.getPodAntiAffinity() != null
                && a.getPodAntiAffinity().getRequiredDuringSchedulingIgnoredDuringExecution() != null
                && !a.getPodAntiAffinity().getRequiredDuringSchedulingIgnoredDuringExecution().isEmpty();
    }

    boolean hasRequired() {
        return !requiredAffinity.isEmpty() || !requiredAntiAffinity.isEmpty();
    }

    boolean hasPreferred() {
        return !preferredAffinity.isEmpty() || !preferredAntiAffinity.isEmpty();
    }

    private static List<AffinityTerm> required(List<PodAffinityTerm> terms, String ns) {
        List<AffinityTerm> out = new ArrayList<>();
        if (terms != null) {
            for (PodAffinityTerm t : terms) {
                out.add(AffinityTerm.of(t, ns, 1));
            }
        }
        return out;
    }

    private static List<AffinityTerm> preferred(List<WeightedPodAffinityTerm> terms, String ns) {
        List<AffinityTerm> out = new ArrayList<>();
        if (terms != null) {
            for (WeightedPodAffinityTerm t : terms) {
                if (t.getPodAffinityTerm() != null) {
                    out.add(AffinityTerm.of(t.getPodAffinityTerm(), ns, t.getWeight() == null ? 0 : t.getWeight()));
                }
            }
        }
        return out;
    }
}
