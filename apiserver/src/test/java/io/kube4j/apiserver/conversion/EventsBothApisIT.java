package io.kube4j.apiserver.conversion;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.kube4j.apiserver.testing.ServerPerClass;
import org.junit.jupiter.api.Test;

/** Core v1 and events.k8s.io/v1 are two views of the same events, as upstream. */
class EventsBothApisIT extends ServerPerClass {

    @Test
    void anEventWrittenThroughEitherApiIsReadThroughBoth() {
        client.events().v1().events().inNamespace("default").resource(new io.fabric8.kubernetes.api.model.events.v1.EventBuilder()
                .withNewMetadata().withName("new-api").endMetadata()
                .withEventTime(new io.fabric8.kubernetes.api.model.MicroTime("2026-11-24T12:00:00.000000Z"))
                .withReportingController("kube4j.io/test").withReportingInstance("t1").withAction("Testing")
                .withReason("Tested").withType("Normal").withNote("written through events.k8s.io")
                .withNewRegarding().withKind("Pod").withName("web").withNamespace("default").endRegarding().build()).create();
        Event core = client.v1().events().inNamespace("default").withName("new-api").get();
        assertThat(core.getMessage()).isEqualTo("written through events.k8s.io");
        assertThat(core.getInvolvedObject().getName()).isEqualTo("web");
        assertThat(core.getReportingComponent()).isEqualTo("kube4j.io/test");

        client.v1().events().inNamespace("default").resource(new io.fabric8.kubernetes.api.model.EventBuilder()
                .withNewMetadata().withName("old-api").endMetadata().withMessage("written through core")
                .withReason("Tested").withType("Warning").withCount(4)
                .withNewInvolvedObject().withKind("Node").withName("node-1").endInvolvedObject().build()).create();
        var v1 = client.events().v1().events().inNamespace("default").withName("old-api").get();
        assertThat(v1.getNote()).isEqualTo("written through core");
        assertThat(v1.getRegarding().getName()).isEqualTo("node-1");
        assertThat(v1.getDeprecatedCount()).isEqualTo(4);

        assertThat(client.events().v1().events().inNamespace("default").withField("regarding.name", "web").list()
                .getItems()).extracting(e -> e.getMetadata().getName()).containsExactly("new-api");
        assertThat(client.v1().events().inNamespace("default").withField("involvedObject.name", "node-1").list()
                .getItems()).extracting(e -> e.getMetadata().getName()).containsExactly("old-api");

        client.events().v1().events().inNamespace("default").withName("old-api").delete();
        assertThat(client.v1().events().inNamespace("default").withName("old-api").get()).isNull();
    }
}
