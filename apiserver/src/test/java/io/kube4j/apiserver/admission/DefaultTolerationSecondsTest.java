package io.kube4j.apiserver.admission;

import static org.assertj.core.api.Assertions.assertThat;

import io.kube4j.apiserver.registry.BuiltinResources;
import io.kube4j.apiserver.registry.ResourceType;
import io.kube4j.apiserver.rest.Admission.Operation;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

class DefaultTolerationSecondsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ResourceType POD = type("Pod");
    private final DefaultTolerationSeconds admission = new DefaultTolerationSeconds();

    private static ResourceType type(String kind) {
        return BuiltinResources.all().stream().filter(t -> t.group().isEmpty() && t.kind().equals(kind)).findFirst().orElseThrow();
    }

    private static List<String> tolerations(ObjectNode pod) {
        List<String> out = new ArrayList<>();
        for (JsonNode t : pod.path("spec").path("tolerations")) {
            out.add(t.path("key").asString("") + ":" + t.path("effect").asString("") + ":" + t.path("tolerationSeconds").asString("-"));
        }
        return out;
    }

    @Test
    void addsBothTolerationsToAPodWithout() {
        ObjectNode pod = (ObjectNode) JSON.readTree("{\"metadata\":{\"name\":\"p\"},\"spec\":{\"containers\":[]}}");
        admission.admit(POD, Operation.CREATE, pod, null, false);
        assertThat(tolerations(pod)).containsExactly("node.kubernetes.io/not-ready:NoExecute:300",
                "node.kubernetes.io/unreachable:NoExecute:300");
        assertThat(pod.path("spec").path("tolerations").get(0).path("operator").asString()).isEqualTo("Exists");
    }

    @Test
    void keepsTheTolerationsThePodHas() {
        ObjectNode pod = (ObjectNode) JSON.readTree("{\"spec\":{\"tolerations\":["
                + "{\"key\":\"node.kubernetes.io/unreachable\",\"operator\":\"Exists\",\"effect\":\"NoExecute\",\"tolerationSeconds\":2},"
                + "{\"key\":\"node.kubernetes.io/not-ready\",\"operator\":\"Exists\",\"effect\":\"NoSchedule\"}]}}");
        admission.admit(POD, Operation.CREATE, pod, null, false);
        assertThat(tolerations(pod)).containsExactly("node.kubernetes.io/unreachable:NoExecute:2",
                "node.kubernetes.io/not-ready:NoSchedule:-", "node.kubernetes.io/not-ready:NoExecute:300");
    }

    @Test
    void leavesUpdatesAndOtherKindsAlone() {
        ObjectNode pod = (ObjectNode) JSON.readTree("{\"spec\":{}}");
        admission.admit(POD, Operation.UPDATE, pod, pod.deepCopy(), false);
        assertThat(tolerations(pod)).isEmpty();
        ObjectNode cm = (ObjectNode) JSON.readTree("{\"data\":{}}");
        admission.admit(type("ConfigMap"), Operation.CREATE, cm, null, false);
        assertThat(cm.has("spec")).isFalse();
    }
}
