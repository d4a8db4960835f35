package io.kube4j.kubelet.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.kube4j.kubelet.config.MapObjectSource;
import io.kube4j.kubelet.config.RecordingEvents;
import io.kube4j.runtime.RegistryAuth;
import io.kube4j.runtime.RuntimeFailure;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A pod's imagePullSecrets read from the API and matched to the image's registry. */
class SecretPullCredentialsTest {

    private final MapObjectSource objects = new MapObjectSource();
    private final RecordingEvents events = new RecordingEvents();
    private final SecretPullCredentials credentials = new SecretPullCredentials(objects, events);

    private static Pod pod(String... secrets) {
        PodBuilder b = new PodBuilder().withNewMetadata().withName("web").withNamespace("default").withUid("u1").endMetadata()
                .withNewSpec().endSpec();
        for (String s : secrets) {
            b.editSpec().addNewImagePullSecret(s).endSpec();
        }
        return b.build();
    }

    private void put(String name, String registry, String user) {
        var s = DockerConfigsTest.secret(DockerConfigs.DOCKER_CONFIG_JSON_TYPE, ".dockerconfigjson",
                "{\"auths\":{\"" + registry + "\":{\"auth\":\"" + DockerConfigsTest.b64(user + ":pw") + "\"}}}");
        s.getMetadata().setName(name);
        objects.put(s);
    }

    @Test
    void secretsInOrderMatchedToTheImagesRegistry() {
        put("first", "registry.local:5000", "alice");
        put("second", "registry.local:5000", "bob");
        put("hub", "https://index.docker.io/v1/", "hubuser");
        Pod pod = pod("first", "second", "hub");
        assertThat(credentials.lookup(pod, "registry.local:5000/team/app:1.0")).extracting(RegistryAuth::username)
                .containsExactly("alice", "bob");
        assertThat(credentials.lookup(pod, "busybox")).extracting(RegistryAuth::username).containsExactly("hubuser");
        assertThat(credentials.lookup(pod, "other.local/app")).isEmpty();
        assertThat(credentials.lookup(pod(), "registry.local:5000/team/app")).isEmpty();
        assertThat(events.events).isEmpty();
    }

    @Test
    void missingSecretsAreSkippedWithUpstreamsEvent() {
        put("present", "registry.local:5000", "alice");
        List<RegistryAuth> found = credentials.lookup(pod("gone", "present", "", "also-gone"), "registry.local:5000/app");
        assertThat(found).extracting(RegistryAuth::username).containsExactly("alice");
        assertThat(events.events).containsExactly("Warning FailedToRetrieveImagePullSecret: Unable to retrieve some image pull "
                + "secrets (gone, also-gone); attempting to pull the image may not succeed.");
    }

    @Test
    void aMalformedSecretFailsThePull() {
        var bad = DockerConfigsTest.secret(DockerConfigs.DOCKER_CONFIG_JSON_TYPE, ".dockerconfigjson", "[not");
        objects.put(bad);
        assertThatThrownBy(() -> credentials.lookup(pod("reg"), "registry.local/app"))
                .isInstanceOf(RuntimeFailure.class).hasMessageStartingWith("invalid docker config in image pull secret");
    }
}
