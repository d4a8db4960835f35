package io.kube4j.runtime.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ManifestsTest {

    private static String d(char c) {
        return "sha256:" + String.valueOf(c).repeat(64);
    }

    private static final String INDEX = """
            {"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[
              {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"%s","size":1,
               "platform":{"os":"linux","architecture":"arm","variant":"v7"}},
              {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"%s","size":1,
               "platform":{"os":"unknown","architecture":"unknown"}},
              {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"%s","size":1,
               "platform":{"os":"linux","architecture":"amd64"}},
              {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"%s","size":1,
               "platform":{"os":"linux","architecture":"arm64","variant":"v8"}}]}
            """.formatted(d('a'), d('b'), d('c'), d('e'));

    @Test
    void picksTheHostPlatformFromAnIndex() {
        List<Descriptor> entries = Manifests.index(INDEX.getBytes(StandardCharsets.UTF_8));
        assertThat(entries).hasSize(4);
        assertThat(Manifests.select(entries, "linux/amd64")).map(Descriptor::digest).contains(d('c'));
        assertThat(Manifests.select(entries, "linux/arm64")).map(Descriptor::digest).contains(d('e'));
        assertThat(Manifests.select(entries, "linux/arm/v7")).map(Descriptor::digest).contains(d('a'));
        assertThat(Manifests.select(entries, "linux/s390x")).isEmpty();
        assertThat(Manifests.hostPlatform()).startsWith("linux/");
    }

    @Test
    void mediaTypeFromHeaderElseFromBody() {
        byte[] index = INDEX.getBytes(StandardCharsets.UTF_8);
        assertThat(Manifests.mediaType(index, "application/vnd.docker.distribution.manifest.list.v2+json; charset=x"))
                .isEqualTo(MediaTypes.DOCKER_MANIFEST_LIST);
        assertThat(Manifests.mediaType(index, "application/json")).isEqualTo(MediaTypes.OCI_INDEX);
        assertThat(Manifests.mediaType("{\"schemaVersion\":1,\"name\":\"x\"}".getBytes(StandardCharsets.UTF_8), null))
                .isEqualTo(MediaTypes.DOCKER_SCHEMA1);
    }

    @Test
    void readsAManifestAndRefusesForeignDigests() {
        String manifest = """
                {"schemaVersion":2,"config":{"mediaType":"x","digest":"%s","size":3},
                 "layers":[{"mediaType":"l","digest":"%s","size":9}]}""".formatted(d('1'), d('2'));
        Manifests.Manifest m = Manifests.manifest(manifest.getBytes(StandardCharsets.UTF_8), MediaTypes.OCI_MANIFEST);
        assertThat(m.config().digest()).isEqualTo(d('1'));
        assertThat(m.layers()).extracting(Descriptor::size).containsExactly(9L);
        String evil = manifest.replace(d('2'), "sha256:../../../etc/passwd");
        assertThatThrownBy(() -> Manifests.manifest(evil.getBytes(StandardCharsets.UTF_8), MediaTypes.OCI_MANIFEST))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unsupported digest");
    }

    @Test
    void parsesBearerAndBasicChallenges() {
        AuthChallenge bearer = AuthChallenge.parse(
                "Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\",scope=\"repository:library/busybox:pull\",error=\"insufficient_scope\"");
        assertThat(bearer.scheme()).isEqualTo("bearer");
        assertThat(bearer.realm()).isEqualTo("https://auth.docker.io/token");
        assertThat(bearer.params()).containsEntry("service", "registry.docker.io")
                .containsEntry("scope", "repository:library/busybox:pull");
        AuthChallenge unquoted = AuthChallenge.parse("bearer realm=https://x/t, service=reg");
        assertThat(unquoted.params()).isEqualTo(Map.of("realm", "https://x/t", "service", "reg"));
        assertThat(AuthChallenge.pick(List.of("Basic realm=\"r\"", "Bearer realm=\"https://t\"")))
                .map(AuthChallenge::scheme).contains("bearer");
        assertThat(AuthChallenge.pick(List.of("Basic realm=\"r\""))).map(AuthChallenge::scheme).contains("basic");
        assertThat(AuthChallenge.pick(List.of("Negotiate"))).isEmpty();
    }

    @Test
    void readsImageConfig() {
        String config = """
                {"architecture":"amd64","os":"linux","config":{"Entrypoint":["/e"],"Cmd":["a","b"],"Env":["A=1"],
                 "WorkingDir":"/w","User":"1000:1000","StopSignal":"SIGINT","ExposedPorts":{"80/tcp":{}},
                 "Labels":{"k":"v"}},"rootfs":{"type":"layers","diff_ids":["%s"]}}""".formatted(d('3'));
        ConfigBlob c = ConfigBlob.parse(config.getBytes(StandardCharsets.UTF_8));
        assertThat(c.diffIds()).containsExactly(d('3'));
        assertThat(c.config().entrypoint()).containsExactly("/e");
        assertThat(c.config().cmd()).containsExactly("a", "b");
        assertThat(c.config().user()).isEqualTo("1000:1000");
        assertThat(c.config().stopSignal()).isEqualTo("SIGINT");
        assertThat(c.config().exposedPorts()).containsExactly("80/tcp");
        assertThat(c.config().labels()).containsEntry("k", "v");
    }
}
