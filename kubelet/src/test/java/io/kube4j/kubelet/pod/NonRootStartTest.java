package io.kube4j.kubelet.pod;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.kube4j.kubelet.credentials.PullCredentials;
import io.kube4j.kubelet.status.ContainerWaiting;
import io.kube4j.kubelet.status.RuntimePod;
import io.kube4j.kubelet.volume.PodVolumes;
import io.kube4j.runtime.SandboxStatus;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** runAsNonRoot checked against the pulled image's user before the container is created (upstream's verifyRunAsNonRoot). */
class NonRootStartTest {

    private final FakeRuntime runtime = new FakeRuntime();
    private final Fakes.Events events = new Fakes.Events();
    private final Fakes.Configs configs = new Fakes.Configs();
    private final InstantSource clock = InstantSource.system();

    private ContainerStarter.Outcome start(String imageUser, Boolean podNonRoot, Long containerUser) {
        runtime.presentImages.add("busybox:1.36");
        if (imageUser != null) {
            runtime.imageUsers.put("busybox:1.36", imageUser);
        }
        Container app = TestPods.container("app");
        if (containerUser != null) {
            app.setSecurityContext(new SecurityContextBuilder().withRunAsUser(containerUser).build());
        }
        Pod pod = new PodBuilder(TestPods.pod("Always", List.of(), List.of()))
                .editSpec().withContainers(app)
                .withSecurityContext(new PodSecurityContextBuilder().withRunAsNonRoot(podNonRoot).build()).endSpec().build();
        Hooks hooks = new Hooks(runtime);
        ContainerStarter starter = new ContainerStarter(runtime, configs,
                new ImagePuller(runtime.images(), events, new Backoff(clock, Duration.ofSeconds(10), Duration.ofSeconds(300)), clock,
                        PullCredentials.ANONYMOUS),
                hooks, new Backoff(clock, Duration.ofSeconds(10), Duration.ofSeconds(300)), events, new PodKiller(runtime, hooks, events, clock));
        SandboxStatus sandbox = runtime.runSandbox(PodSyncer.stamped(pod, configs.sandbox(pod, 0)));
        RuntimePod view = RuntimePod.of(TestPods.UID, runtime.listSandboxes(), runtime.listContainers());
        return starter.start(pod, app, false, sandbox, view, new PodVolumes(TestPods.UID, Map.of()));
    }

    private static final String WHO = "(pod: \"web_default(" + TestPods.UID + ")\", container: app)";

    @Test
    void imageRunningAsRootIsNotCreated() {
        for (String user : List.of("", "0", "0:0")) {
            ContainerStarter.Outcome outcome = start(user, true, null);
            assertThat(outcome.waiting()).as(user).isEqualTo(new ContainerWaiting("CreateContainerConfigError",
                    "container has runAsNonRoot and image will run as root " + WHO));
            assertThat(runtime.created).isEmpty();
        }
        assertThat(events.all).anyMatch(e -> e.type().equals("Warning") && e.reason().equals("Failed")
                && e.message().equals("Error: container has runAsNonRoot and image will run as root " + WHO)
                && e.fieldPath().equals("spec.containers{app}"));
    }

    @Test
    void nonNumericImageUserCannotBeVerified() {
        ContainerStarter.Outcome outcome = start("nobody:nogroup", true, null);
        assertThat(outcome.waiting()).isEqualTo(new ContainerWaiting("CreateContainerConfigError",
                "container has runAsNonRoot and image has non-numeric user (nobody), cannot verify user is non-root " + WHO));
        assertThat(runtime.created).isEmpty();
    }

    @Test
    void explicitRunAsUserZeroBreaksThePolicy() {
        ContainerStarter.Outcome outcome = start("1000", true, 0L);
        assertThat(outcome.waiting().reason()).isEqualTo("CreateContainerConfigError");
        assertThat(outcome.waiting().message()).isEqualTo("container's runAsUser breaks non-root policy " + WHO);
        assertThat(runtime.created).isEmpty();
    }

    @Test
    void numericNonRootImageUserOrAnExplicitUserOrNoPolicyStarts() {
        assertThat(start("1000:1000", true, null)).isEqualTo(ContainerStarter.Outcome.STARTED);
        assertThat(start("", true, 1000L)).isEqualTo(ContainerStarter.Outcome.STARTED);
        assertThat(start("", false, null)).isEqualTo(ContainerStarter.Outcome.STARTED);
        assertThat(start("", null, null)).isEqualTo(ContainerStarter.Outcome.STARTED);
        assertThat(runtime.created).hasSize(4);
    }
}
