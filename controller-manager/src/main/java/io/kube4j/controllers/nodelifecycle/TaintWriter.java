package io.kube4j.controllers.nodelifecycle;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kube4j.controllers.machinery.Api;
import io.kube4j.controllers.machinery.ApiErrors;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Writes a node's taints (upstream's controller_utils SwapNodeControllerTaint / RemoveTaintOffNode):
 * computes the new list from the node, patches {@code spec.taints} with the node's resourceVersion
 * as a precondition, and on a conflict re-reads the node live and tries again (a few times).
 * Thread-safe (stateless beyond the Api).
 */
final class TaintWriter {

    private static final int ATTEMPTS = 5;

    private final Api api;

    TaintWriter(Api api) {
        this.api = api;
    }

    /**
     * Applies {@code change} to the node's taints and writes the result when it differs.
     *
     * @return whether the node exists (false when it is gone, which callers treat as done)
     */
    boolean update(Node cached, Function<Node, List<Taint>> change) {
        Node node = cached;
        for (int attempt = 0; ; attempt++) {
            if (node == null) {
                return false;
            }
            List<Taint> next = change.apply(node);
            if (next.equals(NodeTaints.of(node))) {
                return true;
            }
            try {
                var meta = new java.util.LinkedHashMap<String, Object>();
                meta.put("resourceVersion", node.getMetadata().getResourceVersion());
                String body = Serialization.asJson(Map.of("metadata", meta, "spec", Map.of("taints", next)));
                api.patch(Node.class, null, node.getMetadata().getName(), Api.PatchKind.MERGE, body);
                return true;
            } catch (RuntimeException e) {
                if (ApiErrors.notFound(e)) {
                    return false;
                }
                if (!ApiErrors.conflict(e) || attempt + 1 >= ATTEMPTS) {
                    throw e;
                }
                node = api.get(Node.class, null, node.getMetadata().getName());
            }
        }
    }

    /** Adds {@code add} (replacing any taint with its key and effect) and removes the taints matching {@code remove}. */
    boolean swap(Node node, Taint add, List<Taint> remove) {
        return update(node, n -> {
            List<Taint> out = new ArrayList<>();
            for (Taint t : NodeTaints.of(n)) {
                boolean drop = remove.stream().anyMatch(r -> same(r, t)) || (add != null && same(add, t));
                if (!drop) {
                    out.add(t);
                }
            }
            Taint existing = add == null ? null : NodeTaints.of(n).stream().filter(t -> same(add, t)).findFirst().orElse(null);
            if (add != null) {
                out.add(existing != null ? existing : add);
            }
            return out;
        });
    }

    static boolean same(Taint a, Taint b) {
        return a.getKey().equals(b.getKey()) && a.getEffect().equals(b.getEffect());
    }
}
