package io.kube4j.kubelet.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.kube4j.runtime.RegistryAuth;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Docker configs out of pull Secrets, by type and key, with auth or username/password. */
class DockerConfigsTest {

    static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    static Secret secret(String type, String key, String json) {
        return new SecretBuilder().withNewMetadata().withName("reg").withNamespace("default").endMetadata()
                .withType(type).withData(Map.of(key, b64(json))).build();
    }

    @Test
    void dockerConfigJsonWithAuthOrUsernameAndPassword() {
        Secret s = secret(DockerConfigs.DOCKER_CONFIG_JSON_TYPE, ".dockerconfigjson", """
                {"auths":{"registry.local:5000":{"auth":"%s"},"quay.io":{"username":"bob","password":"pw:with:colons"},
                 "ghcr.io":{"username":"ignored","password":"ignored","auth":"%s"}}}""".formatted(b64("alice:secret"), b64("carol:c")));
        Map<String, RegistryAuth> config = DockerConfigs.of(s);
        assertThat(config).containsExactly(
                Map.entry("registry.local:5000", new RegistryAuth("alice", "secret", null)),
                Map.entry("quay.io", new RegistryAuth("bob", "pw:with:colons", null)),
                Map.entry("ghcr.io", new RegistryAuth("carol", "c", null)));
    }

    @Test
    void legacyDockercfgHasNoAuthsWrapper() {
        Secret s = secret(DockerConfigs.DOCKERCFG_TYPE, ".dockercfg", "{\"https://index.docker.io/v1/\":{\"auth\":\"" + b64("dan:d:x") + "\"}}");
        assertThat(DockerConfigs.of(s)).containsExactly(Map.entry("https://index.docker.io/v1/", new RegistryAuth("dan", "d:x", null)));
    }

    @Test
    void otherTypesOrMismatchedKeysGiveNothing() {
        assertThat(DockerConfigs.of(secret("Opaque", ".dockerconfigjson", "{\"auths\":{\"a\":{}}}"))).isEmpty();
        assertThat(DockerConfigs.of(secret(DockerConfigs.DOCKERCFG_TYPE, ".dockerconfigjson", "{\"a\":{}}"))).isEmpty();
        assertThat(DockerConfigs.of(new SecretBuilder().withType(DockerConfigs.DOCKER_CONFIG_JSON_TYPE).build())).isEmpty();
    }

    @Test
    void malformedDocumentsOrAuthFieldsAreErrors() {
        assertThatThrownBy(() -> DockerConfigs.of(secret(DockerConfigs.DOCKER_CONFIG_JSON_TYPE, ".dockerconfigjson", "{not json")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("invalid docker config in image pull secret");
        assertThatThrownBy(() -> DockerConfigs.of(secret(DockerConfigs.DOCKER_CONFIG_JSON_TYPE, ".dockerconfigjson",
                "{\"auths\":{\"r\":{\"auth\":\"" + b64("nocolon") + "\"}}}")))
                .hasMessage("unable to parse auth field, must be formatted as base64(username:password)");
    }
}
