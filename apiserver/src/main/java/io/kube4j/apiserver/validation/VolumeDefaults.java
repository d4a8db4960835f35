package io.kube4j.apiserver.validation;

import io.fabric8.kubernetes.api.model.DownwardAPIVolumeFile;
import io.fabric8.kubernetes.api.model.EmptyDirVolumeSource;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import java.util.List;

/**
 * Upstream's volume defaults: a volume without a source is an emptyDir; secret, configMap,
 * downwardAPI and projected volumes get mode 0644; hostPath gets an explicit empty type;
 * downward-API field refs get API version v1; the legacy plugins their documented defaults.
 * Idempotent; mutates the volumes given. Stateless, thread-safe.
 */
final class VolumeDefaults {

    /** 0644, upstream's default file mode for projected files. */
    static final int DEFAULT_MODE = 0644;

    private VolumeDefaults() {
    }

    static void apply(List<Volume> volumes) {
        for (Volume v : PodSpecDefaults.list(volumes)) {
            if (noSource(v)) {
                v.setEmptyDir(new EmptyDirVolumeSource());
            }
            if (v.getSecret() != null && v.getSecret().getDefaultMode() == null) {
                v.getSecret().setDefaultMode(DEFAULT_MODE);
            }
            if (v.getConfigMap() != null && v.getConfigMap().getDefaultMode() == null) {
                v.getConfigMap().setDefaultMode(DEFAULT_MODE);
            }
            if (v.getDownwardAPI() != null) {
                if (v.getDownwardAPI().getDefaultMode() == null) {
                    v.getDownwardAPI().setDefaultMode(DEFAULT_MODE);
                }
                files(v.getDownwardAPI().getItems());
            }
            if (v.getProjected() != null) {
                if (v.getProjected().getDefaultMode() == null) {
                    v.getProjected().setDefaultMode(DEFAULT_MODE);
                }
                for (VolumeProjection s : PodSpecDefaults.list(v.getProjected().getSources())) {
                    if (s.getDownwardAPI() != null) {
                        files(s.getDownwardAPI().getItems());
                    }
                    if (s.getServiceAccountToken() != null
                            && s.getServiceAccountToken().getExpirationSeconds() == null) {
                        s.getServiceAccountToken().setExpirationSeconds(3600L);
                    }
                }
            }
            if (v.getHostPath() != null && v.getHostPath().getType() == null) {
                v.getHostPath().setType("");
            }
            if (v.getIscsi() != null && PodSpecDefaults.blank(v.getIscsi().getIscsiInterface())) {
                v.getIscsi().setIscsiInterface("default");
            }
            if (v.getRbd() != null) {
                if (PodSpecDefaults.blank(v.getRbd().getPool())) {
                    v.getRbd().setPool("rbd");
                }
                if (PodSpecDefaults.blank(v.getRbd().getUser())) {
                    v.getRbd().setUser("admin");
                }
                if (PodSpecDefaults.blank(v.getRbd().getKeyring())) {
                    v.getRbd().setKeyring("/etc/ceph/keyring");
                }
            }
            if (v.getAzureDisk() != null) {
                if (PodSpecDefaults.blank(v.getAzureDisk().getCachingMode())) {
                    v.getAzureDisk().setCachingMode("ReadWrite");
                }
                if (PodSpecDefaults.blank(v.getAzureDisk().getFsType())) {
                    v.getAzureDisk().setFsType("ext4");
                }
                if (v.getAzureDisk().getReadOnly() == null) {
                    v.getAzureDisk().setReadOnly(false);
                }
                if (PodSpecDefaults.blank(v.getAzureDisk().getKind())) {
                    v.getAzureDisk().setKind("Shared");
                }
            }
        }
    }

    private static void files(List<DownwardAPIVolumeFile> files) {
        for (DownwardAPIVolumeFile f : PodSpecDefaults.list(files)) {
            if (f.getFieldRef() != null && PodSpecDefaults.blank(f.getFieldRef().getApiVersion())) {
                f.getFieldRef().setApiVersion("v1");
            }
        }
    }

    private static boolean noSource(Volume v) {
        return v.getHostPath() == null && v.getEmptyDir() == null && v.getGitRepo() == null && v.getSecret() == null
                && v.getNfs() == null && v.getIscsi() == null && v.getGlusterfs() == null
                && v.getPersistentVolumeClaim() == null && v.getRbd() == null && v.getFlexVolume() == null
                && v.getCinder() == null && v.getCephfs() == null && v.getFlocker() == null
                && v.getDownwardAPI() == null && v.getFc() == null && v.getAzureFile() == null
                && v.getConfigMap() == null && v.getVsphereVolume() == null && v.getQuobyte() == null
                && v.getAzureDisk() == null && v.getPhotonPersistentDisk() == null && v.getProjected() == null
                && v.getPortworxVolume() == null && v.getScaleIO() == null && v.getStorageos() == null
                && v.getCsi() == null && v.getEphemeral() == null && v.getImage() == null
                && v.getGcePersistentDisk() == null && v.getAwsElasticBlockStore() == null;
    }
}
