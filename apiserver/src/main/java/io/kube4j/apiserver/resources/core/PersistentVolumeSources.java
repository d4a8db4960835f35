package io.kube4j.apiserver.resources.core;

import io.fabric8.kubernetes.api.model.PersistentVolumeSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The volume source fields of a PersistentVolume spec, by their JSON names. Stateless, thread-safe. */
final class PersistentVolumeSources {

    private PersistentVolumeSources() {
    }

    static Map<String, Object> of(PersistentVolumeSpec s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("gcePersistentDisk", s.getGcePersistentDisk());
        m.put("awsElasticBlockStore", s.getAwsElasticBlockStore());
        m.put("hostPath", s.getHostPath());
        m.put("glusterfs", s.getGlusterfs());
        m.put("nfs", s.getNfs());
        m.put("rbd", s.getRbd());
        m.put("quobyte", s.getQuobyte());
        m.put("cinder", s.getCinder());
        m.put("cephfs", s.getCephfs());
        m.put("fc", s.getFc());
        m.put("flocker", s.getFlocker());
        m.put("flexVolume", s.getFlexVolume());
        m.put("azureFile", s.getAzureFile());
        m.put("vsphereVolume", s.getVsphereVolume());
        m.put("azureDisk", s.getAzureDisk());
        m.put("photonPersistentDisk", s.getPhotonPersistentDisk());
        m.put("portworxVolume", s.getPortworxVolume());
        m.put("scaleIO", s.getScaleIO());
        m.put("local", s.getLocal());
        m.put("storageos", s.getStorageos());
        m.put("csi", s.getCsi());
        m.put("iscsi", s.getIscsi());
        return m;
    }

    /** The names of the sources that are set, in declaration order. */
    static List<String> present(PersistentVolumeSpec s) {
        List<String> names = new ArrayList<>();
        of(s).forEach((k, v) -> {
            if (v != null) {
                names.add(k);
            }
        });
        return names;
    }

    static boolean sameSource(PersistentVolumeSpec a, PersistentVolumeSpec b) {
        return Objects.equals(of(a), of(b));
    }
}
