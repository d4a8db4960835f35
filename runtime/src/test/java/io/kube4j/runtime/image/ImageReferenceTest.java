package io.kube4j.runtime.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ImageReferenceTest {

    private static final String D = "sha256:" + "a".repeat(64);

    @ParameterizedTest
    @CsvSource({
            "busybox, docker.io/library/busybox:latest",
            "busybox:1.36, docker.io/library/busybox:1.36",
            "library/busybox, docker.io/library/busybox:latest",
            "docker.io/busybox, docker.io/library/busybox:latest",
            "index.docker.io/library/busybox:1, docker.io/library/busybox:1",
            "bitnami/redis:7, docker.io/bitnami/redis:7",
            "quay.io/coreos/etcd:v3.5, quay.io/coreos/etcd:v3.5",
            "localhost/app, localhost/app:latest",
            "localhost:5000/app, localhost:5000/app:latest",
            "127.0.0.1:5000/team/app:1.0, 127.0.0.1:5000/team/app:1.0",
            "registry.k8s.io/pause:3.10, registry.k8s.io/pause:3.10",
            "localhost:5000, docker.io/library/localhost:5000",
            "a/b/c/d:x_y.z-1, docker.io/a/b/c/d:x_y.z-1",
    })
    void normalisesAsDocker(String given, String normalised) {
        assertThat(ImageReference.parse(given).toString()).isEqualTo(normalised);
    }

    @org.junit.jupiter.api.Test
    void digestReferencesKeepNoImplicitTag() {
        ImageReference byDigest = ImageReference.parse("busybox@" + D);
        assertThat(byDigest.tag()).isNull();
        assertThat(byDigest.digest()).isEqualTo(D);
        assertThat(byDigest.object()).isEqualTo(D);
        assertThat(byDigest.toString()).isEqualTo("docker.io/library/busybox@" + D);
        ImageReference both = ImageReference.parse("127.0.0.1:5000/app:1@" + D);
        assertThat(both.domain()).isEqualTo("127.0.0.1:5000");
        assertThat(both.tag()).isEqualTo("1");
        assertThat(both.object()).isEqualTo(D);
        assertThat(both.withDigest(D)).isEqualTo("127.0.0.1:5000/app@" + D);
    }

    @org.junit.jupiter.api.Test
    void dockerHubIsReachedAtRegistry1() {
        assertThat(ImageReference.parse("busybox").registryHost()).isEqualTo("registry-1.docker.io");
        assertThat(ImageReference.parse("ghcr.io/x/y").registryHost()).isEqualTo("ghcr.io");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Busybox", "busybox:", "busybox:-bad", "bad//path", "busybox@sha256:abc",
            "busybox@sha256:" + "g", "a:b:c", "repo/.hidden", "trailing/"})
    void refusesMalformed(String given) {
        assertThatThrownBy(() -> ImageReference.parse(given))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid reference format");
    }

    @org.junit.jupiter.api.Test
    void upperCaseRegistryHostIsAllowedButNotUpperCaseRepository() {
        assertThat(ImageReference.parse("MyRegistry.local:5000/app").domain()).isEqualTo("MyRegistry.local:5000");
        assertThatThrownBy(() -> ImageReference.parse("docker.io/Library/app"))
                .hasMessageContaining("must be lowercase");
    }
}
