package io.kube4j.apiserver.admission;

import io.kube4j.apiserver.registry.ResourceType;
import io.kube4j.apiserver.rest.Admission;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Upstream's DefaultTolerationSeconds admission plugin: a pod created without a NoExecute
 * toleration for {@code node.kubernetes.io/not-ready} or {@code node.kubernetes.io/unreachable}
 * gets one (operator Exists, tolerationSeconds 300), so that the taint eviction controller evicts
 * it five minutes after its node fails rather than at once. Updates are untouched. Stateless and
 * thread-safe.
 */
public final class DefaultTolerationSeconds implements Admission {

    static final String NOT_READY = "node.kubernetes.io/not-ready";
    static final String UNREACHABLE = "node.kubernetes.io/unreachable";
    /** Upstream's --default-not-ready-toleration-seconds and --default-unreachable-toleration-seconds. */
    static final long DEFAULT_SECONDS = 300;

    @Override
    public void admit(ResourceType type, Operation operation, ObjectNode object, ObjectNode old, boolean dryRun) {
        if (operation != Operation.CREATE || !type.group().isEmpty() || !type.kind().equals("Pod")) {
            return;
        }
        ObjectNode spec = object.has("spec") && object.get("spec").isObject()
                ? (ObjectNode) object.get("spec") : object.putObject("spec");
        JsonNode existing = spec.get("tolerations");
        ArrayNode tolerations = existing != null && existing.isArray() ? (ArrayNode) existing : spec.putArray("tolerations");
        boolean notReady = false;
        boolean unreachable = false;
        for (JsonNode t : tolerations) {
            String effect = t.path("effect").asString("");
            if (!effect.isEmpty() && !effect.equals("NoExecute")) {
                continue;
            }
            String key = t.path("key").asString("");
            notReady |= key.equals(NOT_READY);
            unreachable |= key.equals(UNREACHABLE);
        }
        if (!notReady) {
            add(tolerations, NOT_READY);
        }
        if (!unreachable) {
            add(tolerations, UNREACHABLE);
        }
    }

    private static void add(ArrayNode tolerations, String key) {
        tolerations.addObject().put("key", key).put("operator", "Exists").put("effect", "NoExecute")
                .put("tolerationSeconds", DEFAULT_SECONDS);
    }
}
