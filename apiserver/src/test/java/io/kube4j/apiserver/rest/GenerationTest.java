package io.kube4j.apiserver.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.kube4j.apiserver.json.KubeJson;
import tools.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class GenerationTest {

    private static ObjectNode parse(String json) {
        return (ObjectNode) KubeJson.json().readTree(json);
    }

    @Test
    void anIntAndALongOfTheSameValueAreNoSpecChange() {
        ObjectNode stored = parse("{\"metadata\":{\"labels\":{}},\"spec\":{\"grace\":30}}");
        ObjectNode typed = parse("{\"metadata\":{\"labels\":{\"x\":\"y\"}},\"spec\":{}}");
        ((ObjectNode) typed.get("spec")).put("grace", 30L);
        assertThat(Generation.specChanged(typed, stored)).isFalse();
    }

    @Test
    void aDifferentNumberOrFieldIsASpecChange() {
        ObjectNode stored = parse("{\"spec\":{\"grace\":30,\"name\":\"a\"}}");
        assertThat(Generation.specChanged(parse("{\"spec\":{\"grace\":31,\"name\":\"a\"}}"), stored)).isTrue();
        assertThat(Generation.specChanged(parse("{\"spec\":{\"grace\":30,\"name\":\"b\"}}"), stored)).isTrue();
        assertThat(Generation.specChanged(parse("{\"spec\":{\"grace\":30}}"), stored)).isTrue();
        assertThat(Generation.specChanged(parse("{\"spec\":{\"grace\":\"30\",\"name\":\"a\"}}"), stored)).isTrue();
    }
}
