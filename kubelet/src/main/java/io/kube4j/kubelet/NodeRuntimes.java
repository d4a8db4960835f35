package io.kube4j.kubelet;

import io.kube4j.runtime.ContainerRuntime;
import io.kube4j.runtime.image.ImageStore;
import io.kube4j.runtime.image.ImageStoreOptions;
import io.kube4j.runtime.linux.Cgroups;
import io.kube4j.runtime.network.CniConfig;
import io.kube4j.runtime.network.CniNetwork;
import io.kube4j.runtime.runc.RuncRuntime;
import io.kube4j.runtime.runc.RuncRuntimeConfig;
import io.kube4j.runtime.simulated.SimulatedRuntime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The container runtimes a node can run on, built from its settings: runc (the image store under
 * {@code DATA_DIR/images}, pods attached to the CNI bridge over the node's pod CIDR, containers
 * under conmon, cgroups under {@code --cgroup-root}) or the simulated runtime of hollow nodes.
 * Stateless.
 */
final class NodeRuntimes {

    private static final Logger log = LoggerFactory.getLogger(NodeRuntimes.class);

    private NodeRuntimes() {}

    /** A hollow node's runtime: pods get IPs from {@code podCidr}, nothing runs. */
    static ContainerRuntime simulated(String podCidr) {
        return new SimulatedRuntime(podCidr, Duration.ZERO);
    }

    /**
     * The real runtime; the image store it uses is pushed on {@code owned} (closed after the
     * runtime). Images in {@code --images-import-dir} (air-gapped hosts) are imported first.
     */
    static ContainerRuntime runc(KubeletSettings s, String podCidr, Deque<AutoCloseable> owned) throws java.io.IOException {
        ImageStore images = new ImageStore(s.dataDir().resolve(ImageStore.DIRECTORY_IN_DATA_DIR),
                ImageStoreOptions.defaults().withInsecureRegistries(new HashSet<>(s.insecureRegistries())));
        owned.push(images);
        if (s.imagesImportDir() != null && Files.isDirectory(s.imagesImportDir())) {
            int imported = images.importAll(s.imagesImportDir()).size();
            log.info("imported {} images from {}", imported, s.imagesImportDir());
        }
        Path cniState = s.dataDir().resolve("cni");
        CniConfig cni = new CniConfig(s.cniBridge(), s.cniBridge(), podCidr, 0, s.cniBinDir(), cniState.resolve("ipam"),
                cniState.resolve("results"), true, true);
        RuncRuntimeConfig config = new RuncRuntimeConfig(s.dataDir().resolve("runc"), s.runcRoot(),
                binary("runc").orElse(Path.of("/usr/sbin/runc")), binary("conmon").orElse(Path.of("/usr/bin/conmon")),
                s.cgroupRoot(), Cgroups.host(), images, images, new CniNetwork(cni));
        return new RuncRuntime(config);
    }

    /** A program on PATH, or in the usual system directories. */
    static Optional<Path> binary(String name) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
        dirs.addAll(List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"));
        for (String dir : dirs) {
            if (!dir.isEmpty()) {
                Path candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }
}
