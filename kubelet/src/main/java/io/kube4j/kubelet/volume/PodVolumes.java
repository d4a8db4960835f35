package io.kube4j.kubelet.volume;

import java.util.Map;

/** A pod's volumes as set up on the host: volume name to where it is. */
public record PodVolumes(String podUid, Map<String, HostVolume> byName) {

    public PodVolumes {
        byName = Map.copyOf(byName);
    }
}
