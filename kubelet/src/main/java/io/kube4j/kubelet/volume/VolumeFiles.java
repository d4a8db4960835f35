package io.kube4j.kubelet.volume;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** Writes an atomic volume's files and, when they changed, hands them to the pod's fsGroup. Stateless. */
final class VolumeFiles {

    private VolumeFiles() {}

    static void write(VolumeContext ctx, Path dir, Map<String, AtomicWriter.FileProjection> payload) throws SetUpFailure {
        try {
            boolean changed = new AtomicWriter(dir).write(payload);
            Long fsGroup = ctx.fsGroup();
            if (changed && fsGroup != null) {
                FsGroup.apply(dir, fsGroup, true, ctx.tmpfs());
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new SetUpFailure("cannot write " + dir + ": " + e.getMessage(), e);
        }
    }
}
