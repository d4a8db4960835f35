package io.kube4j.controllers.daemonset;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.NodeAffinity;
import io.fabric8.kubernetes.api.model.NodeSelector;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.NodeSelectorTermBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kube4j.controllers.history.ControllerHistory;
import io.kube4j.controllers.machinery.ControllerRefs;
import io.kube4j.controllers.machinery.Pods;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Daemon pods as upstream's daemon util builds and reads them: the template with the default
 * daemon tolerations, the {@code pod-template-generation} and {@code controller-revision-hash}
 * labels, and a required node affinity on {@code metadata.name} so the default scheduler binds the
 * pod to its node; the node a pod targets; whether a pod is of the current revision. Stateless.
 */
public final class DaemonPods {

    public static final String TEMPLATE_GENERATION_LABEL = "pod-template-generation";
    static final String NODE_NAME_FIELD = "metadata.name";

    private DaemonPods() {
    }

    /** The template's pod spec with the default daemon tolerations added (a copy). */
    public static PodSpec withDefaultTolerations(PodSpec spec) {
        PodSpec copy = spec == null ? new PodSpec() : Serialization.clone(spec);
        List<Toleration> tolerations = new ArrayList<>(copy.getTolerations() == null ? List.of() : copy.getTolerations());
        add(tolerations, "node.kubernetes.io/not-ready", "NoExecute");
        add(tolerations, "node.kubernetes.io/unreachable", "NoExecute");
        add(tolerations, "node.kubernetes.io/disk-pressure", "NoSchedule");
        add(tolerations, "node.kubernetes.io/memory-pressure", "NoSchedule");
        add(tolerations, "node.kubernetes.io/pid-pressure", "NoSchedule");
        add(tolerations, "node.kubernetes.io/unschedulable", "NoSchedule");
        if (Boolean.TRUE.equals(copy.getHostNetwork())) {
            add(tolerations, "node.kubernetes.io/network-unavailable", "NoSchedule");
        }
        copy.setTolerations(tolerations);
        return copy;
    }

    private static void add(List<Toleration> tolerations, String key, String effect) {
        Toleration t = new TolerationBuilder().withKey(key).withOperator("Exists").withEffect(effect).build();
        // Same key, operator, value and effect: replace (upstream's AddOrUpdateTolerationInPodSpec).
        for (int i = 0; i < tolerations.size(); i++) {
            Toleration o = tolerations.get(i);
            if (Objects.equals(o.getKey(), key) && Objects.equals(o.getEffect(), effect) && "Exists".equals(o.getOperator())
                    && (o.getValue() == null || o.getValue().isEmpty())) {
                tolerations.set(i, t);
                return;
            }
        }
        tolerations.add(t);
    }

    /** The pod to create for {@code ds} on {@code nodeName} at revision {@code hash}. */
    public static Pod forNode(DaemonSet ds, String nodeName, String hash) {
        PodTemplateSpec template = ds.getSpec().getTemplate();
        Pod pod = Pods.fromTemplate(template, ds, ControllerRefs.newControllerRef(ds));
        pod.setSpec(withDefaultTolerations(pod.getSpec()));
        Map<String, String> labels = pod.getMetadata().getLabels();
        if (ds.getMetadata().getGeneration() != null) {
            labels.put(TEMPLATE_GENERATION_LABEL, Long.toString(ds.getMetadata().getGeneration()));
        }
        if (hash != null && !hash.isEmpty()) {
            labels.put(ControllerHistory.HASH_LABEL, hash);
        }
        pod.getSpec().setAffinity(pinnedTo(pod.getSpec().getAffinity(), nodeName));
        return pod;
    }

    /**
     * {@code affinity} with its required node selector replaced by one matching only
     * {@code nodeName} by field (upstream's ReplaceDaemonSetPodNodeNameNodeAffinity); other
     * affinity kinds and preferred terms are kept. The node already passed the original terms.
     */
    static Affinity pinnedTo(Affinity affinity, String nodeName) {
        NodeSelectorRequirement byName = new NodeSelectorRequirementBuilder().withKey(NODE_NAME_FIELD).withOperator("In")
                .withValues(nodeName).build();
        NodeSelector selector = new NodeSelector(List.of(new NodeSelectorTermBuilder().withMatchFields(byName).build()));
        Affinity a = affinity == null ? new Affinity() : affinity;
        if (a.getNodeAffinity() == null) {
            a.setNodeAffinity(new NodeAffinity());
        }
        a.getNodeAffinity().setRequiredDuringSchedulingIgnoredDuringExecution(selector);
        return a;
    }

    /** The node a daemon pod is on or is pinned to (upstream's GetTargetNodeName), or null. */
    public static String targetNode(Pod pod) {
        if (Pods.assigned(pod)) {
            return pod.getSpec().getNodeName();
        }
        Affinity a = pod.getSpec() == null ? null : pod.getSpec().getAffinity();
        if (a == null || a.getNodeAffinity() == null || a.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution() == null) {
            return null;
        }
        List<NodeSelectorTerm> terms = a.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms();
        for (NodeSelectorTerm term : terms == null ? List.<NodeSelectorTerm>of() : terms) {
            for (NodeSelectorRequirement r : term.getMatchFields() == null ? List.<NodeSelectorRequirement>of() : term.getMatchFields()) {
                if (NODE_NAME_FIELD.equals(r.getKey()) && "In".equals(r.getOperator()) && r.getValues() != null && r.getValues().size() == 1) {
                    return r.getValues().getFirst();
                }
            }
        }
        return null;
    }

    /**
     * Whether {@code pod} is of the revision {@code hash} (upstream's IsPodUpdated; the template
     * generation it also accepts is an annotation this apiserver does not set, so the hash decides).
     */
    public static boolean updated(Pod pod, String hash) {
        Map<String, String> labels = pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
        return hash != null && !hash.isEmpty() && hash.equals(labels.get(ControllerHistory.HASH_LABEL));
    }
}
