package io.kube4j.apiserver.protobuf;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Descriptors.Descriptor;
import io.kubernetes.client.proto.V1;
import io.kubernetes.client.proto.V1Apiextensions;
import io.kubernetes.client.proto.V1Apps;
import org.junit.jupiter.api.Test;

/** The Go facts agree with the descriptors they annotate. */
class GoFieldsTest {

    @Test
    void inlineFieldsAreMessagesOfTheDescriptor() {
        for (Descriptor d : new Descriptor[] {V1.Volume.getDescriptor(), V1.Probe.getDescriptor(),
                V1.SecretKeySelector.getDescriptor(), V1.PersistentVolumeSpec.getDescriptor(),
                V1.EphemeralContainer.getDescriptor()}) {
            long inline = MessageShape.of(d).members().stream().filter(MessageShape.Member::inline).count();
            assertThat(inline).as(d.getFullName()).isEqualTo(1);
        }
    }

    @Test
    void pointerAndAlwaysFlagsSitOnScalars() {
        MessageShape spec = MessageShape.of(V1Apps.DeploymentSpec.getDescriptor());
        assertThat(member(spec, "replicas").pointer()).isTrue();
        assertThat(member(spec, "paused").pointer()).isFalse();
        MessageShape status = MessageShape.of(V1.ContainerStatus.getDescriptor());
        assertThat(member(status, "ready").always()).isTrue();
        assertThat(member(status, "started").pointer()).isTrue();
    }

    @Test
    void crdSchemaNamesAreTheJsonOnes() {
        MessageShape props = MessageShape.of(V1Apiextensions.JSONSchemaProps.getDescriptor());
        assertThat(member(props, "ref").jsonName()).isEqualTo("$ref");
        assertThat(member(props, "schema").jsonName()).isEqualTo("$schema");
        assertThat(member(props, "xKubernetesPreserveUnknownFields").jsonName())
                .isEqualTo("x-kubernetes-preserve-unknown-fields");
    }

    @Test
    void theTableIsLoadedAndKnowsSliceTypes() {
        assertThat(GoFields.builtin().size()).isGreaterThan(1000);
        assertThat(GoFields.builtin().isArray("k8s.io.apimachinery.pkg.apis.meta.v1.Verbs")).isTrue();
    }

    private static MessageShape.Member member(MessageShape shape, String field) {
        return shape.members().stream().filter(m -> m.field().getName().equals(field)).findFirst()
                .orElseThrow(() -> new AssertionError("no field " + field));
    }
}
