package io.kube4j.apiserver.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kube4j.apiserver.errors.ApiException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class PodContainersTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static JsonNode pod(String spec) {
        return JSON.readTree("{\"metadata\":{\"name\":\"web\"},\"spec\":" + spec + "}");
    }

    @Test
    void theOnlyContainerIsTheDefault() {
        assertThat(PodContainers.resolve(pod("{\"containers\":[{\"name\":\"app\"}]}"), null)).isEqualTo("app");
        assertThat(PodContainers.resolve(pod("{\"containers\":[{\"name\":\"app\"}]}"), "")).isEqualTo("app");
    }

    @Test
    void severalContainersNeedANameWithUpstreamsWords() {
        assertThatThrownBy(() -> PodContainers.resolve(pod("{\"containers\":[{\"name\":\"a\"},{\"name\":\"b\"}]}"), null))
                .isInstanceOf(ApiException.BadRequest.class)
                .hasMessage("a container name must be specified for pod web, choose one of: [a b]");
        assertThatThrownBy(() -> PodContainers.resolve(pod("{\"containers\":[{\"name\":\"a\"},{\"name\":\"b\"}],"
                + "\"initContainers\":[{\"name\":\"i\"}]}"), null))
                .hasMessage("a container name must be specified for pod web, choose one of: [a b] or one of the init "
                        + "containers: [i]");
    }

    @Test
    void initAndEphemeralContainersMayBeNamedButUnknownNamesNot() {
        JsonNode pod = pod("{\"containers\":[{\"name\":\"a\"}],\"initContainers\":[{\"name\":\"i\"}],"
                + "\"ephemeralContainers\":[{\"name\":\"debug\"}]}");
        assertThat(PodContainers.resolve(pod, "i")).isEqualTo("i");
        assertThat(PodContainers.resolve(pod, "debug")).isEqualTo("debug");
        assertThatThrownBy(() -> PodContainers.resolve(pod, "nope"))
                .isInstanceOf(ApiException.BadRequest.class)
                .hasMessage("container nope is not valid for pod web");
    }
}
