package io.kube4j.runtime.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.kube4j.runtime.ImageRootfs;
import io.kube4j.runtime.ImageStatus;
import io.kube4j.runtime.RegistryAuth;
import io.kube4j.runtime.testing.LocalRegistry;
import io.kube4j.runtime.testing.TestImages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image store against Debian's real docker-registry: push the busybox test image, pull it,
 * run the busybox binary straight from its unpacked layer; whiteouts through a real overlay mount;
 * an import by a second process into the directory of a running store.
 */
class ImageStoreIT {

    private static LocalRegistry registry;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startRegistry() throws Exception {
        TestImages.assumeBusybox();
        registry = LocalRegistry.start();
    }

    @AfterAll
    static void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void pushPullAndRunBusyboxFromTheUnpackedLayer() throws Exception {
        String digest = registry.push(TestImages.busyboxLayout(tmp.resolve("layout")), "kube4j/busybox", "1.0");
        ImageStore store = new ImageStore(tmp.resolve("store"));
        String reference = registry.address() + "/kube4j/busybox:1.0";

        long started = System.nanoTime();
        ImageStatus status = store.pull(reference, RegistryAuth.ANONYMOUS);
        long pullMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        System.out.printf("pulled the busybox image (%d bytes unpacked) in %d ms%n", status.sizeBytes(), pullMillis);

        assertThat(status.id()).isEqualTo(TestImages.busybox().id());
        assertThat(status.repoDigests()).containsExactly(registry.address() + "/kube4j/busybox@" + digest);
        assertThat(status.config().cmd()).containsExactly("sh");
        assertThat(status.config().env()).containsExactly(TestImages.PATH_ENV);
        ImageRootfs.UnpackedImage image = store.unpacked(reference).orElseThrow();
        Path layer = image.layers().getFirst();
        assertThat(Files.readSymbolicLink(layer.resolve("bin/sh"))).isEqualTo(Path.of("busybox"));
        assertThat(run(layer.resolve("bin/busybox").toString(), "echo", "ok")).isEqualTo("ok\n");
        assertThat(Files.readString(layer.resolve("etc/passwd"))).contains("nobody:x:65534:65534");

        // By digest, from a second store: the same image.
        ImageStore second = new ImageStore(tmp.resolve("store2"));
        assertThat(second.pull(registry.address() + "/kube4j/busybox@" + digest, RegistryAuth.ANONYMOUS).id())
                .isEqualTo(status.id());
    }

    @Test
    void whiteoutsHideLowerFilesInARealOverlayMount() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "mount needs root");
        registry.push(TestImages.whiteoutLayout(tmp.resolve("layout")), "kube4j/whiteout", "1");
        ImageStore store = new ImageStore(tmp.resolve("store"));
        ImageStatus status = store.pull(registry.address() + "/kube4j/whiteout:1", RegistryAuth.ANONYMOUS);
        List<Path> layers = store.unpacked(status.id()).orElseThrow().layers();
        assertThat(layers).hasSize(3);

        List<String> lower = new ArrayList<>();
        for (Path l : layers.reversed()) { // overlayfs lists the top layer first
            lower.add(l.toString());
        }
        Path mountPoint = Files.createDirectories(tmp.resolve("merged"));
        String mountOut = runExit(List.of("mount", "-t", "overlay", "overlay", "-o", "ro,lowerdir=" + String.join(":", lower),
                mountPoint.toString()));
        Assumptions.assumeTrue(mountOut.startsWith("0:"), "overlay mount not possible here: " + mountOut);
        try {
            assertThat(mountPoint.resolve("data/gone")).doesNotExist();
            assertThat(Files.readString(mountPoint.resolve("data/kept"))).isEqualTo("kept\n");
            assertThat(mountPoint.resolve("opq/old")).doesNotExist();
            assertThat(mountPoint.resolve("opq/sub")).doesNotExist();
            assertThat(Files.readString(mountPoint.resolve("opq/new"))).isEqualTo("new\n");
            assertThat(mountPoint.resolve("bin/busybox")).isRegularFile();
            assertThat(run(mountPoint.resolve("bin/busybox").toString(), "ls", mountPoint.resolve("opq").toString()))
                    .isEqualTo("new\n");
        } finally {
            runExit(List.of("umount", mountPoint.toString()));
        }
    }

    @Test
    void anImportBySecondProcessIsSeenByTheRunningStore() throws Exception {
        Path root = tmp.resolve("node-images");
        ImageStore node = new ImageStore(root);
        assertThat(node.image(TestImages.BUSYBOX)).isEmpty();
        Path archive = TestImages.tar(TestImages.busyboxLayout(tmp.resolve("layout")), tmp.resolve("busybox.tar"));

        String java = ProcessHandle.current().info().command().orElse(
                Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String out = runExit(List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), ImportMain.class.getName(), root.toString(), archive.toString()));
        assertThat(out).startsWith("0:").contains(TestImages.busybox().id());

        assertThat(node.image(TestImages.BUSYBOX)).map(ImageStatus::id).contains(TestImages.busybox().id());
        assertThat(node.unpacked(TestImages.BUSYBOX)).isPresent();
    }

    private static String run(String... command) throws Exception {
        String out = runExit(List.of(command));
        assertThat(out).startsWith("0:");
        return out.substring(2);
    }

    /** Runs a command (bounded to 60 s); answers "EXIT:OUTPUT". */
    private static String runExit(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return "timeout:" + new String(output, StandardCharsets.UTF_8);
        }
        return p.exitValue() + ":" + new String(output, StandardCharsets.UTF_8);
    }
}
