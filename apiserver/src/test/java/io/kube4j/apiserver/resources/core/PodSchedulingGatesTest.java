package io.kube4j.apiserver.resources.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSchedulingGate;
import io.kube4j.apiserver.errors.FieldError;
import io.kube4j.apiserver.json.KubeJson;
import io.kube4j.apiserver.validation.Copies;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** spec.schedulingGates: the create-time condition, the names, nodeName, and removal-only updates. */
class PodSchedulingGatesTest {

    private final PodStrategy strategy = new PodStrategy();

    private static Pod pod(String... gates) {
        Pod p = KubeJson.yaml().readValue("""
                apiVersion: v1
                kind: Pod
                metadata: {name: p, namespace: d}
                spec:
                  containers: [{name: c, image: nginx}]
                """, Pod.class);
        p.getSpec().setSchedulingGates(Arrays.stream(gates).map(PodSchedulingGate::new).toList());
        return p;
    }

    private static List<String> messages(List<FieldError> errs) {
        return errs.stream().map(FieldError::message).toList();
    }

    @Test
    void aGatedPodStartsSchedulingGatedAndAnUngatedOneWithoutConditions() {
        Pod gated = pod("example.com/quota");
        strategy.prepareForCreate(gated);
        assertThat(gated.getStatus().getConditions()).singleElement().satisfies(c -> {
            assertThat(c.getType()).isEqualTo("PodScheduled");
            assertThat(c.getStatus()).isEqualTo("False");
            assertThat(c.getReason()).isEqualTo("SchedulingGated");
            assertThat(c.getMessage()).isEqualTo("Scheduling is blocked due to non-empty scheduling gates");
        });
        Pod free = pod();
        strategy.prepareForCreate(free);
        assertThat(free.getStatus().getConditions()).isEmpty();
    }

    @Test
    void gateNamesAreQualifiedAndUniqueAndAGatedPodNamesNoNode() {
        assertThat(strategy.validate(pod("example.com/a", "b"))).isEmpty();
        Pod bad = pod("ok", "not a name", "ok");
        bad.getSpec().setNodeName("n1");
        assertThat(messages(strategy.validate(bad))).containsExactly(
                "spec.schedulingGates[1].name: Invalid value: \"not a name\": name part must consist of alphanumeric "
                        + "characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. "
                        + "'MyName',  or 'my.name',  or '123-abc', regex used for validation is "
                        + "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
                "spec.schedulingGates[2].name: Duplicate value: \"ok\"",
                "spec.nodeName: Forbidden: cannot be set until all schedulingGates have been cleared");
    }

    @Test
    void updatesMayRemoveGatesButNotAddThem() {
        Pod old = pod("a", "b");
        Pod removed = Copies.deep(old);
        removed.getSpec().setSchedulingGates(List.of(new PodSchedulingGate("b")));
        assertThat(strategy.validateUpdate(removed, old)).isEmpty();

        Pod added = Copies.deep(old);
        added.getSpec().setSchedulingGates(List.of(new PodSchedulingGate("a"), new PodSchedulingGate("c")));
        assertThat(messages(strategy.validateUpdate(added, old))).containsExactly(
                "spec.schedulingGates: Forbidden: only deletion is allowed, but found new scheduling gate 'c'");
    }
}
