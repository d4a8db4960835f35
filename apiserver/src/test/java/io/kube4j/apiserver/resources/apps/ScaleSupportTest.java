package io.kube4j.apiserver.resources.apps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v1.Scale;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class ScaleSupportTest {

    record Case(String name, HasMetadata object, String selector) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final String META = """
        metadata: {name: web, namespace: ns, uid: u-1, resourceVersion: "42"}
        """;
    private static final String SELECTOR = """
          selector:
            matchLabels: {tier: front, app: web}
            matchExpressions:
            - {key: env, operator: In, values: [prod, dev]}
            - {key: canary, operator: DoesNotExist}
        """;

    static Stream<Case> kinds() {
        String sel = "app=web,!canary,env in (dev,prod),tier=front";
        return Stream.of(
                new Case("deployment", Fixtures.read(META + "spec:\n  replicas: 3\n" + SELECTOR
                        + "status: {replicas: 2}\n", Deployment.class), sel),
                new Case("replicaset", Fixtures.read(META + "spec:\n  replicas: 3\n" + SELECTOR
                        + "status: {replicas: 2}\n", ReplicaSet.class), sel),
                new Case("statefulset", Fixtures.read(META + "spec:\n  replicas: 3\n" + SELECTOR
                        + "status: {replicas: 2}\n", StatefulSet.class), sel),
                new Case("replicationcontroller", Fixtures.read(META
                        + "spec: {replicas: 3, selector: {tier: front, app: web}}\nstatus: {replicas: 2}\n",
                        ReplicationController.class), "app=web,tier=front"));
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void scaleRoundTrips(Case c) {
        Scale scale = ScaleSupport.toScale(c.object());
        assertThat(scale.getKind()).isEqualTo("Scale");
        assertThat(scale.getApiVersion()).isEqualTo("autoscaling/v1");
        assertThat(scale.getMetadata().getName()).isEqualTo("web");
        assertThat(scale.getMetadata().getNamespace()).isEqualTo("ns");
        assertThat(scale.getMetadata().getUid()).isEqualTo("u-1");
        assertThat(scale.getMetadata().getResourceVersion()).isEqualTo("42");
        assertThat(scale.getSpec().getReplicas()).isEqualTo(3);
        assertThat(scale.getStatus().getReplicas()).isEqualTo(2);
        assertThat(scale.getStatus().getSelector()).isEqualTo(c.selector());

        scale.getSpec().setReplicas(7);
        ScaleSupport.applyScale(c.object(), scale);
        Scale again = ScaleSupport.toScale(c.object());
        assertThat(again.getSpec().getReplicas()).isEqualTo(7);
        assertThat(again.getStatus().getReplicas()).isEqualTo(2);
        assertThat(ScaleSupport.validate(again)).isEmpty();
    }

    @Test
    void negativeReplicasAndOtherKindsAreRefused() {
        Scale s = ScaleSupport.toScale(Fixtures.read(META + "spec: {replicas: 1}\n", Deployment.class));
        s.getSpec().setReplicas(-1);
        assertThat(Fixtures.summary(ScaleSupport.validate(s))).containsExactly("spec.replicas FieldValueInvalid");
        assertThatThrownBy(() -> ScaleSupport.toScale(new ConfigMap())).isInstanceOf(IllegalArgumentException.class);
        assertThat(ScaleSupport.supports(new ConfigMap())).isFalse();
    }
}
