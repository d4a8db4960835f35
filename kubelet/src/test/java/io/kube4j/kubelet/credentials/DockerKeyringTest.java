package io.kube4j.kubelet.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import io.kube4j.runtime.RegistryAuth;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Matching images to registry keys as upstream's BasicDockerKeyring (cases from its keyring tests' rules). */
class DockerKeyringTest {

    private static RegistryAuth user(String name) {
        return new RegistryAuth(name, "pw-" + name, null);
    }

    private static List<String> users(DockerKeyring keyring, String repository) {
        return keyring.lookup(repository).stream().map(RegistryAuth::username).toList();
    }

    @Test
    void keysDropTheSchemeAndV1OrV2Paths() {
        assertThat(DockerKeyring.key("https://index.docker.io/v1/")).isEqualTo("index.docker.io");
        assertThat(DockerKeyring.key("http://registry.local:5000/v2/")).isEqualTo("registry.local:5000");
        assertThat(DockerKeyring.key("quay.io/team")).isEqualTo("quay.io/team");
        assertThat(DockerKeyring.key("https://quay.io/v2/team")).isEqualTo("quay.io/team");
        assertThat(DockerKeyring.key("quay.io/")).isEqualTo("quay.io");
    }

    @Test
    void hostPortAndPathPrefixMustMatch() {
        assertThat(DockerKeyring.matches("registry.local:5000", "registry.local:5000/app")).isTrue();
        assertThat(DockerKeyring.matches("registry.local:5000", "registry.local/app")).isFalse();
        assertThat(DockerKeyring.matches("registry.local", "registry.local:5000/app")).isFalse();
        assertThat(DockerKeyring.matches("registry.local/team", "registry.local/team/app")).isTrue();
        assertThat(DockerKeyring.matches("registry.local/team", "registry.local/other/app")).isFalse();
        assertThat(DockerKeyring.matches("registry.local", "other.local/app")).isFalse();
        assertThat(DockerKeyring.matches("127.0.0.1:5000", "127.0.0.1:5000/kube4j/busybox")).isTrue();
    }

    @Test
    void wildcardsMatchOneHostLabelEach() {
        assertThat(DockerKeyring.matches("*.example.com", "registry.example.com/app")).isTrue();
        assertThat(DockerKeyring.matches("*.example.com", "example.com/app")).isFalse();
        assertThat(DockerKeyring.matches("*.example.com", "a.b.example.com/app")).isFalse();
        assertThat(DockerKeyring.matches("*.*.example.com", "a.b.example.com/app")).isTrue();
        assertThat(DockerKeyring.matches("reg?.example.com", "reg1.example.com/app")).isTrue();
        assertThat(DockerKeyring.matches("reg[0-3].example.com", "reg2.example.com/app")).isTrue();
        assertThat(DockerKeyring.matches("reg[^0-3].example.com", "reg2.example.com/app")).isFalse();
        assertThat(DockerKeyring.matches("*.example.com:5000", "x.example.com:5000/app")).isTrue();
        assertThat(DockerKeyring.matches("*.example.com", "x.example.com:5000/app")).isFalse();
        assertThat(DockerKeyring.matches("reg[.example.com", "reg[.example.com/app")).isFalse(); // malformed glob: no match
    }

    @Test
    void theMostSpecificKeyComesFirstAndEveryMatchIsReturned() {
        Map<String, RegistryAuth> config = new LinkedHashMap<>();
        config.put("quay.io", user("any"));
        config.put("https://quay.io/v2/team", user("team"));
        config.put("*.io", user("wild"));
        config.put("gcr.io", user("gcr"));
        DockerKeyring keyring = new DockerKeyring().add(config).add(Map.of("quay.io", user("second")));
        assertThat(users(keyring, "quay.io/team/app")).containsExactly("team", "any", "second", "wild");
        assertThat(users(keyring, "quay.io/other/app")).containsExactly("any", "second", "wild");
        assertThat(users(keyring, "docker.io/library/busybox")).containsExactly("wild");
        assertThat(users(keyring, "registry.local:5000/app")).isEmpty();
    }

    @Test
    void dockerHubImagesFallBackToIndexDockerIo() {
        DockerKeyring keyring = new DockerKeyring().add(Map.of("https://index.docker.io/v1/", user("hub")));
        assertThat(users(keyring, "docker.io/library/busybox")).containsExactly("hub");
        assertThat(users(keyring, "docker.io/someone/app")).containsExactly("hub");
        assertThat(users(keyring, "registry.local/app")).isEmpty();
        assertThat(DockerKeyring.isDefaultRegistryMatch("busybox")).isTrue();
        assertThat(DockerKeyring.isDefaultRegistryMatch("someone/app")).isTrue();
        assertThat(DockerKeyring.isDefaultRegistryMatch("index.docker.io/someone/app")).isTrue();
        assertThat(DockerKeyring.isDefaultRegistryMatch("localhost:5000/app")).isFalse();
        assertThat(DockerKeyring.isDefaultRegistryMatch("registry.local/app")).isFalse();
        assertThat(DockerKeyring.isDefaultRegistryMatch("/app")).isFalse();
    }
}
