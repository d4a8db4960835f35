package io.kube4j.runtime.runc;

import io.kube4j.runtime.ImageConfig;
import io.kube4j.runtime.ImageRootfs;
import io.kube4j.runtime.linux.Commands;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A test {@link ImageRootfs}: one layer directory built from the host's static busybox (a link per
 * applet), with an /etc/passwd and /etc/group holding root, "app" (1000) and a group "extra" (2000)
 * that lists app. Every reference names this one image.
 */
final class BusyboxRootfs implements ImageRootfs {

    static final Path BUSYBOX = Path.of("/usr/bin/busybox");

    private final Path layer;
    private final ImageConfig config;

    private BusyboxRootfs(Path layer, ImageConfig config) {
        this.layer = layer;
        this.config = config;
    }

    static BusyboxRootfs build(Path dir, ImageConfig config) throws IOException {
        Path layer = dir.resolve("layer");
        Files.createDirectories(layer.resolve("bin"));
        for (String d : List.of("proc", "dev", "sys", "etc", "tmp", "root", "home/app", "var")) {
            Files.createDirectories(layer.resolve(d));
        }
        Files.copy(BUSYBOX, layer.resolve("bin/busybox"));
        Commands.Outcome list = Commands.run(List.of(BUSYBOX.toString(), "--list"), 10);
        for (String applet : list.output().lines().map(String::trim).filter(s -> !s.isEmpty() && !s.equals("busybox")).toList()) {
            Files.createSymbolicLink(layer.resolve("bin").resolve(applet), Path.of("busybox"));
        }
        Files.writeString(layer.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000:app:/home/app:/bin/sh\n");
        Files.writeString(layer.resolve("etc/group"), "root:x:0:\napp:x:1000:\nextra:x:2000:app\n");
        Files.writeString(layer.resolve("etc/image-file"), "from the image\n");
        return new BusyboxRootfs(layer, config);
    }

    static ImageConfig defaultConfig() {
        return new ImageConfig(List.of(), List.of("sh"), List.of("PATH=/bin", "IMAGE_VAR=from-image"), "/", "", "",
                List.of(), Map.of());
    }

    @Override
    public Optional<UnpackedImage> unpacked(String referenceOrId) {
        return Optional.of(new UnpackedImage("sha256:" + "0".repeat(64), referenceOrId, List.of(layer), config));
    }
}
