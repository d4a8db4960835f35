package io.kube4j.controllers.history;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The data DaemonSets and StatefulSets keep in their ControllerRevisions, as upstream's getPatch:
 * a strategic-merge patch {@code {"spec":{"template":{...,"$patch":"replace"}}}} that restores the
 * pod template when applied to the owner. Stateless.
 */
public final class TemplateRevisions {

    private static final ObjectMapper JSON = Serialization.jsonMapper();

    private TemplateRevisions() {
    }

    /** The revision data for {@code template}, as a JSON-ready map. */
    public static Map<String, Object> dataOf(PodTemplateSpec template) {
        ObjectNode t = JSON.valueToTree(template == null ? new PodTemplateSpec() : template);
        t.put("$patch", "replace");
        ObjectNode spec = JSON.createObjectNode();
        spec.set("template", t);
        ObjectNode root = JSON.createObjectNode();
        root.set("spec", spec);
        @SuppressWarnings("unchecked")
        Map<String, Object> map = JSON.convertValue(root, LinkedHashMap.class);
        return map;
    }

    /** The pod template stored in a revision's {@code data}, or null when it holds none. */
    public static PodTemplateSpec templateOf(Object data) {
        if (data == null) {
            return null;
        }
        JsonNode t = JSON.valueToTree(data).path("spec").path("template");
        if (!(t instanceof ObjectNode o)) {
            return null;
        }
        ObjectNode copy = o.deepCopy();
        copy.remove("$patch");
        return JSON.treeToValue(copy, PodTemplateSpec.class);
    }
}
