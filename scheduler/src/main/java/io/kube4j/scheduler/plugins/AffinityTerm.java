package io.kube4j.scheduler.plugins;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;

import java.util.Map;
import java.util.Set;

/**
 * One pod (anti-)affinity term, compiled: which namespaces it looks at, which pods it selects,
 * the topology key that defines "the same place", and its weight (1 for required terms).
 * Immutable and thread-safe.
 *
 * @param namespaces        namespaces named by the term; the owner's own namespace when the term
 *                          names none and has no namespaceSelector (upstream's default)
 * @param namespaceSelector selects further namespaces by their labels; {@link LabelSelection#NOTHING} when absent
 * @param selector          selects pods by their labels; {@link LabelSelection#NOTHING} when absent
 * @param topologyKey       node label whose value groups nodes into one topology domain
 * @param weight            the preferred term's weight, 1 for a required term
 */
record AffinityTerm(Set<String> namespaces, LabelSelection namespaceSelector, LabelSelection selector,
                    String topologyKey, int weight) {

    AffinityTerm {
        namespaces = Set.copyOf(namespaces);
    }

    /**
     * Compiles {@code term} of a pod in namespace {@code ownerNamespace}.
     *
     * @throws IllegalArgumentException when a selector is malformed
     */
    static AffinityTerm of(PodAffinityTerm term, String ownerNamespace, int weight) {
        Set<String> namespaces = term.getNamespaces() == null ? Set.of() : Set.copyOf(term.getNamespaces());
        if (namespaces.isEmpty() && term.getNamespaceSelector() == null) {
            namespaces = Set.of(ownerNamespace);
        }
        return new AffinityTerm(namespaces, LabelSelection.of(term.getNamespaceSelector()),
                LabelSelection.of(term.getLabelSelector()),
                term.getTopologyKey() == null ? "" : term.getTopologyKey(), weight);
    }

    /**
     * Whether {@code pod} is selected by this term: its namespace is named or selected, and its
     * labels match.
     *
     * @param namespaceLabels the labels of {@code pod}'s namespace, or null when that namespace is
     *                        unknown (then only a named namespace can match)
     */
    boolean matches(Pod pod, Map<String, String> namespaceLabels) {
        String ns = pod.getMetadata().getNamespace();
        boolean inNamespace = namespaces.contains(ns)
                || (namespaceLabels != null && namespaceSelector.matches(namespaceLabels));
        return inNamespace && selector.matches(pod.getMetadata().getLabels());
    }
}
