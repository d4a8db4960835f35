package io.kube4j.kubelet.pod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kube4j.apiserver.testing.TestApiServer;
import io.kube4j.kubelet.config.Fabric8ObjectSource;
import io.kube4j.kubelet.credentials.SecretPullCredentials;
import io.kube4j.kubelet.events.ApiKubeletEvents;
import io.kube4j.runtime.RegistryAuth;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * imagePullSecrets (the pod's and its service account's, read from the real apiserver) and
 * runAsNonRoot against the image's user, through the pod lifecycle with the {@link FakeRuntime}.
 */
class PullSecretsAndNonRootIT {

    private static final String NODE = "node-creds";
    private static final Duration WAIT = Duration.ofSeconds(40); // generous: the suite shares two cores with other builds
    private static final String IMAGE = "registry.local:5000/team/app:1.0";
    private static final RegistryAuth ALICE = new RegistryAuth("alice", "secret", null);

    private static TestApiServer api;
    private static KubernetesClient client;

    private FakeRuntime runtime;
    private ApiKubeletEvents events;
    private PodLifecycle lifecycle;

    @BeforeAll
    static void startApi() throws Exception {
        api = TestApiServer.start();
        client = api.fabric8();
        secret("right", "registry.local:5000", "alice", "secret");
        secret("wrong", "https://registry.local:5000/v2/", "alice", "guess");
        secret("elsewhere", "*.example.com", "alice", "secret");
        client.serviceAccounts().inNamespace("default").resource(new ServiceAccountBuilder().withNewMetadata().withName("puller")
                .endMetadata().addNewImagePullSecret("right").build()).create();
    }

    private static void secret(String name, String registry, String user, String password) {
        String auth = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        String json = "{\"auths\":{\"" + registry + "\":{\"auth\":\"" + auth + "\"}}}";
        client.secrets().inNamespace("default").resource(new SecretBuilder().withNewMetadata().withName(name).endMetadata()
                .withType("kubernetes.io/dockerconfigjson")
                .withData(Map.of(".dockerconfigjson", Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8))))
                .build()).create();
    }

    @AfterAll
    static void stopApi() throws Exception {
        client.close();
        api.close();
    }

    @BeforeEach
    void setUp() throws Exception {
        runtime = new FakeRuntime();
        runtime.protectedImages.put(IMAGE, ALICE);
        runtime.presentImages.add("busybox:1.36");
        events = new ApiKubeletEvents(client, NODE, Clock.systemUTC());
        Path logs = Files.createTempDirectory("kube4j-creds-");
        PodLifecycleOptions options = new PodLifecycleOptions(logs, List.of("192.168.51.1"), Duration.ofMinutes(1),
                Duration.ofMillis(300), Duration.ofSeconds(1), Duration.ofSeconds(4), Duration.ofSeconds(1), Duration.ofSeconds(4),
                new SecretPullCredentials(new Fabric8ObjectSource(client), events), InstantSource.system());
        lifecycle = PodLifecycle.start(client, NODE, runtime, new Fakes.Configs(), new Fakes.Volumes(), Fakes.Probes::new, events, options);
    }

    @AfterEach
    void tearDown() {
        lifecycle.close();
        events.close();
        client.pods().inNamespace("default").withGracePeriod(0).delete();
    }

    private static Pod create(String image, String serviceAccount, List<String> pullSecrets, Container app) {
        String name = "p-" + UUID.randomUUID().toString().substring(0, 6);
        app.setImage(image);
        PodBuilder b = new PodBuilder().withNewMetadata().withName(name).withNamespace("default").endMetadata()
                .withNewSpec().withNodeName(NODE).withServiceAccountName(serviceAccount).withContainers(app).endSpec();
        pullSecrets.forEach(s -> b.editSpec().addNewImagePullSecret(s).endSpec());
        return client.pods().inNamespace("default").resource(b.build()).create();
    }

    private static Container app() {
        return new ContainerBuilder().withName("app").withImagePullPolicy("IfNotPresent").build();
    }

    private static ContainerStatus status(Pod pod) {
        Pod p = client.pods().inNamespace("default").withName(pod.getMetadata().getName()).get();
        return p == null || p.getStatus() == null || p.getStatus().getContainerStatuses() == null
                ? null : p.getStatus().getContainerStatuses().stream().findFirst().orElse(null);
    }

    private static boolean waitingFor(Pod pod, String reason) {
        ContainerStatus s = status(pod);
        return s != null && s.getState().getWaiting() != null && reason.equals(s.getState().getWaiting().getReason());
    }

    private static boolean running(Pod pod) {
        ContainerStatus s = status(pod);
        return s != null && s.getState().getRunning() != null;
    }

    private static List<Event> eventsOf(Pod pod) {
        return client.v1().events().inNamespace("default").list().getItems().stream()
                .filter(e -> pod.getMetadata().getUid().equals(e.getInvolvedObject().getUid())).toList();
    }

    @Test
    void theSecretsAreTriedInOrderUntilOnePulls() {
        Pod pod = create(IMAGE, null, List.of("elsewhere", "wrong", "right"), app());
        await().atMost(WAIT).until(() -> running(pod));
        // "elsewhere" does not match the registry; "wrong" is tried and refused before "right".
        assertThat(runtime.pullAuths).extracting(RegistryAuth::password).containsExactly("guess", "secret");
    }

    @Test
    void theServiceAccountsPullSecretsAreCopiedOntoThePodAndUsed() {
        Pod pod = create(IMAGE, "puller", List.of(), app());
        assertThat(pod.getSpec().getImagePullSecrets()).extracting(r -> r.getName()).containsExactly("right");
        await().atMost(WAIT).until(() -> running(pod));
        assertThat(runtime.pullAuths).containsExactly(ALICE);
    }

    @Test
    void noWorkingCredentialsIsErrImagePullAndAMissingSecretAnEvent() {
        Pod pod = create(IMAGE, null, List.of("missing", "wrong"), app());
        await().atMost(WAIT).until(() -> waitingFor(pod, "ErrImagePull") || waitingFor(pod, "ImagePullBackOff"));
        await().atMost(WAIT).until(() -> eventsOf(pod).stream().anyMatch(e -> "FailedToRetrieveImagePullSecret".equals(e.getReason())));
        List<Event> events = eventsOf(pod);
        assertThat(events).anyMatch(e -> "Warning".equals(e.getType()) && "FailedToRetrieveImagePullSecret".equals(e.getReason())
                && e.getMessage().equals("Unable to retrieve some image pull secrets (missing); attempting to pull the image may not succeed."));
        assertThat(events).anyMatch(e -> "Failed".equals(e.getReason())
                && e.getMessage().equals("Failed to pull image \"" + IMAGE + "\": failed to authorize: 401 Unauthorized for alice"));
        assertThat(runtime.created).isEmpty();
    }

    @Test
    void runAsNonRootWithAnImageRunningAsRootIsCreateContainerConfigError() {
        runtime.imageUsers.put("busybox:1.36", "0");
        Container app = app();
        app.setSecurityContext(new io.fabric8.kubernetes.api.model.SecurityContextBuilder().withRunAsNonRoot(true).build());
        Pod pod = create("busybox:1.36", null, List.of(), app);
        await().atMost(WAIT).until(() -> waitingFor(pod, "CreateContainerConfigError"));
        String expected = "container has runAsNonRoot and image will run as root (pod: \"" + pod.getMetadata().getName()
                + "_default(" + pod.getMetadata().getUid() + ")\", container: app)";
        assertThat(status(pod).getState().getWaiting().getMessage()).isEqualTo(expected);
        await().atMost(WAIT).until(() -> eventsOf(pod).stream().anyMatch(e -> "Failed".equals(e.getReason())
                && ("Error: " + expected).equals(e.getMessage())));
        assertThat(runtime.created).isEmpty();

        runtime.imageUsers.put("busybox:1.36", "1000");
        Container numeric = app();
        numeric.setSecurityContext(new io.fabric8.kubernetes.api.model.SecurityContextBuilder().withRunAsNonRoot(true).build());
        Pod nonRoot = create("busybox:1.36", null, List.of(), numeric);
        await().atMost(WAIT).until(() -> running(nonRoot));
    }
}
