package io.kube4j.scheduler.plugins.volumes;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.storage.StorageClass;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Read access to the cluster's claims, volumes and storage classes, as VolumeBinding reads them
 * (upstream's PVC, PV and StorageClass listers). Lookups of unknown objects return null.
 * Implementations must be thread-safe: Filter asks from parallel node checks.
 */
public interface VolumeListers {

    /** No claims, volumes or classes: every pod with a claim is rejected as "not found". */
    VolumeListers EMPTY = of(List.of(), List.of(), List.of());

    PersistentVolumeClaim claim(String namespace, String name);

    PersistentVolume volume(String name);

    /** Every volume, in any order. */
    List<PersistentVolume> volumes();

    StorageClass storageClass(String name);

    /** A fixed snapshot of the given objects (for tests and tools). */
    static VolumeListers of(Collection<PersistentVolumeClaim> claims, Collection<PersistentVolume> volumes,
                            Collection<StorageClass> classes) {
        Map<String, PersistentVolumeClaim> byKey = claims.stream().collect(Collectors.toUnmodifiableMap(
                c -> c.getMetadata().getNamespace() + "/" + c.getMetadata().getName(), Function.identity()));
        Map<String, PersistentVolume> pvs = volumes.stream().collect(Collectors.toUnmodifiableMap(
                v -> v.getMetadata().getName(), Function.identity()));
        Map<String, StorageClass> scs = classes.stream().collect(Collectors.toUnmodifiableMap(
                s -> s.getMetadata().getName(), Function.identity()));
        List<PersistentVolume> all = List.copyOf(volumes);
        return new VolumeListers() {
            @Override
            public PersistentVolumeClaim claim(String namespace, String name) {
                return byKey.get(namespace + "/" + name);
            }

            @Override
            public PersistentVolume volume(String name) {
                return pvs.get(name);
            }

            @Override
            public List<PersistentVolume> volumes() {
                return all;
            }

            @Override
            public StorageClass storageClass(String name) {
                return scs.get(name);
            }
        };
    }
}
