package io.kube4j.apiserver.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kube4j.apiserver.errors.ApiException;
import java.net.URI;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class KubeletAddressTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static URI base(String status) {
        return KubeletAddress.base(JSON.readTree("{\"metadata\":{\"name\":\"n\"},\"status\":" + status + "}"));
    }

    @Test
    void internalIpFirstThenHostnameWithTheKubeletPort() {
        assertThat(base("{\"addresses\":[{\"type\":\"Hostname\",\"address\":\"node-1\"},"
                + "{\"type\":\"InternalIP\",\"address\":\"10.0.0.5\"}],"
                + "\"daemonEndpoints\":{\"kubeletEndpoint\":{\"Port\":12345}}}"))
                .isEqualTo(URI.create("https://10.0.0.5:12345"));
        assertThat(base("{\"addresses\":[{\"type\":\"Hostname\",\"address\":\"node-1\"}]}"))
                .isEqualTo(URI.create("https://node-1:10250"));
    }

    @Test
    void ipv6IsBracketed() {
        assertThat(base("{\"addresses\":[{\"type\":\"InternalIP\",\"address\":\"fd00::5\"}]}"))
                .isEqualTo(URI.create("https://[fd00::5]:10250"));
    }

    @Test
    void aNodeWithoutAddressesIsABadRequest() {
        assertThatThrownBy(() -> base("{}")).isInstanceOf(ApiException.BadRequest.class)
                .hasMessage("node n has no address in its status");
    }
}
