package io.kube4j.kubelet.volume;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.kube4j.kubelet.config.ObjectSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What a volume plugin sets one pod's volume up with.
 *
 * @param podDir the pod's directory (PODS/UID)
 * @param tmpfs whether memory-backed volumes can be mounted (root)
 */
record VolumeContext(
        Pod pod,
        Path podDir,
        ObjectSource source,
        ServiceAccountTokens tokens,
        Supplier<Map<String, Quantity>> allocatable,
        boolean tmpfs) {

    /** PODDIR/volumes/kubernetes.io~PLUGIN/NAME, created. */
    Path volumeDir(String plugin, String name) throws SetUpFailure {
        Path dir = podDir.resolve("volumes").resolve("kubernetes.io~" + plugin).resolve(name);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new SetUpFailure("cannot create " + dir + ": " + e.getMessage(), e);
        }
        return dir;
    }

    String namespace() {
        return pod.getMetadata().getNamespace();
    }

    /** The pod's fsGroup, or null. */
    Long fsGroup() {
        var sc = pod.getSpec().getSecurityContext();
        return sc == null ? null : sc.getFsGroup();
    }

    /** Reads through the source; a failure to read becomes the volume's failure. */
    <T> T read(Supplier<T> read) throws SetUpFailure {
        try {
            return read.get();
        } catch (ObjectSource.ObjectSourceException e) {
            throw new SetUpFailure(e.getMessage(), e);
        }
    }
}
