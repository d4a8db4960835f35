package io.kube4j.apiserver.protobuf;

import static org.assertj.core.api.Assertions.assertThat;

import io.kube4j.apiserver.json.KubeJson;
import io.kubernetes.client.proto.Meta;
import io.kubernetes.client.proto.Runtime;
import io.kubernetes.client.proto.V1;
import io.kubernetes.client.proto.V1Apps;
import io.kubernetes.client.proto.V1Coordination;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Base64;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * JSON → protobuf → JSON gives back the same tree, and the bytes in between are what the
 * generated upstream message classes read.
 */
class KubeProtobufRoundTripTest {

    static {
        // the generated classes are pre-22 gencode; the tests use them only to read our bytes
        System.setProperty("com.google.protobuf.use_unsafe_pre22_gencode", "true");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"namespace", "configmap", "secret", "deployment", "pod", "service", "podlist",
            "status", "job", "lease", "controllerrevision", "crd"})
    void roundTripGivesTheSameJson(String name) throws IOException {
        JsonNode original = fixture(name);

        byte[] body = KubeProtobuf.encode(original);
        ObjectNode decoded = KubeProtobuf.decode(body);

        assertThat(Arrays.copyOf(body, 4)).containsExactly(0x6b, 0x38, 0x73, 0x00);
        assertThat(decoded).isEqualTo(original);
        assertThat(KubeProtobuf.supports(original.get("apiVersion").asString(), original.get("kind").asString())).isTrue();
    }

    /** One check per fixture of what the upstream message classes read from our bytes. */
    record Wire(String fixture, Consumer<Runtime.Unknown> check) {
        @Override
        public String toString() {
            return fixture;
        }
    }

    static Stream<Wire> wire() {
        return Stream.of(
                new Wire("deployment", u -> {
                    V1Apps.Deployment d = parse(u, V1Apps.Deployment.parser());
                    assertThat(u.getTypeMeta().getApiVersion()).isEqualTo("apps/v1");
                    assertThat(u.getTypeMeta().getKind()).isEqualTo("Deployment");
                    assertThat(d.getSpec().getReplicas()).isEqualTo(3);
                    var rolling = d.getSpec().getStrategy().getRollingUpdate();
                    assertThat(rolling.getMaxSurge().getType()).isEqualTo(1);
                    assertThat(rolling.getMaxSurge().getStrVal()).isEqualTo("25%");
                    assertThat(rolling.getMaxUnavailable().getType()).isZero();
                    assertThat(rolling.getMaxUnavailable().getIntVal()).isEqualTo(1);
                    V1.Container c = d.getSpec().getTemplate().getSpec().getContainers(0);
                    assertThat(c.getResources().getRequestsMap().get("cpu").getString()).isEqualTo("100m");
                    assertThat(c.getLivenessProbe().getHandler().getHttpGet().getPort().getStrVal()).isEqualTo("http");
                    assertThat(c.getReadinessProbe().getHandler().getTcpSocket().getPort().getIntVal()).isEqualTo(80);
                    assertThat(c.getEnv(1).getValueFrom().getSecretKeyRef().getLocalObjectReference().getName())
                            .isEqualTo("creds");
                    V1.Volume v = d.getSpec().getTemplate().getSpec().getVolumes(0);
                    assertThat(v.getVolumeSource().getConfigMap().getLocalObjectReference().getName()).isEqualTo("settings");
                    assertThat(d.getStatus().getConditions(0).getLastTransitionTime().getSeconds())
                            .isEqualTo(1714557605L);
                }),
                new Wire("secret", u -> {
                    V1.Secret s = parse(u, V1.Secret.parser());
                    assertThat(s.getDataMap().get("password").toStringUtf8()).isEqualTo("s3cr3t");
                    assertThat(s.getDataMap().get("binary").toByteArray()).containsExactly(0x80, 0x00, 0xff);
                }),
                new Wire("configmap", u -> {
                    V1.ConfigMap m = parse(u, V1.ConfigMap.parser());
                    assertThat(m.getDataMap()).containsEntry("a", "b");
                    assertThat(m.getBinaryDataMap().get("blob").toByteArray())
                            .isEqualTo(Base64.getDecoder().decode("AAECA/7/"));
                    assertThat(m.hasImmutable()).isTrue();
                    assertThat(m.getImmutable()).isFalse();
                }),
                new Wire("pod", u -> {
                    V1.Pod p = parse(u, V1.Pod.parser());
                    assertThat(p.getMetadata().hasDeletionGracePeriodSeconds()).isTrue();
                    assertThat(p.getStatus().getStartTime().getSeconds()).isEqualTo(1714557601L);
                    assertThat(p.getStatus().getContainerStatuses(0).hasReady()).isTrue();
                }),
                new Wire("lease", u -> {
                    V1Coordination.Lease l = parse(u, V1Coordination.Lease.parser());
                    assertThat(l.getSpec().getRenewTime().getNanos()).isEqualTo(345_678_000);
                }),
                new Wire("status", u -> {
                    Meta.Status s = parse(u, Meta.Status.parser());
                    assertThat(s.getCode()).isEqualTo(404);
                    assertThat(s.getDetails().getCauses(0).getField()).isEqualTo("metadata.name");
                }),
                new Wire("podlist", u -> {
                    V1.PodList l = parse(u, V1.PodList.parser());
                    assertThat(l.getMetadata().getRemainingItemCount()).isEqualTo(5_000_000_000L);
                    assertThat(l.getItemsList()).extracting(p -> p.getMetadata().getName()).containsExactly("a", "b");
                }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wire")
    void upstreamMessageClassesReadOurBytes(Wire wire) throws Exception {
        byte[] body = KubeProtobuf.encode(fixture(wire.fixture()));
        wire.check().accept(Runtime.Unknown.parseFrom(Arrays.copyOfRange(body, 4, body.length)));
    }

    @Test
    void propertiesTheMessageHasNoFieldForAreDropped() throws IOException {
        ObjectNode cm = (ObjectNode) fixture("configmap");
        cm.put("surplus", 1);
        ((ObjectNode) cm.get("metadata")).put("alsoSurplus", "x");

        ObjectNode decoded = KubeProtobuf.decode(KubeProtobuf.encode(cm));

        assertThat(decoded.has("surplus")).isFalse();
        assertThat(decoded.get("metadata").has("alsoSurplus")).isFalse();
        assertThat(decoded.get("data")).isEqualTo(cm.get("data"));
    }

    @Test
    void nullsAndTimeFractionsNormaliseAsUpstreamDoes() throws IOException {
        ObjectNode ns = (ObjectNode) KubeJson.json().readTree("""
                {"apiVersion": "v1", "kind": "Namespace",
                 "metadata": {"name": "x", "creationTimestamp": null, "deletionTimestamp": "2024-05-01T12:00:00.75+02:00"}}
                """);

        ObjectNode decoded = KubeProtobuf.decode(KubeProtobuf.encode(ns));

        assertThat(decoded.get("metadata").has("creationTimestamp")).isFalse();
        assertThat(decoded.get("metadata").get("deletionTimestamp").asString()).isEqualTo("2024-05-01T10:00:00Z");
    }

    static <T> T parse(Runtime.Unknown u, com.google.protobuf.Parser<T> parser) {
        try {
            return parser.parseFrom(u.getRaw());
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }

    static JsonNode fixture(String name) throws IOException {
        try (InputStream in = KubeProtobufRoundTripTest.class.getResourceAsStream("roundtrip/" + name + ".json")) {
            assertThat(in).as("fixture %s", name).isNotNull();
            return KubeJson.json().readTree(in);
        }
    }
}
