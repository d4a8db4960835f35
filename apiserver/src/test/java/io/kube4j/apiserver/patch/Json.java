package io.kube4j.apiserver.patch;

import io.kube4j.apiserver.json.KubeJson;
import tools.jackson.databind.JsonNode;

/** Test helper: JSON text with single quotes for readability. */
final class Json {
    private Json() {
    }

    static JsonNode parse(String singleQuoted) {
        return KubeJson.json().readTree(singleQuoted.replace('\'', '"'));
    }
}
