package io.kube4j.kubelet.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.kube4j.kubelet.volume.HostVolume;
import io.kube4j.kubelet.volume.PodVolumes;
import io.kube4j.runtime.ContainerConfig;
import io.kube4j.runtime.ContainerConfig.Mount;
import io.kube4j.runtime.RuntimeLabels;
import io.kube4j.runtime.SandboxConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PodRuntimeConfigsTest {

    @TempDir
    Path root;

    private PodRuntimeConfigs configs;
    private PodVolumes volumes;
    private Path data;
    private Path config;

    @BeforeEach
    void setUp() throws Exception {
        Path resolv = root.resolve("resolv.conf");
        Files.writeString(resolv, "nameserver 192.168.1.1\nsearch corp.example\n");
        Files.writeString(root.resolve("node-hosts"), "127.0.0.1 localhost\n192.168.1.20 node-1\n");
        configs = new PodRuntimeConfigs(TestPods.options(root, resolv, List.of("10.96.0.10")), new MapObjectSource(), null);
        data = Files.createDirectories(root.resolve("vol/data"));
        config = Files.createDirectories(root.resolve("vol/config"));
        volumes = new PodVolumes(TestPods.UID, Map.of("data", new HostVolume(data, false), "config", new HostVolume(config, true)));
    }

    /** A typical web pod: a subdomain, host aliases, a hostPort, an init container, volumes, resources. */
    private static Pod typical() {
        return TestPods.pod().editSpec()
                .withHostname("web-0").withSubdomain("webs")
                .addNewHostAlias().withIp("10.1.2.3").withHostnames("foo.local", "bar.local").endHostAlias()
                .withNewSecurityContext().addNewSysctl("net.ipv4.ip_unprivileged_port_start", "0").endSecurityContext()
                .withTerminationGracePeriodSeconds(45L)
                .withInitContainers(TestPods.container().withName("init").build())
                .withContainers(TestPods.container()
                        .withCommand("/bin/httpd").withArgs("-f", "-p", "$(PORT)").withWorkingDir("/srv")
                        .addNewEnv().withName("PORT").withValue("8080").endEnv()
                        .addNewEnv().withName("POD").withNewValueFrom().withNewFieldRef("v1", "metadata.name").endValueFrom().endEnv()
                        .addNewPort().withContainerPort(8080).withHostPort(30080).endPort()
                        .addNewPort().withContainerPort(9090).endPort()
                        .addNewPort().withContainerPort(53).withHostPort(5353).withProtocol("UDP").withHostIP("127.0.0.1").endPort()
                        .addNewVolumeMount().withName("data").withMountPath("/data").endVolumeMount()
                        .addNewVolumeMount().withName("config").withMountPath("/etc/app").endVolumeMount()
                        .addNewVolumeMount().withName("data").withMountPath("/logs").withSubPathExpr("logs/$(POD)")
                        .withMountPropagation("HostToContainer").withReadOnly(true).endVolumeMount()
                        .withNewResources().addToRequests("cpu", new io.fabric8.kubernetes.api.model.Quantity("200m"))
                        .addToLimits("memory", new io.fabric8.kubernetes.api.model.Quantity("256Mi")).endResources()
                        .withStdin(true).withTty(true)
                        .build())
                .endSpec().build();
    }

    @Test
    void sandboxOfATypicalPod() {
        SandboxConfig s = configs.sandbox(typical(), 1);
        assertThat(s.name()).isEqualTo("web");
        assertThat(s.namespace()).isEqualTo("shop");
        assertThat(s.uid()).isEqualTo(TestPods.UID);
        assertThat(s.attempt()).isEqualTo(1);
        assertThat(s.hostname()).isEqualTo("web-0");
        assertThat(s.logDirectory()).isEqualTo(root.resolve("logs/shop_web_" + TestPods.UID));
        assertThat(s.dns().servers()).containsExactly("10.96.0.10");
        assertThat(s.hostAliases()).containsExactly("10.1.2.3\tfoo.local\tbar.local");
        assertThat(s.portMappings()).containsExactly(new SandboxConfig.PortMapping(8080, 30080, "TCP", ""),
                new SandboxConfig.PortMapping(53, 5353, "UDP", "127.0.0.1"));
        assertThat(s.hostNetwork() || s.hostPid() || s.hostIpc() || s.shareProcessNamespace()).isFalse();
        assertThat(s.cgroupParent()).isEqualTo("/kubepods/burstable/pod" + TestPods.UID);
        assertThat(s.sysctls()).containsExactly(Map.entry("net.ipv4.ip_unprivileged_port_start", "0"));
        assertThat(s.labels()).containsEntry("app", "web").containsEntry(RuntimeLabels.POD_NAME, "web")
                .containsEntry(RuntimeLabels.POD_NAMESPACE, "shop").containsEntry(RuntimeLabels.POD_UID, TestPods.UID);
        assertThat(s.annotations()).containsEntry("team", "a \"b\"");
    }

    @Test
    void sandboxNamespacesAndHostname() {
        String longName = "a".repeat(62) + "-b-c";
        Pod pod = TestPods.pod().editMetadata().withName(longName).endMetadata().editSpec().withHostNetwork(true).withHostPID(true)
                .withHostIPC(true).withShareProcessNamespace(true).endSpec().build();
        SandboxConfig s = configs.sandbox(pod, 0);
        assertThat(s.hostname()).isEqualTo("a".repeat(62));
        assertThat(s.hostNetwork() && s.hostPid() && s.hostIpc() && s.shareProcessNamespace()).isTrue();
        Pod fqdn = TestPods.pod().editSpec().withSubdomain("sub").withSetHostnameAsFQDN(true).endSpec().build();
        assertThat(configs.sandbox(fqdn, 0).hostname()).isEqualTo("web.sub.shop.svc.cluster.local");
    }

    @Test
    void containerOfATypicalPod() throws Exception {
        Pod pod = typical();
        Container app = pod.getSpec().getContainers().getFirst();
        ContainerConfig c = configs.container(pod, app, 2, volumes, List.of("10.244.1.5"));
        assertThat(c.name()).isEqualTo("app");
        assertThat(c.attempt()).isEqualTo(2);
        assertThat(c.image()).isEqualTo("busybox:1");
        assertThat(c.command()).containsExactly("/bin/httpd");
        assertThat(c.args()).containsExactly("-f", "-p", "8080");
        assertThat(c.workingDir()).isEqualTo("/srv");
        assertThat(c.env()).startsWith("PORT=8080", "POD=web");
        assertThat(c.logPath()).isEqualTo("app/2.log");
        assertThat(c.stdin()).isTrue();
        assertThat(c.stdinOnce()).isFalse();
        assertThat(c.tty()).isTrue();
        assertThat(c.resources().cpuShares()).isEqualTo(204);
        assertThat(c.resources().memoryLimitBytes()).isEqualTo(256L * 1024 * 1024);
        assertThat(c.resources().oomScoreAdj()).isBetween(3, 999);

        Path podDir = root.resolve("pods").resolve(TestPods.UID);
        assertThat(c.mounts()).hasSize(5);
        assertThat(c.mounts().get(0)).isEqualTo(new Mount("/data", data, false, "private"));
        assertThat(c.mounts().get(1)).isEqualTo(new Mount("/etc/app", config, true, "private"));
        assertThat(c.mounts().get(2)).isEqualTo(new Mount("/logs", data.resolve("logs/web").toRealPath(), true, "rslave"));
        assertThat(Files.isDirectory(data.resolve("logs/web"))).isTrue();
        assertThat(c.mounts().get(3)).isEqualTo(new Mount("/etc/hosts", podDir.resolve("etc-hosts"), false, "private"));
        assertThat(Files.readString(podDir.resolve("etc-hosts"))).isEqualTo("""
                # Kubernetes-managed hosts file.
                127.0.0.1\tlocalhost
                ::1\tlocalhost ip6-localhost ip6-loopback
                fe00::0\tip6-localnet
                fe00::0\tip6-mcastprefix
                fe00::1\tip6-allnodes
                fe00::2\tip6-allrouters
                10.244.1.5\tweb-0.webs.shop.svc.cluster.local\tweb-0

                # Entries added by HostAliases.
                10.1.2.3\tfoo.local\tbar.local
                """);
        Mount term = c.mounts().get(4);
        assertThat(term.containerPath()).isEqualTo("/dev/termination-log");
        assertThat(term.hostPath().getParent()).isEqualTo(podDir.resolve("containers/app"));
        assertThat(Files.getPosixFilePermissions(term.hostPath())).isEqualTo(PosixFilePermissions.fromString("rw-rw-rw-"));
        assertThat(c.annotations()).containsEntry(RuntimeLabels.TERMINATION_MESSAGE_PATH, term.hostPath().toString())
                .containsEntry(RuntimeLabels.TERMINATION_MESSAGE_POLICY, "File")
                .containsEntry(RuntimeLabels.CONTAINER_RESTART_COUNT, "2")
                .containsEntry(RuntimeLabels.GRACE_PERIOD, "45")
                .containsEntry(RuntimeLabels.CONTAINER_HASH, PodRuntimeConfigs.hash(app));
        assertThat(c.labels()).containsEntry(RuntimeLabels.CONTAINER_NAME, "app").containsEntry(RuntimeLabels.POD_UID, TestPods.UID)
                .doesNotContainKey(RuntimeLabels.INIT_CONTAINER);

        // each run gets its own termination-message file
        ContainerConfig again = configs.container(pod, app, 3, volumes, List.of("10.244.1.5"));
        assertThat(again.mounts().get(4).hostPath()).isNotEqualTo(term.hostPath());

        Container init = pod.getSpec().getInitContainers().getFirst();
        assertThat(configs.container(pod, init, 0, volumes, List.of("10.244.1.5")).labels())
                .containsEntry(RuntimeLabels.INIT_CONTAINER, "true");
    }

    @Test
    void hashFollowsTheSpec() {
        Container a = TestPods.container().build();
        assertThat(PodRuntimeConfigs.hash(a)).isEqualTo(PodRuntimeConfigs.hash(TestPods.container().build()));
        assertThat(PodRuntimeConfigs.hash(a)).isNotEqualTo(PodRuntimeConfigs.hash(TestPods.container().withImage("busybox:2").build()));
    }

    @Test
    void hostsFileRules() throws Exception {
        Container ownHosts = TestPods.container().addNewVolumeMount().withName("config").withMountPath("/etc/hosts").endVolumeMount()
                .withTerminationMessagePath("").build();
        ContainerConfig c = configs.container(TestPods.withContainer(ownHosts), ownHosts, 0, volumes, List.of("10.244.1.5"));
        assertThat(c.mounts()).extracting(Mount::hostPath).containsExactly(config);
        // no IP yet: no hosts file
        Container plain = TestPods.container().build();
        assertThat(configs.container(TestPods.withContainer(plain), plain, 0, volumes, List.of()).mounts())
                .extracting(Mount::containerPath).containsExactly("/dev/termination-log");
        // host network: the node's file under the managed header
        Pod hostNet = TestPods.pod().editSpec().withHostNetwork(true).endSpec().build();
        configs.container(hostNet, plain, 0, volumes, List.of("192.168.1.20"));
        assertThat(Files.readString(root.resolve("pods").resolve(TestPods.UID).resolve("etc-hosts")))
                .isEqualTo("# Kubernetes-managed hosts file (host network).\n127.0.0.1 localhost\n192.168.1.20 node-1\n");
    }

    @Test
    void mountErrors() throws Exception {
        Container missingVolume = TestPods.container().addNewVolumeMount().withName("nope").withMountPath("/x").endVolumeMount().build();
        assertThatThrownBy(() -> configs.container(TestPods.withContainer(missingVolume), missingVolume, 0, volumes, List.of()))
                .hasMessage("cannot find volume \"nope\" to mount into container \"app\"");
        Container missingVar = TestPods.container().addNewVolumeMount().withName("data").withMountPath("/x")
                .withSubPathExpr("$(NOPE)/$(ALSO)").endVolumeMount().build();
        assertThatThrownBy(() -> configs.container(TestPods.withContainer(missingVar), missingVar, 0, volumes, List.of()))
                .hasMessage("missing value for ALSO, NOPE");
        Container back = TestPods.container().addNewVolumeMount().withName("data").withMountPath("/x").withSubPath("a/../../b")
                .endVolumeMount().build();
        assertThatThrownBy(() -> configs.container(TestPods.withContainer(back), back, 0, volumes, List.of()))
                .hasMessageStartingWith("unable to provision SubPath `a/../../b`");
        Files.createSymbolicLink(data.resolve("escape"), root);
        Container escape = TestPods.container().addNewVolumeMount().withName("data").withMountPath("/x").withSubPath("escape")
                .endVolumeMount().build();
        assertThatThrownBy(() -> configs.container(TestPods.withContainer(escape), escape, 0, volumes, List.of()))
                .hasMessageContaining("not within volume path");
    }
}
