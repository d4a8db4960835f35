package io.kube4j.kubelet.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.kube4j.runtime.ContainerConfig.Seccomp;
import io.kube4j.runtime.ContainerConfig.Security;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecurityMappingTest {

    private static final Path SECCOMP = Path.of("/var/lib/kube4j/seccomp");

    private static Pod pod(PodSecurityContextBuilder psc, Container c) {
        return TestPods.pod().editSpec().withSecurityContext(psc == null ? null : psc.build()).withContainers(c).endSpec().build();
    }

    private static Security map(Pod pod) throws ContainerConfigException {
        return SecurityMapping.of(pod, pod.getSpec().getContainers().getFirst(), SECCOMP);
    }

    @Test
    void noSecurityContextIsTheDefault() throws Exception {
        assertThat(map(pod(null, TestPods.container().build()))).isEqualTo(Security.DEFAULT);
    }

    @Test
    void containerOverridesPodAndGroupsComeFromThePod() throws Exception {
        var psc = new PodSecurityContextBuilder().withRunAsUser(1000L).withRunAsGroup(2000L).withFsGroup(3000L)
                .withSupplementalGroups(4000L, 4001L).withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile();
        Container c = TestPods.container().withSecurityContext(new SecurityContextBuilder().withRunAsUser(1001L)
                .withPrivileged(true).withReadOnlyRootFilesystem(true).withAllowPrivilegeEscalation(false)
                .withNewCapabilities().withAdd("NET_ADMIN", "CAP_SYS_TIME").withDrop("ALL").endCapabilities()
                .withNewSeccompProfile().withType("Localhost").withLocalhostProfile("profiles/audit.json").endSeccompProfile()
                .build()).build();
        Security s = map(pod(psc, c));
        assertThat(s).isEqualTo(new Security(1001L, 2000L, List.of(3000L, 4000L, 4001L), true, true, true,
                List.of("NET_ADMIN", "SYS_TIME"), List.of("ALL"), new Seccomp.Localhost(SECCOMP.resolve("profiles/audit.json")), null));
        assertThat(map(pod(psc, TestPods.container().build())).seccomp()).isEqualTo(new Seccomp.RuntimeDefault());
    }

    @Test
    void allowPrivilegeEscalationUnsetKeepsNoNewPrivsOff() throws Exception {
        Container c = TestPods.container().withSecurityContext(new SecurityContextBuilder().withAllowPrivilegeEscalation(true).build()).build();
        assertThat(map(pod(null, c)).noNewPrivileges()).isFalse();
    }

    @Test
    void seccompProfiles() throws Exception {
        Container unconfined = TestPods.container().withSecurityContext(new SecurityContextBuilder()
                .withNewSeccompProfile().withType("Unconfined").endSeccompProfile().build()).build();
        var podRuntimeDefault = new PodSecurityContextBuilder().withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile();
        assertThat(map(pod(podRuntimeDefault, unconfined)).seccomp()).isEqualTo(new Seccomp.Unconfined());
        Container escaping = TestPods.container().withSecurityContext(new SecurityContextBuilder()
                .withNewSeccompProfile().withType("Localhost").withLocalhostProfile("../../etc/x.json").endSeccompProfile().build()).build();
        assertThatThrownBy(() -> map(pod(null, escaping))).isInstanceOf(ContainerConfigException.class);
    }

    @Test
    void appArmorFromFieldOrOldAnnotation() throws Exception {
        Container c = TestPods.container().withSecurityContext(new SecurityContextBuilder()
                .withNewAppArmorProfile().withType("Localhost").withLocalhostProfile("k8s-deny-write").endAppArmorProfile().build()).build();
        assertThat(map(pod(null, c)).appArmorProfile()).isEqualTo("localhost/k8s-deny-write");
        var podDefault = new PodSecurityContextBuilder().withNewAppArmorProfile().withType("RuntimeDefault").endAppArmorProfile();
        assertThat(map(pod(podDefault, TestPods.container().build())).appArmorProfile()).isEqualTo("runtime/default");
        var unconfined = new PodSecurityContextBuilder().withNewAppArmorProfile().withType("Unconfined").endAppArmorProfile();
        assertThat(map(pod(unconfined, TestPods.container().build())).appArmorProfile()).isNull();
        Pod annotated = TestPods.pod().editMetadata()
                .withAnnotations(Map.of("container.apparmor.security.beta.kubernetes.io/app", "runtime/default")).endMetadata().build();
        assertThat(map(annotated).appArmorProfile()).isEqualTo("runtime/default");
    }

    @Test
    void runAsNonRootWithRootUserIsRefused() {
        Container c = TestPods.container().withSecurityContext(new SecurityContextBuilder().withRunAsUser(0L).withRunAsNonRoot(true).build()).build();
        assertThatThrownBy(() -> map(pod(null, c))).isInstanceOf(ContainerConfigException.class)
                .hasMessageStartingWith("container's runAsUser breaks non-root policy (pod: \"web_shop(");
    }

    @Test
    void nonRootAgainstTheImageUser() throws Exception {
        var nonRoot = new PodSecurityContextBuilder().withRunAsNonRoot(true);
        Pod pod = pod(nonRoot, TestPods.container().build());
        Container c = pod.getSpec().getContainers().getFirst();
        NonRootPolicy.verify(pod, c, "1000:1000");
        assertThatThrownBy(() -> NonRootPolicy.verify(pod, c, "")).hasMessageStartingWith("container has runAsNonRoot and image will run as root");
        assertThatThrownBy(() -> NonRootPolicy.verify(pod, c, "0")).hasMessageStartingWith("container has runAsNonRoot and image will run as root");
        assertThatThrownBy(() -> NonRootPolicy.verify(pod, c, "nobody"))
                .hasMessageStartingWith("container has runAsNonRoot and image has non-numeric user (nobody), cannot verify user is non-root");
        Pod explicit = pod(nonRoot.withRunAsUser(5L), TestPods.container().build());
        NonRootPolicy.verify(explicit, explicit.getSpec().getContainers().getFirst(), "");
        NonRootPolicy.verify(TestPods.pod().build(), c, "");
    }
}
