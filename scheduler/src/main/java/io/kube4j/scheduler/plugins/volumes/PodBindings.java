package io.kube4j.scheduler.plugins.volumes;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;

import java.util.List;

/**
 * What binding a pod's unbound claims on one node takes: static volumes chosen for some claims and
 * dynamic provisioning for the rest. Immutable.
 */
public record PodBindings(List<StaticBinding> statics, List<PersistentVolumeClaim> provisions) {

    public static final PodBindings NONE = new PodBindings(List.of(), List.of());

    public PodBindings {
        statics = List.copyOf(statics);
        provisions = List.copyOf(provisions);
    }

    public boolean isEmpty() {
        return statics.isEmpty() && provisions.isEmpty();
    }

    /** One claim and the existing volume chosen for it. */
    public record StaticBinding(PersistentVolume volume, PersistentVolumeClaim claim) {

        public String volumeName() {
            return volume.getMetadata().getName();
        }
    }
}
