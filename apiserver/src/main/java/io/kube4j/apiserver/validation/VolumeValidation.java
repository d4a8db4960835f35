package io.kube4j.apiserver.validation;

import io.fabric8.kubernetes.api.model.DownwardAPIVolumeFile;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.kube4j.apiserver.errors.FieldError;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A pod's {@code volumes} as upstream's {@code ValidateVolumes}: unique DNS-1123 label names,
 * exactly one volume source each, and the required fields and path rules of the common sources
 * (hostPath, secret, configMap, downwardAPI, projected, persistentVolumeClaim, nfs, csi,
 * ephemeral). Stateless, thread-safe.
 */
final class VolumeValidation {

    private static final String FILE_MODE = "must be a number between 0 and 0777 (octal), both inclusive";
    private static final List<String> HOST_PATH_TYPES = List.of("", "BlockDevice", "CharDevice", "Directory",
            "DirectoryOrCreate", "File", "FileOrCreate", "Socket");
    private static final List<String> DOWNWARD_FIELD_PATHS = List.of("metadata.annotations", "metadata.labels",
            "metadata.name", "metadata.namespace", "metadata.uid");

    private VolumeValidation() {
    }

    /** Validates {@code volumes} under {@code p}; returns the volume names for the mounts' checks. */
    static Set<String> validate(List<FieldError> errs, List<Volume> volumes, String p) {
        Set<String> names = new HashSet<>();
        if (volumes == null) {
            return names;
        }
        for (int i = 0; i < volumes.size(); i++) {
            Volume v = volumes.get(i);
            String ip = p + "[" + i + "]";
            String name = ContainerValidation.str(v.getName());
            if (name.isEmpty()) {
                errs.add(FieldError.required(ip + ".name", ""));
            } else {
                FieldChecks.each(errs, ip + ".name", name, NameRules::isDns1123Label);
                if (!names.add(name)) {
                    errs.add(FieldError.duplicate(ip + ".name", name));
                }
            }
            source(errs, v, ip);
        }
        return names;
    }

    private static void source(List<FieldError> errs, Volume v, String p) {
        Map<String, Object> set = new LinkedHashMap<>();
        put(set, "hostPath", v.getHostPath());
        put(set, "emptyDir", v.getEmptyDir());
        put(set, "gitRepo", v.getGitRepo());
        put(set, "secret", v.getSecret());
        put(set, "nfs", v.getNfs());
        put(set, "iscsi", v.getIscsi());
        put(set, "glusterfs", v.getGlusterfs());
        put(set, "persistentVolumeClaim", v.getPersistentVolumeClaim());
        put(set, "rbd", v.getRbd());
        put(set, "flexVolume", v.getFlexVolume());
        put(set, "cinder", v.getCinder());
        put(set, "cephfs", v.getCephfs());
        put(set, "flocker", v.getFlocker());
        put(set, "downwardAPI", v.getDownwardAPI());
        put(set, "fc", v.getFc());
        put(set, "azureFile", v.getAzureFile());
        put(set, "configMap", v.getConfigMap());
        put(set, "vsphereVolume", v.getVsphereVolume());
        put(set, "quobyte", v.getQuobyte());
        put(set, "azureDisk", v.getAzureDisk());
        put(set, "photonPersistentDisk", v.getPhotonPersistentDisk());
        put(set, "projected", v.getProjected());
        put(set, "portworxVolume", v.getPortworxVolume());
        put(set, "scaleIO", v.getScaleIO());
        put(set, "storageos", v.getStorageos());
        put(set, "csi", v.getCsi());
        put(set, "ephemeral", v.getEphemeral());
        put(set, "image", v.getImage());
        put(set, "gcePersistentDisk", v.getGcePersistentDisk());
        put(set, "awsElasticBlockStore", v.getAwsElasticBlockStore());
        if (set.isEmpty()) {
            errs.add(FieldError.required(p, "must specify a volume type"));
            return;
        }
        if (set.size() > 1) {
            String second = new ArrayList<>(set.keySet()).get(1);
            errs.add(FieldError.forbidden(p + "." + second, "may not specify more than 1 volume type"));
            return;
        }
        if (v.getHostPath() != null) {
            String path = ContainerValidation.str(v.getHostPath().getPath());
            if (path.isEmpty()) {
                errs.add(FieldError.required(p + ".hostPath.path", ""));
            } else {
                noBacksteps(errs, p + ".hostPath.path", path);
            }
            String type = v.getHostPath().getType();
            if (type != null && !HOST_PATH_TYPES.contains(type)) {
                errs.add(FieldError.notSupported(p + ".hostPath.type", type, HOST_PATH_TYPES));
            }
        }
        if (v.getSecret() != null) {
            if (ContainerValidation.str(v.getSecret().getSecretName()).isEmpty()) {
                errs.add(FieldError.required(p + ".secret.secretName", ""));
            }
            mode(errs, p + ".secret.defaultMode", v.getSecret().getDefaultMode());
            items(errs, v.getSecret().getItems(), p + ".secret.items");
        }
        if (v.getConfigMap() != null) {
            if (ContainerValidation.str(v.getConfigMap().getName()).isEmpty()) {
                errs.add(FieldError.required(p + ".configMap.name", ""));
            }
            mode(errs, p + ".configMap.defaultMode", v.getConfigMap().getDefaultMode());
            items(errs, v.getConfigMap().getItems(), p + ".configMap.items");
        }
        if (v.getPersistentVolumeClaim() != null
                && ContainerValidation.str(v.getPersistentVolumeClaim().getClaimName()).isEmpty()) {
            errs.add(FieldError.required(p + ".persistentVolumeClaim.claimName", ""));
        }
        if (v.getDownwardAPI() != null) {
            mode(errs, p + ".downwardAPI.defaultMode", v.getDownwardAPI().getDefaultMode());
            downwardFiles(errs, v.getDownwardAPI().getItems(), p + ".downwardAPI.items");
        }
        if (v.getProjected() != null) {
            mode(errs, p + ".projected.defaultMode", v.getProjected().getDefaultMode());
            projections(errs, v.getProjected().getSources(), p + ".projected.sources");
        }
        if (v.getNfs() != null) {
            if (ContainerValidation.str(v.getNfs().getServer()).isEmpty()) {
                errs.add(FieldError.required(p + ".nfs.server", ""));
            }
            String path = ContainerValidation.str(v.getNfs().getPath());
            if (path.isEmpty()) {
                errs.add(FieldError.required(p + ".nfs.path", ""));
            } else if (!path.startsWith("/")) {
                errs.add(FieldError.invalid(p + ".nfs.path", path, "must be an absolute path"));
            }
        }
        if (v.getCsi() != null && ContainerValidation.str(v.getCsi().getDriver()).isEmpty()) {
            errs.add(FieldError.required(p + ".csi.driver", ""));
        }
        if (v.getEphemeral() != null && v.getEphemeral().getVolumeClaimTemplate() == null) {
            errs.add(FieldError.required(p + ".ephemeral.volumeClaimTemplate", ""));
        }
    }

    private static void projections(List<FieldError> errs, List<VolumeProjection> sources, String p) {
        if (sources == null) {
            return;
        }
        for (int i = 0; i < sources.size(); i++) {
            VolumeProjection s = sources.get(i);
            String ip = p + "[" + i + "]";
            int n = 0;
            if (s.getSecret() != null) {
                n++;
                items(errs, s.getSecret().getItems(), ip + ".secret.items");
            }
            if (s.getConfigMap() != null) {
                n++;
                items(errs, s.getConfigMap().getItems(), ip + ".configMap.items");
            }
            if (s.getDownwardAPI() != null) {
                n++;
                downwardFiles(errs, s.getDownwardAPI().getItems(), ip + ".downwardAPI.items");
            }
            if (s.getServiceAccountToken() != null) {
                n++;
                String path = ContainerValidation.str(s.getServiceAccountToken().getPath());
                if (path.isEmpty()) {
                    errs.add(FieldError.required(ip + ".serviceAccountToken.path", ""));
                } else {
                    localDescendingPath(errs, ip + ".serviceAccountToken.path", path);
                }
                Long exp = s.getServiceAccountToken().getExpirationSeconds();
                if (exp != null && exp < 600) {
                    errs.add(FieldError.invalid(ip + ".serviceAccountToken.expirationSeconds", exp,
                            "may not specify a duration less than 10 minutes"));
                }
            }
            if (s.getClusterTrustBundle() != null) {
                n++;
            }
            if (s.getPodCertificate() != null) {
                n++;
            }
            if (n > 1) {
                errs.add(FieldError.forbidden(ip, "may not specify more than 1 volume type per source"));
            }
        }
    }

    private static void items(List<FieldError> errs, List<KeyToPath> items, String p) {
        if (items == null) {
            return;
        }
        for (int i = 0; i < items.size(); i++) {
            KeyToPath k = items.get(i);
            String ip = p + "[" + i + "]";
            if (ContainerValidation.str(k.getKey()).isEmpty()) {
                errs.add(FieldError.required(ip + ".key", ""));
            }
            String path = ContainerValidation.str(k.getPath());
            if (path.isEmpty()) {
                errs.add(FieldError.required(ip + ".path", ""));
            } else {
                localNonReservedPath(errs, ip + ".path", path);
            }
            mode(errs, ip + ".mode", k.getMode());
        }
    }

    private static void downwardFiles(List<FieldError> errs, List<DownwardAPIVolumeFile> files, String p) {
        if (files == null) {
            return;
        }
        for (int i = 0; i < files.size(); i++) {
            DownwardAPIVolumeFile f = files.get(i);
            String ip = p + "[" + i + "]";
            String path = ContainerValidation.str(f.getPath());
            if (path.isEmpty()) {
                errs.add(FieldError.required(ip + ".path", ""));
            } else {
                localNonReservedPath(errs, ip + ".path", path);
            }
            mode(errs, ip + ".mode", f.getMode());
            if (f.getFieldRef() != null) {
                String fp = ContainerValidation.str(f.getFieldRef().getFieldPath());
                if (fp.isEmpty()) {
                    errs.add(FieldError.required(ip + ".fieldRef.fieldPath", ""));
                } else if (!DOWNWARD_FIELD_PATHS.contains(fp) && !fp.startsWith("metadata.labels['")
                        && !fp.startsWith("metadata.annotations['")) {
                    errs.add(FieldError.notSupported(ip + ".fieldRef.fieldPath", fp, DOWNWARD_FIELD_PATHS));
                }
                if (f.getResourceFieldRef() != null) {
                    errs.add(FieldError.invalid(ip, "resource", "fieldRef and resourceFieldRef can not be specified simultaneously"));
                }
            } else if (f.getResourceFieldRef() == null) {
                errs.add(FieldError.required(ip, "one of fieldRef and resourceFieldRef is required"));
            } else if (ContainerValidation.str(f.getResourceFieldRef().getContainerName()).isEmpty()) {
                errs.add(FieldError.required(ip + ".resourceFieldRef.containerName", ""));
            }
        }
    }

    private static void mode(List<FieldError> errs, String p, Integer mode) {
        if (mode != null && (mode < 0 || mode > 0777)) {
            errs.add(FieldError.invalid(p, mode, FILE_MODE));
        }
    }

    /** A path inside the volume: relative, without '..' segments. */
    static void localDescendingPath(List<FieldError> errs, String p, String path) {
        if (path.startsWith("/")) {
            errs.add(FieldError.invalid(p, path, "must be a relative path"));
        }
        noBacksteps(errs, p, path);
    }

    private static void localNonReservedPath(List<FieldError> errs, String p, String path) {
        localDescendingPath(errs, p, path);
        if (path.startsWith("..")) {
            errs.add(FieldError.invalid(p, path, "must not start with '..'"));
        }
    }

    private static void noBacksteps(List<FieldError> errs, String p, String path) {
        for (String part : path.split("[/\\\\]")) {
            if (part.equals("..")) {
                errs.add(FieldError.invalid(p, path, "must not contain '..'"));
                return;
            }
        }
    }

    private static void put(Map<String, Object> set, String name, Object source) {
        if (source != null) {
            set.put(name, source);
        }
    }
}
