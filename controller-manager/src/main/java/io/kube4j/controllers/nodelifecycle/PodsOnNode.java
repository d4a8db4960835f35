package io.kube4j.controllers.nodelifecycle;

import io.fabric8.kubernetes.api.model.Pod;
import io.kube4j.controllers.machinery.ObjectCache;
import java.util.List;

/** The pod cache's index by {@code spec.nodeName}, shared by the node controllers. Stateless. */
public final class PodsOnNode {

    /** The index name; every user registers the same function, so whoever is first wins harmlessly. */
    public static final String INDEX = "spec.nodeName";

    private PodsOnNode() {
    }

    /** Adds the index to {@code pods} (idempotent). */
    public static void index(ObjectCache<Pod> pods) {
        pods.addIndex(INDEX, p -> p.getSpec() == null || p.getSpec().getNodeName() == null
                || p.getSpec().getNodeName().isEmpty() ? List.of() : List.of(p.getSpec().getNodeName()));
    }

    /** The pods bound to {@code node}. */
    public static List<Pod> of(ObjectCache<Pod> pods, String node) {
        return pods.byIndex(INDEX, node);
    }
}
