package io.kube4j.kubelet.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.kube4j.kubelet.config.MapObjectSource;
import io.kube4j.kubelet.config.RecordingEvents;
import io.kube4j.runtime.ImageStatus;
import io.kube4j.runtime.RegistryAuth;
import io.kube4j.runtime.RuntimeFailure;
import io.kube4j.runtime.image.FakeRegistry;
import io.kube4j.runtime.image.ImageStore;
import io.kube4j.runtime.testing.TarWriter;
import io.kube4j.runtime.testing.TestImages;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pull secrets end to end against the runtime's fake registry (JDK HttpServer): Basic and Bearer auth, wrong then right credentials. */
class CredentialPullTest {

    @TempDir
    Path root;

    private FakeRegistry registry;
    private ImageStore store;
    private TestImages.Image image;
    private final MapObjectSource objects = new MapObjectSource();
    private final RecordingEvents events = new RecordingEvents();

    @BeforeEach
    void start() throws Exception {
        registry = new FakeRegistry();
        store = new ImageStore(root);
        image = TestImages.image(List.of(TarWriter.build(t -> t.dir("etc", 0755).file("etc/motd", 0644, "hi\n"))), List.of("/bin/sh"));
        registry.put("team/app", "1.0", image);
    }

    @AfterEach
    void stop() {
        store.close();
        registry.close();
    }

    private void secret(String name, String registryKey, String user, String password) {
        var s = DockerConfigsTest.secret(DockerConfigs.DOCKER_CONFIG_JSON_TYPE, ".dockerconfigjson",
                "{\"auths\":{\"" + registryKey + "\":{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}}}");
        s.getMetadata().setName(name);
        objects.put(s);
    }

    private ImageStatus pull(String... secretNames) {
        PodBuilder b = new PodBuilder().withNewMetadata().withName("web").withNamespace("default").endMetadata().withNewSpec().endSpec();
        for (String n : secretNames) {
            b.editSpec().addNewImagePullSecret(n).endSpec();
        }
        Pod pod = b.build();
        String ref = registry.address() + "/team/app:1.0";
        return CredentialPull.pull(store, ref, new SecretPullCredentials(objects, events).lookup(pod, ref));
    }

    @Test
    void basicAuthWithTheSecretsCredentialsAfterAWrongOne() {
        registry.auth = FakeRegistry.Auth.BASIC;
        secret("wrong", registry.address(), "alice", "nope");
        secret("right", "http://" + registry.address() + "/v2/", "alice", "secret");
        assertThatThrownBy(this::pull).isInstanceOf(RuntimeFailure.class);
        assertThat(pull("wrong", "right").id()).isEqualTo(image.id());
    }

    @Test
    void bearerTokenFromTheTokenServiceWithTheSecretsCredentials() {
        registry.auth = FakeRegistry.Auth.BEARER;
        secret("right", registry.address() + "/team", "alice", "secret");
        assertThat(pull("right").id()).isEqualTo(image.id());
    }

    @Test
    void everyCredentialFailingIsOneAggregatedError() {
        registry.auth = FakeRegistry.Auth.BASIC;
        secret("one", registry.address(), "alice", "bad1");
        secret("two", registry.address() + "/team", "alice", "bad2");
        assertThatThrownBy(() -> pull("one", "two"))
                .isInstanceOfSatisfying(RuntimeFailure.class, e -> {
                    assertThat(e.reason()).isEqualTo(RuntimeFailure.Reason.IMAGE_AUTH);
                    assertThat(e.getMessage()).startsWith("[").endsWith("]").contains(", ");
                });
        secret("single", registry.address(), "alice", "bad3");
        assertThatThrownBy(() -> pull("single")).isInstanceOfSatisfying(RuntimeFailure.class,
                e -> assertThat(e.getMessage()).doesNotStartWith("["));
    }

    @Test
    void noMatchingSecretPullsAnonymously() {
        secret("elsewhere", "registry.example.com", "alice", "secret");
        assertThat(pull("elsewhere").id()).isEqualTo(image.id());
        assertThat(store.image(registry.address() + "/team/app:1.0")).isPresent();
    }
}
