package io.kube4j.apiserver.protobuf;

import static org.assertj.core.api.Assertions.assertThat;

import io.kube4j.apiserver.registry.BuiltinResources;
import io.kube4j.apiserver.registry.ResourceType;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every served resource has a protobuf message for its kind and its list kind. */
class BuiltinResourcesProtobufTest {

    static Stream<ResourceType> resources() {
        return BuiltinResources.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("resources")
    void everyServedKindHasAMessage(ResourceType type) {
        assertThat(KubeProtobuf.supports(type.apiVersion(), type.kind())).as(type.kind()).isTrue();
        assertThat(KubeProtobuf.supports(type.apiVersion(), type.listKind())).as(type.listKind()).isTrue();
    }
}
