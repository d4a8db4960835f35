package io.kube4j.scheduler.plugins;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodAffinity;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import io.fabric8.kubernetes.api.model.PodAntiAffinity;
import io.fabric8.kubernetes.api.model.WeightedPodAffinityTerm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.kube4j.scheduler.testing.Fixtures.node;
import static io.kube4j.scheduler.testing.Fixtures.pod;
import static io.kube4j.scheduler.testing.Fixtures.withLabels;

/** Terse builders for inter-pod affinity tests: pods with labels and terms, labelled nodes. */
final class PodAffinityFixtures {

    private PodAffinityFixtures() {
    }

    static Map<String, String> labels(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    static Node labelledNode(String name, String... kv) {
        return withLabels(node(name).build(), kv);
    }

    static LabelSelectorRequirement expr(String key, String op, String... values) {
        return new LabelSelectorRequirement(key, op, List.of(values));
    }

    static LabelSelector selector(LabelSelectorRequirement... exprs) {
        return new LabelSelector(List.of(exprs), null);
    }

    static LabelSelector matchLabels(String... kv) {
        return new LabelSelector(null, labels(kv));
    }

    /** A term in the owner's namespace (no namespaces, no namespaceSelector). */
    static PodAffinityTerm term(String topologyKey, LabelSelector selector) {
        return new PodAffinityTerm(selector, null, null, null, null, topologyKey);
    }

    static PodAffinityTerm term(String topologyKey, LabelSelector selector, List<String> namespaces, LabelSelector namespaceSelector) {
        return new PodAffinityTerm(selector, null, null, namespaceSelector, namespaces, topologyKey);
    }

    static WeightedPodAffinityTerm weighted(int weight, PodAffinityTerm term) {
        return new WeightedPodAffinityTerm(term, weight);
    }

    /** A pod in {@code namespace} with labels, optionally bound to {@code nodeName}. */
    static Pod labelledPod(String name, String namespace, String nodeName, Map<String, String> labels) {
        Pod p = pod(name).build();
        p.getMetadata().setNamespace(namespace);
        p.getMetadata().setLabels(labels);
        p.getSpec().setNodeName(nodeName);
        return p;
    }

    /** Builds the pod's affinity stanza; each list may be empty. */
    static Pod withAffinity(Pod p, List<PodAffinityTerm> required, List<WeightedPodAffinityTerm> preferred) {
        Affinity a = p.getSpec().getAffinity() == null ? new Affinity() : p.getSpec().getAffinity();
        a.setPodAffinity(new PodAffinity(new ArrayList<>(preferred), new ArrayList<>(required)));
        p.getSpec().setAffinity(a);
        return p;
    }

    static Pod withAntiAffinity(Pod p, List<PodAffinityTerm> required, List<WeightedPodAffinityTerm> preferred) {
        Affinity a = p.getSpec().getAffinity() == null ? new Affinity() : p.getSpec().getAffinity();
        a.setPodAntiAffinity(new PodAntiAffinity(new ArrayList<>(preferred), new ArrayList<>(required)));
        p.getSpec().setAffinity(a);
        return p;
    }
}
