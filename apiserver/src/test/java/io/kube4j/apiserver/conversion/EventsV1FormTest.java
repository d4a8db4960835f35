package io.kube4j.apiserver.conversion;

import static org.assertj.core.api.Assertions.assertThat;

import io.kube4j.apiserver.json.KubeJson;
import io.kube4j.apiserver.registry.BuiltinResources;
import io.kube4j.apiserver.registry.ResourceType;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class EventsV1FormTest {

    private static final ObjectNode V1 = (ObjectNode) KubeJson.json().readTree("""
            {"apiVersion":"events.k8s.io/v1","kind":"Event","metadata":{"name":"e","namespace":"default"},
             "eventTime":"2026-11-24T12:00:00.000000Z","reportingController":"kube4j.io/scheduler",
             "reportingInstance":"s1","action":"Binding","reason":"Scheduled","type":"Normal",
             "regarding":{"kind":"Pod","name":"web","namespace":"default"},"note":"assigned to node-1",
             "deprecatedSource":{"component":"scheduler"},"deprecatedCount":2,
             "deprecatedFirstTimestamp":"2026-11-24T11:00:00Z","deprecatedLastTimestamp":"2026-11-24T12:00:00Z",
             "series":{"count":3,"lastObservedTime":"2026-11-24T12:00:00.000000Z"}}""");

    private static StorageForm form() {
        ResourceType type = BuiltinResources.all().stream()
                .filter(t -> t.group().equals("events.k8s.io") && t.kind().equals("Event")).findFirst().orElseThrow();
        return StorageForm.of(type);
    }

    @Test
    void storedAsACoreEventFieldForField() {
        ObjectNode stored = form().toStorage(V1);
        assertThat(stored.path("apiVersion").asString()).isEqualTo("v1");
        assertThat(stored.path("involvedObject").path("name").asString()).isEqualTo("web");
        assertThat(stored.path("message").asString()).isEqualTo("assigned to node-1");
        assertThat(stored.path("reportingComponent").asString()).isEqualTo("kube4j.io/scheduler");
        assertThat(stored.path("source").path("component").asString()).isEqualTo("scheduler");
        assertThat(stored.path("count").asInt()).isEqualTo(2);
        assertThat(stored.path("firstTimestamp").asString()).isEqualTo("2026-11-24T11:00:00Z");
        assertThat(stored.path("reason").asString()).isEqualTo("Scheduled");
        assertThat(stored.path("series").path("count").asInt()).isEqualTo(3);
        for (String gone : new String[] {"regarding", "note", "reportingController", "deprecatedSource", "deprecatedCount"}) {
            assertThat(stored.has(gone)).as(gone).isFalse();
        }
        assertThat(V1.has("regarding")).as("the argument is left alone").isTrue();
    }

    @Test
    void roundTripsExactly() {
        assertThat(form().fromStorage(form().toStorage(V1))).isEqualTo(V1);
    }

    @Test
    void otherResourcesAreStoredAsServed() {
        ResourceType pods = BuiltinResources.all().stream().filter(t -> t.kind().equals("Pod")).findFirst().orElseThrow();
        assertThat(StorageForm.of(pods)).isSameAs(StorageForm.IDENTITY);
    }
}
