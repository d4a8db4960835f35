package io.kube4j.apiserver.protobuf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.kube4j.apiserver.errors.ApiException;
import io.kube4j.apiserver.json.KubeJson;
import io.kubernetes.client.proto.IntStr;
import io.kubernetes.client.proto.Meta;
import io.kubernetes.client.proto.Resource;
import io.kubernetes.client.proto.Runtime;
import io.kubernetes.client.proto.V1;
import io.kubernetes.client.proto.V1Apps;
import java.io.ByteArrayOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Decoding envelopes built by hand with the upstream message classes, and refusing bad ones. */
class KubeProtobufDecodeTest {

    /** Go writes every non-pointer field, so these envelopes do too: zero values included. */
    static byte[] envelope(String apiVersion, String kind, com.google.protobuf.MessageLite object) {
        return envelope(Runtime.Unknown.newBuilder()
                .setTypeMeta(Runtime.TypeMeta.newBuilder().setApiVersion(apiVersion).setKind(kind))
                .setRaw(object.toByteString()).setContentEncoding("").setContentType("").build().toByteArray());
    }

    static byte[] envelope(byte[] unknown) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {'k', '8', 's', 0});
        out.writeBytes(unknown);
        return out.toByteArray();
    }

    static Meta.ObjectMeta.Builder goMeta(String name) {
        return Meta.ObjectMeta.newBuilder().setName(name).setGenerateName("").setNamespace("").setSelfLink("")
                .setUid("").setResourceVersion("").setGeneration(0)
                .setCreationTimestamp(Meta.Time.getDefaultInstance());
    }

    @Test
    void namespaceAsGoWritesItDropsZeroValuesAndTheZeroTime() {
        byte[] body = envelope("v1", "Namespace", V1.Namespace.newBuilder()
                .setMetadata(goMeta("x").putLabels("team", "a"))
                .setSpec(V1.NamespaceSpec.getDefaultInstance())
                .setStatus(V1.NamespaceStatus.newBuilder().setPhase("")).build());

        assertThat(KubeProtobuf.decode(body)).isEqualTo(json("""
                {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "x", "labels": {"team": "a"}},
                 "spec": {}, "status": {}}"""));
    }

    @Test
    void deploymentKeepsPointerZerosAndPrintsIntOrStringQuantityAndTimes() {
        V1.Container container = V1.Container.newBuilder().setName("c").setImage("nginx")
                .setResources(V1.ResourceRequirements.newBuilder()
                        .putRequests("memory", Resource.Quantity.newBuilder().setString("64Mi").build()))
                .addPorts(V1.ContainerPort.newBuilder().setContainerPort(0).setName("").setProtocol("TCP"))
                .build();
        V1Apps.Deployment d = V1Apps.Deployment.newBuilder()
                .setMetadata(goMeta("d").setCreationTimestamp(Meta.Time.newBuilder().setSeconds(0).setNanos(0)))
                .setSpec(V1Apps.DeploymentSpec.newBuilder().setReplicas(0).setPaused(false)
                        .setStrategy(V1Apps.DeploymentStrategy.newBuilder().setType("RollingUpdate")
                                .setRollingUpdate(V1Apps.RollingUpdateDeployment.newBuilder()
                                        .setMaxSurge(IntStr.IntOrString.newBuilder().setType(1).setIntVal(0).setStrVal("25%"))
                                        .setMaxUnavailable(IntStr.IntOrString.newBuilder().setType(0).setIntVal(0).setStrVal(""))))
                        .setTemplate(V1.PodTemplateSpec.newBuilder().setSpec(V1.PodSpec.newBuilder().addContainers(container))))
                .build();

        ObjectNode decoded = KubeProtobuf.decode(envelope("apps/v1", "Deployment", d));

        // the epoch carries seconds=0 explicitly, so it is a time, not the zero time
        assertThat(decoded.at("/metadata/creationTimestamp").asString()).isEqualTo("1970-01-01T00:00:00Z");
        assertThat(decoded.at("/spec")).isEqualTo(json("""
                {"replicas": 0,
                 "template": {"spec": {"containers": [{"name": "c", "image": "nginx",
                   "ports": [{"containerPort": 0, "protocol": "TCP"}],
                   "resources": {"requests": {"memory": "64Mi"}}}]}},
                 "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 0, "maxSurge": "25%"}}}"""));
    }

    @Test
    void secretBytesBecomeBase64() {
        byte[] body = envelope("v1", "Secret", V1.Secret.newBuilder().setMetadata(Meta.ObjectMeta.newBuilder().setName("s"))
                .putData("k", ByteString.copyFrom(new byte[] {(byte) 0xff, 0, 'a'})).setType("Opaque").build());

        assertThat(KubeProtobuf.decode(body).get("data")).isEqualTo(json("{\"k\": \"/wBh\"}"));
    }

    @Test
    void watchEventFramesRoundTripAndCarryAWholeEnvelope() throws Exception {
        JsonNode pod = json("""
                {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", "resourceVersion": "9"}}""");

        byte[] frame = KubeProtobuf.encodeWatchEvent("ADDED", pod);

        assertThat(java.nio.ByteBuffer.wrap(frame).getInt()).isEqualTo(frame.length - 4);
        System.setProperty("com.google.protobuf.use_unsafe_pre22_gencode", "true");
        Meta.WatchEvent event = Meta.WatchEvent.parseFrom(ByteString.copyFrom(frame, 4, frame.length - 4));
        assertThat(event.getType()).isEqualTo("ADDED");
        assertThat(event.getObject().getRaw().substring(0, 4).toByteArray()).containsExactly('k', '8', 's', 0);
        assertThat(KubeProtobuf.decodeWatchEvent(frame)).isEqualTo(json(
                "{\"type\": \"ADDED\", \"object\": " + pod + "}"));
    }

    record Bad(String name, byte[] body, Class<? extends ApiException> error, String message) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Bad> bad() {
        byte[] good = envelope("v1", "ConfigMap", V1.ConfigMap.newBuilder()
                .setMetadata(Meta.ObjectMeta.newBuilder().setName("c")).putData("a", "b").build());
        byte[] truncated = java.util.Arrays.copyOf(good, good.length - 3);
        return Stream.of(
                new Bad("empty", new byte[0], ApiException.BadRequest.class, "empty"),
                new Bad("json instead", "{\"kind\":\"Pod\"}".getBytes(), ApiException.BadRequest.class, "prefix"),
                new Bad("prefix only", new byte[] {'k', '8', 's', 0}, ApiException.BadRequest.class, "no message"),
                new Bad("garbage envelope", envelope(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff}),
                        ApiException.BadRequest.class, "malformed"),
                new Bad("truncated", truncated, ApiException.BadRequest.class, "malformed"),
                new Bad("no kind", envelope("v1", "", V1.ConfigMap.getDefaultInstance()),
                        ApiException.BadRequest.class, "kind"),
                new Bad("no version", envelope("", "ConfigMap", V1.ConfigMap.getDefaultInstance()),
                        ApiException.BadRequest.class, "apiVersion"),
                new Bad("raw is not the message", envelope(Runtime.Unknown.newBuilder()
                        .setTypeMeta(Runtime.TypeMeta.newBuilder().setApiVersion("v1").setKind("ConfigMap"))
                        .setRaw(ByteString.copyFrom(new byte[] {0x0a, 0x05, 0x01})).build().toByteArray()),
                        ApiException.BadRequest.class, "malformed"),
                new Bad("custom resource", envelope("example.com/v1", "Widget", V1.ConfigMap.getDefaultInstance()),
                        ApiException.UnsupportedMediaType.class, "application/json"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bad")
    void malformedBodiesAreRefusedWithAClearError(Bad bad) {
        assertThatThrownBy(() -> KubeProtobuf.decode(bad.body()))
                .isInstanceOf(bad.error())
                .hasMessageContaining(bad.message());
    }

    @Test
    void supportsBuiltinKindsListsAndMetaKindsButNotCustomResources() {
        assertThat(KubeProtobuf.supports("apps/v1", "DeploymentList")).isTrue();
        assertThat(KubeProtobuf.supports("v1", "Status")).isTrue();
        assertThat(KubeProtobuf.supports("apps/v1", "DeleteOptions")).isTrue();
        assertThat(KubeProtobuf.supports("storage.k8s.io/v1", "StorageClass")).isTrue();
        assertThat(KubeProtobuf.supports("example.com/v1", "Widget")).isFalse();
        assertThat(KubeProtobuf.supports("v1", "Deployment")).isFalse();
        assertThat(KubeProtobuf.supports("v1", "PodSpec")).isFalse();
        assertThat(KubeProtobuf.supports("v1", "Time")).isFalse();
        assertThat(KubeProtobuf.supports("v1", "ObjectMeta")).isFalse();
        assertThat(KubeProtobuf.supports("v1", "WatchEvent")).isTrue();
    }

    @Test
    void encodingAKindWithoutAMessageIsNotAcceptable() {
        assertThatThrownBy(() -> KubeProtobuf.encode(json("{\"apiVersion\": \"example.com/v1\", \"kind\": \"Widget\"}")))
                .isInstanceOf(ApiException.NotAcceptable.class).hasMessageContaining("Widget");
    }

    @Test
    void encodingJsonOfTheWrongShapeNamesThePath() {
        assertThatThrownBy(() -> KubeProtobuf.encode(json(
                "{\"apiVersion\": \"apps/v1\", \"kind\": \"Deployment\", \"spec\": {\"replicas\": \"three\"}}")))
                .isInstanceOf(ApiException.InternalError.class).hasMessageContaining("Deployment.spec.replicas");
    }

    static JsonNode json(String text) {
        return KubeJson.json().readTree(text);
    }
}
