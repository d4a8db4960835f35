package io.kube4j.apiserver.fields;

import tools.jackson.databind.JsonNode;

/** Null-safe readers of an object's JSON tree, with Go's zero values. Stateless, thread-safe. */
final class Values {

    private Values() {
    }

    /** The string at {@code path} (dot-separated fields), or empty when absent or null. */
    static String str(JsonNode object, String path) {
        JsonNode n = at(object, path);
        return n.isString() ? n.asString() : n.isMissingNode() || n.isNull() ? "" : n.asString("");
    }

    /** The integer at {@code path} as decimal text, {@code 0} when absent. */
    static String num(JsonNode object, String path) {
        return Long.toString(at(object, path).asLong(0));
    }

    /** The boolean at {@code path} as {@code true}/{@code false}, {@code false} when absent. */
    static String bool(JsonNode object, String path) {
        return Boolean.toString(at(object, path).asBoolean(false));
    }

    static JsonNode at(JsonNode object, String path) {
        JsonNode n = object;
        for (String part : path.split("\\.")) {
            n = n.path(part);
        }
        return n;
    }

    /**
     * The pod's primary IP as upstream's internal form has it: {@code status.podIP} when set
     * (it wins over a disagreeing {@code podIPs}), else the first of {@code podIPs}.
     */
    static String primaryPodIP(JsonNode pod) {
        String ip = str(pod, "status.podIP");
        return !ip.isEmpty() ? ip : pod.path("status").path("podIPs").path(0).path("ip").asString("");
    }
}
