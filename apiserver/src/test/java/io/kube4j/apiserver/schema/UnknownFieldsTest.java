package io.kube4j.apiserver.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.kube4j.apiserver.json.KubeJson;
import io.kube4j.apiserver.registry.BuiltinResources;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

class UnknownFieldsTest {

    private static final TypeModel MODEL = TypeModel.of(BuiltinResources.all());

    record Case(String name, Class<?> type, String json, List<String> unknown) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("all known", Pod.class, """
                        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","labels":{"a":"b"}},
                         "spec":{"containers":[{"name":"c","image":"i","ports":[{"containerPort":80}]}]}}""",
                        List.of()),
                new Case("top level and nested", Pod.class, """
                        {"apiVersion":"v1","kind":"Pod","foo":1,"spec":{"bar":true,"containers":[]}}""",
                        List.of("foo", "spec.bar")),
                new Case("in a list item", Pod.class, """
                        {"spec":{"containers":[{"name":"a"},{"name":"b","imagePullPolicyy":"Always"}]}}""",
                        List.of("spec.containers[1].imagePullPolicyy")),
                new Case("deep in a list of lists", Pod.class, """
                        {"spec":{"containers":[{"name":"a","ports":[{"containerPort":1,"hostPortt":2}]}]}}""",
                        List.of("spec.containers[0].ports[0].hostPortt")),
                new Case("in metadata", Pod.class, """
                        {"metadata":{"name":"p","labelz":{}}}""",
                        List.of("metadata.labelz")),
                new Case("maps are open", ConfigMap.class, """
                        {"metadata":{"labels":{"x":"y"},"annotations":{"anything":"goes"}},
                         "data":{"key.one":"v","other":"w"}}""",
                        List.of()),
                new Case("quantity and int-or-string values are scalars", Service.class, """
                        {"spec":{"ports":[{"port":80,"targetPort":"http"}]}}""",
                        List.of()),
                new Case("through a deployment's pod template", Deployment.class, """
                        {"spec":{"replicas":1,"template":{"spec":{"containers":[{"name":"c","resources":
                         {"limits":{"cpu":"1"},"limitz":{}}}]}},"strategy":{"rollingUpdate":{"maxSurge":1,"x":0}}}}""",
                        List.of("spec.template.spec.containers[0].resources.limitz", "spec.strategy.rollingUpdate.x")),
                new Case("null values are still fields", Pod.class, """
                        {"spec":{"nope":null}}""",
                        List.of("spec.nope")),
                new Case("case matters", Pod.class, """
                        {"Spec":{}}""",
                        List.of("Spec")),
                new Case("embedded raw objects are open", io.fabric8.kubernetes.api.model.apps.ControllerRevision.class, """
                        {"revision":1,"data":{"whatever":{"deep":1}}}""",
                        List.of()));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void findsTheUnknownFields(Case c) {
        assertThat(UnknownFields.find(MODEL, KubeJson.json().readTree(c.json()), c.type()))
                .containsExactlyElementsOf(c.unknown());
    }

    @ParameterizedTest
    @MethodSource("cases")
    void pruningDropsExactlyTheUnknownFields(Case c) {
        JsonNode tree = KubeJson.json().readTree(c.json());
        int removed = c.unknown().size();
        int before = countFields(tree);
        UnknownFields.prune(MODEL, tree, c.type());
        assertThat(UnknownFields.find(MODEL, tree, c.type())).isEmpty();
        assertThat(countFields(tree)).isLessThanOrEqualTo(before - removed);
        if (removed == 0) {
            assertThat(tree).isEqualTo(KubeJson.json().readTree(c.json()));
        }
    }

    @Test
    void pruningKeepsKnownSiblingsAndListItems() {
        JsonNode tree = KubeJson.json().readTree("""
                {"spec":{"containers":[{"name":"a","x":1},{"name":"b","image":"i","y":{"z":2}}]},"foo":1}""");
        UnknownFields.prune(MODEL, tree, Pod.class);
        assertThat(tree).isEqualTo(KubeJson.json().readTree("""
                {"spec":{"containers":[{"name":"a"},{"name":"b","image":"i"}]}}"""));
    }

    private static int countFields(JsonNode node) {
        int n = 0;
        if (node.isObject()) {
            for (var e : node.properties()) {
                n += 1 + countFields(e.getValue());
            }
        } else if (node.isArray()) {
            for (JsonNode item : node) {
                n += countFields(item);
            }
        }
        return n;
    }

    @Test
    void messagesAreWordedAsUpstream() {
        assertThat(UnknownFields.describe("spec.foo")).isEqualTo("unknown field \"spec.foo\"");
        assertThat(UnknownFields.strictMessage(List.of("spec.foo", "spec.bar")))
                .isEqualTo("strict decoding error: unknown field \"spec.foo\", unknown field \"spec.bar\"");
    }

    @Test
    void stopsAtTheLimit() {
        StringBuilder json = new StringBuilder("{\"spec\":{");
        for (int i = 0; i < 150; i++) {
            json.append(i == 0 ? "" : ",").append("\"f").append(i).append("\":0");
        }
        json.append("}}");
        List<String> found = UnknownFields.find(MODEL, KubeJson.json().readTree(json.toString()), Pod.class);
        assertThat(found).hasSize(UnknownFields.LIMIT).startsWith("spec.f0", "spec.f1");
    }
}
