package io.kube4j.kubelet.eviction;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.kube4j.kubelet.pod.FakeRuntime;
import io.kube4j.runtime.ContainerConfig;
import io.kube4j.runtime.RuntimeLabels;
import io.kube4j.runtime.SandboxConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where a pod's ephemeral storage is on disk and how it is summed: emptyDirs, the newest layer per container, logs. */
class HostPodStorageTest {

    @TempDir
    Path root;

    private final FakeRuntime runtime = new FakeRuntime();

    private String container(String sandbox, String name, int attempt) {
        return runtime.createContainer(sandbox, new ContainerConfig(name, attempt, "busybox:1.36", List.of(), List.of(), "", List.of(),
                List.of(), name + ".log", false, false, false, ContainerConfig.Resources.NONE, ContainerConfig.Security.DEFAULT,
                Map.of(RuntimeLabels.POD_UID, "uid-web", RuntimeLabels.CONTAINER_NAME, name), Map.of()));
    }

    private static void fill(Path file, int bytes) throws Exception {
        Files.createDirectories(file.getParent());
        Files.write(file, new byte[bytes]);
    }

    @Test
    void emptyDirsLayersAndLogsOfEachPod() throws Exception {
        runtime.layerRoot = root.resolve("layers");
        runtime.presentImages.add("busybox:1.36");
        String sandbox = runtime.runSandbox(new SandboxConfig("web", "default", "uid-web", 0, "web", root, null, List.of(), List.of(),
                false, false, false, false, "", Map.of(), Map.of(RuntimeLabels.POD_UID, "uid-web"), Map.of())).id();
        String oldApp = container(sandbox, "app", 0);
        String newApp = container(sandbox, "app", 1);
        String side = container(sandbox, "side", 0);
        Pod pod = LocalStorageLimitsTest.pod("1Mi", null, null);
        Path pods = root.resolve("pods");
        Path logs = root.resolve("logs");
        fill(pods.resolve("uid-web/volumes/kubernetes.io~empty-dir/cache/data"), 3000);
        fill(pods.resolve("uid-web/volumes/kubernetes.io~empty-dir/ram/data"), 5000); // a Memory emptyDir: not disk
        fill(runtime.layerRoot.resolve(oldApp).resolve("tmp/old"), 7000); // an older instance: not counted
        fill(runtime.layerRoot.resolve(newApp).resolve("tmp/new"), 100);
        fill(runtime.layerRoot.resolve(side).resolve("x"), 20);
        fill(logs.resolve("default_web_uid-web/app/0.log"), 10);
        fill(logs.resolve("default_web_uid-web/app/1.log"), 1);

        Map<String, PodStorage> measured = new HostPodStorage(runtime, pods, logs, 10_000, Duration.ofSeconds(5)).measure(List.of(pod));

        PodStorage web = measured.get("uid-web");
        assertThat(web.emptyDirs()).containsOnlyKeys("cache");
        assertThat(web.emptyDirs().get("cache").bytes()).isEqualTo(3000);
        assertThat(web.containerRootfs().get("app").bytes()).isEqualTo(100);
        assertThat(web.containerRootfs().get("side").bytes()).isEqualTo(20);
        assertThat(web.containerLogs().get("app").bytes()).isEqualTo(11);
        assertThat(web.container("app").bytes()).isEqualTo(111);
        assertThat(web.total().bytes()).isEqualTo(3000 + 100 + 20 + 11);
        assertThat(LocalStorageLimits.violation(pod, web)).isEmpty();
        fill(pods.resolve("uid-web/volumes/kubernetes.io~empty-dir/cache/more"), 1024 * 1024);
        PodStorage over = new HostPodStorage(runtime, pods, logs).measure(List.of(pod)).get("uid-web");
        assertThat(LocalStorageLimits.violation(pod, over)).map(Eviction::message)
                .contains("Usage of EmptyDir volume \"cache\" exceeds the limit \"1Mi\". ");
    }
}
