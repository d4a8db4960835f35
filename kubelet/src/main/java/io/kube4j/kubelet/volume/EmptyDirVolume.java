package io.kube4j.kubelet.volume;

import io.fabric8.kubernetes.api.model.EmptyDirVolumeSource;
import io.kube4j.kubelet.config.Quantities;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * emptyDir: PODDIR/volumes/kubernetes.io~empty-dir/NAME, mode 0777; medium Memory is a tmpfs
 * (sized by sizeLimit when given), which needs root. Stateless.
 */
final class EmptyDirVolume {

    static final String PLUGIN = "empty-dir";

    private EmptyDirVolume() {}

    static HostVolume setUp(VolumeContext ctx, String name, EmptyDirVolumeSource source) throws SetUpFailure {
        Path dir = ctx.volumeDir(PLUGIN, name);
        try {
            if ("Memory".equals(source.getMedium())) {
                if (!ctx.tmpfs()) {
                    throw new SetUpFailure("a memory-backed emptyDir needs a tmpfs mount, which needs root");
                }
                Tmpfs.mount(dir, Quantities.value(source.getSizeLimit()));
            } else if (source.getMedium() != null && !source.getMedium().isEmpty()) {
                throw new SetUpFailure("unknown storage medium \"" + source.getMedium() + "\"");
            }
            Files.setPosixFilePermissions(dir, AtomicWriter.perms(0777));
            Long fsGroup = ctx.fsGroup();
            if (fsGroup != null) {
                FsGroup.apply(dir, fsGroup, false, ctx.tmpfs());
            }
        } catch (IOException e) {
            throw new SetUpFailure(e.getMessage(), e);
        }
        return new HostVolume(dir, false);
    }
}
