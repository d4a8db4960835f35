package io.kube4j.scheduler.plugins;

import java.util.HashMap;
import java.util.Map;

/**
 * The labels of namespaces, as InterPodAffinity reads them to evaluate a term's
 * {@code namespaceSelector} (upstream reads a namespace lister). Implementations must be
 * thread-safe: the plugin asks from concurrent scheduling cycles.
 */
@FunctionalInterface
public interface NamespaceLabels {

    /** The label every namespace carries, set by the apiserver to the namespace's own name. */
    String NAME_LABEL = "kubernetes.io/metadata.name";

    /**
     * The labels of {@code namespace}, or null when the namespace is not known (then no
     * namespaceSelector selects it).
     */
    Map<String, String> labelsOf(String namespace);

    /**
     * The default when no namespace source is wired: every namespace exists and carries only its
     * automatic {@value #NAME_LABEL} label, so selectors on that label work and others match
     * only through {@code {}} (every namespace).
     */
    static NamespaceLabels automatic() {
        return ns -> Map.of(NAME_LABEL, ns);
    }

    /**
     * A fixed set of namespaces and their labels; the automatic name label is added to each.
     * Namespaces not in {@code labels} are unknown.
     */
    static NamespaceLabels of(Map<String, Map<String, String>> labels) {
        Map<String, Map<String, String>> copy = new HashMap<>();
        labels.forEach((ns, l) -> {
            Map<String, String> withName = new HashMap<>(l);
            withName.putIfAbsent(NAME_LABEL, ns);
            copy.put(ns, Map.copyOf(withName));
        });
        Map<String, Map<String, String>> frozen = Map.copyOf(copy);
        return frozen::get;
    }
}
