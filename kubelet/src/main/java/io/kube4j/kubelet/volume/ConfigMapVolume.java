package io.kube4j.kubelet.volume;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapVolumeSource;
import java.nio.file.Path;

/** configMap: the ConfigMap's keys as files, written atomically (updates reach running containers). Stateless. */
final class ConfigMapVolume {

    static final String PLUGIN = "configmap";

    private ConfigMapVolume() {}

    static HostVolume setUp(VolumeContext ctx, String name, ConfigMapVolumeSource source) throws SetUpFailure {
        boolean optional = Boolean.TRUE.equals(source.getOptional());
        ConfigMap cm = ctx.read(() -> ctx.source().configMap(ctx.namespace(), source.getName()));
        if (cm == null && !optional) {
            throw new SetUpFailure("configmap \"" + source.getName() + "\" not found");
        }
        int mode = source.getDefaultMode() == null ? 0644 : source.getDefaultMode();
        Path dir = ctx.volumeDir(PLUGIN, name);
        VolumeFiles.write(ctx, dir, Payloads.configMap(source.getItems(), cm, mode, optional));
        return new HostVolume(dir, true);
    }
}
