package io.kube4j.runtime.runc;

import io.kube4j.runtime.ImageRootfs;
import io.kube4j.runtime.ImageService;
import io.kube4j.runtime.PodNetwork;
import io.kube4j.runtime.linux.Cgroups;
import java.nio.file.Path;
import java.util.Objects;

/**
 * How a {@link RuncRuntime} runs: where its state lives, which binaries it uses, where its
 * cgroups go, and the image store and pod network it relies on.
 *
 * @param dataDir the runtime's state: sandboxes/ID and containers/ID (configs, bundles, overlay dirs, exit files)
 * @param runcRoot runc's own state directory (--root)
 * @param runc the runc binary
 * @param conmon the conmon binary
 * @param cgroupPrefix prepended to every cgroup path ("/kube4j"); "" for the cgroup root
 * @param cgroups the host's cgroup file system
 * @param images the image service {@link RuncRuntime#images()} returns
 * @param rootfs the unpacked layers of present images
 * @param network attaches non-host-network sandboxes to the pod network
 */
public record RuncRuntimeConfig(
        Path dataDir,
        Path runcRoot,
        Path runc,
        Path conmon,
        String cgroupPrefix,
        Cgroups cgroups,
        ImageService images,
        ImageRootfs rootfs,
        PodNetwork network) {

    public RuncRuntimeConfig {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(runcRoot, "runcRoot");
        Objects.requireNonNull(images, "images");
        Objects.requireNonNull(rootfs, "rootfs");
        Objects.requireNonNull(network, "network");
        cgroupPrefix = cgroupPrefix == null || cgroupPrefix.equals("/") ? "" : cgroupPrefix.replaceAll("/+$", "");
        if (!cgroupPrefix.isEmpty() && !cgroupPrefix.startsWith("/")) {
            cgroupPrefix = "/" + cgroupPrefix;
        }
    }

    /**
     * The node's defaults: state under {@code dataDir/runc}, runc's under /run/kube4j/runc,
     * /usr/sbin/runc and /usr/bin/conmon, cgroups under "/kube4j" on the host's cgroup file system.
     */
    public static RuncRuntimeConfig defaults(Path dataDir, ImageService images, ImageRootfs rootfs, PodNetwork network) {
        return new RuncRuntimeConfig(dataDir.resolve("runc"), Path.of("/run/kube4j/runc"), Path.of("/usr/sbin/runc"),
                Path.of("/usr/bin/conmon"), "/kube4j", Cgroups.host(), images, rootfs, network);
    }
}
