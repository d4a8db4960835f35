package io.kube4j.kubelet.volume;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.DownwardAPIVolumeFile;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.kube4j.kubelet.config.DownwardApi;
import io.kube4j.kubelet.volume.AtomicWriter.FileProjection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The files of configMap, secret and downwardAPI sources (upstream's MakePayload and
 * CollectData): all keys at the default mode, or only the listed items at their path and mode
 * (a missing key fails unless the source is optional). Stateless.
 */
final class Payloads {

    private Payloads() {}

    /** A missing ConfigMap (null) of an optional source gives no files. */
    static Map<String, FileProjection> configMap(List<KeyToPath> items, ConfigMap cm, int defaultMode, boolean optional)
            throws SetUpFailure {
        Map<String, byte[]> data = new LinkedHashMap<>();
        if (cm != null) {
            if (cm.getData() != null) {
                cm.getData().forEach((k, v) -> data.put(k, v.getBytes(StandardCharsets.UTF_8)));
            }
            if (cm.getBinaryData() != null) {
                cm.getBinaryData().forEach((k, v) -> data.put(k, Base64.getMimeDecoder().decode(v)));
            }
        }
        return make(items, data, defaultMode, optional, "configmap references non-existent config key: ");
    }

    static Map<String, FileProjection> secret(List<KeyToPath> items, Secret secret, int defaultMode, boolean optional)
            throws SetUpFailure {
        Map<String, byte[]> data = new LinkedHashMap<>();
        if (secret != null) {
            if (secret.getData() != null) {
                secret.getData().forEach((k, v) -> data.put(k, Base64.getMimeDecoder().decode(v == null ? "" : v)));
            }
            if (secret.getStringData() != null) {
                secret.getStringData().forEach((k, v) -> data.put(k, v.getBytes(StandardCharsets.UTF_8)));
            }
        }
        return make(items, data, defaultMode, optional, "references non-existent secret key: ");
    }

    private static Map<String, FileProjection> make(List<KeyToPath> items, Map<String, byte[]> data, int defaultMode,
            boolean optional, String missingKey) throws SetUpFailure {
        Map<String, FileProjection> out = new LinkedHashMap<>();
        if (items == null || items.isEmpty()) {
            data.forEach((k, v) -> out.put(k, new FileProjection(v, defaultMode)));
            return out;
        }
        for (KeyToPath item : items) {
            byte[] v = data.get(item.getKey());
            if (v == null) {
                if (optional) {
                    continue;
                }
                throw new SetUpFailure(missingKey + item.getKey());
            }
            out.put(item.getPath(), new FileProjection(v, item.getMode() == null ? defaultMode : item.getMode()));
        }
        return out;
    }

    /** downwardAPI items: metadata fieldRefs and containers' resourceFieldRefs; failures are collected into {@code errors}. */
    static Map<String, FileProjection> downwardApi(List<DownwardAPIVolumeFile> items, Pod pod, Map<String, Quantity> allocatable,
            int defaultMode, List<String> errors) {
        Map<String, FileProjection> out = new LinkedHashMap<>();
        for (DownwardAPIVolumeFile item : items == null ? List.<DownwardAPIVolumeFile>of() : items) {
            int mode = item.getMode() == null ? defaultMode : item.getMode();
            String value = "";
            try {
                if (item.getFieldRef() != null) {
                    value = DownwardApi.metadataField(pod, item.getFieldRef().getFieldPath());
                } else if (item.getResourceFieldRef() != null) {
                    String containerName = item.getResourceFieldRef().getContainerName();
                    var container = java.util.stream.Stream.concat(pod.getSpec().getContainers().stream(),
                                    pod.getSpec().getInitContainers() == null ? java.util.stream.Stream.empty()
                                            : pod.getSpec().getInitContainers().stream())
                            .filter(c -> c.getName().equals(containerName)).findFirst()
                            .orElseThrow(() -> new IllegalArgumentException("container " + containerName + " not found"));
                    value = DownwardApi.resourceValue(item.getResourceFieldRef(), container, allocatable);
                }
            } catch (IllegalArgumentException e) {
                errors.add(e.getMessage());
                continue;
            }
            out.put(Path.of(item.getPath()).normalize().toString(), new FileProjection(value.getBytes(StandardCharsets.UTF_8), mode));
        }
        return out;
    }

    /** One error as itself, several as Go's aggregate "[a, b]". */
    static String aggregate(List<String> errors) {
        return errors.size() == 1 ? errors.getFirst() : "[" + String.join(", ", new ArrayList<>(errors)) + "]";
    }
}
