package io.kube4j.kubelet.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.kube4j.kubelet.config.MapObjectSource;
import io.kube4j.kubelet.config.RecordingEvents;
import io.kube4j.runtime.ImageStatus;
import io.kube4j.runtime.RuntimeFailure;
import io.kube4j.runtime.image.ImageStore;
import io.kube4j.runtime.testing.LocalRegistry;
import io.kube4j.runtime.testing.TestImages;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pull secrets against Debian's real docker-registry with htpasswd (bcrypt from Bouncy Castle)
 * basic auth: the image is pushed through an open registry, then served by a second registry
 * process over the same storage that asks for credentials. Skipped without docker-registry or
 * busybox-static.
 */
class RealRegistryPullSecretsIT {

    @TempDir
    Path dir;

    private LocalRegistry open;
    private Process guarded;
    private String address;
    private final MapObjectSource objects = new MapObjectSource();

    @BeforeEach
    void start() throws Exception {
        TestImages.assumeBusybox();
        open = LocalRegistry.start();
        open.push(TestImages.busyboxLayout(dir.resolve("layout")), "private/busybox", "1.0");
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        Files.writeString(dir.resolve("htpasswd"), "alice:" + OpenBSDBCrypt.generate("2y", "s3cret".toCharArray(), salt, 6) + "\n");
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        address = "127.0.0.1:" + port;
        Files.writeString(dir.resolve("config.yml"), """
                version: 0.1
                log:
                  level: warn
                  accesslog:
                    disabled: true
                storage:
                  filesystem:
                    rootdirectory: %s
                auth:
                  htpasswd:
                    realm: kube4j-test
                    path: %s
                http:
                  addr: %s
                """.formatted(open.storageDir(), dir.resolve("htpasswd"), address));
        guarded = new ProcessBuilder(LocalRegistry.BINARY.toString(), "serve", dir.resolve("config.yml").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("guarded.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (true) {
            try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
                break;
            } catch (java.io.IOException notYet) {
                Assumptions.assumeTrue(guarded.isAlive() && System.nanoTime() < deadline,
                        () -> "the htpasswd registry did not start: " + read(dir.resolve("guarded.log")));
                Thread.sleep(50);
            }
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            return "";
        }
    }

    @AfterEach
    void stop() throws Exception {
        if (guarded != null) {
            guarded.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        if (open != null) {
            open.close();
        }
    }

    private void secret(String name, String registry, String user, String password) {
        var s = DockerConfigsTest.secret(DockerConfigs.DOCKER_CONFIG_JSON_TYPE, ".dockerconfigjson",
                "{\"auths\":{\"" + registry + "\":{\"auth\":\"" + DockerConfigsTest.b64(user + ":" + password) + "\"}}}");
        s.getMetadata().setName(name);
        objects.put(s);
    }

    private ImageStatus pull(ImageStore store, String... secrets) {
        PodBuilder b = new PodBuilder().withNewMetadata().withName("web").withNamespace("default").endMetadata().withNewSpec().endSpec();
        for (String n : secrets) {
            b.editSpec().addNewImagePullSecret(n).endSpec();
        }
        Pod pod = b.build();
        String ref = address + "/private/busybox:1.0";
        return CredentialPull.pull(store, ref, new SecretPullCredentials(objects, new RecordingEvents()).lookup(pod, ref));
    }

    @Test
    void htpasswdRegistryPullsOnlyWithTheSecretsCredentials() {
        secret("wrong", address, "alice", "nope");
        secret("right", address + "/private", "alice", "s3cret");
        try (ImageStore store = new ImageStore(dir.resolve("store"))) {
            assertThatThrownBy(() -> pull(store)).isInstanceOf(RuntimeFailure.class);
            assertThatThrownBy(() -> pull(store, "wrong")).isInstanceOfSatisfying(RuntimeFailure.class,
                    e -> assertThat(e.reason()).isEqualTo(RuntimeFailure.Reason.IMAGE_AUTH));
            ImageStatus pulled = pull(store, "wrong", "right");
            assertThat(pulled.repoTags()).containsExactly(address + "/private/busybox:1.0");
            assertThat(pulled.sizeBytes()).isPositive();
        }
    }
}
