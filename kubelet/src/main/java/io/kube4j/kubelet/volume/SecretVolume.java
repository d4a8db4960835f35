package io.kube4j.kubelet.volume;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretVolumeSource;
import java.io.IOException;
import java.nio.file.Path;

/**
 * secret: the Secret's keys as files, written atomically, on a tmpfs when the kubelet is root (so
 * that secrets never reach the node's disk), as upstream. Stateless.
 */
final class SecretVolume {

    static final String PLUGIN = "secret";

    private SecretVolume() {}

    static HostVolume setUp(VolumeContext ctx, String name, SecretVolumeSource source) throws SetUpFailure {
        boolean optional = Boolean.TRUE.equals(source.getOptional());
        Secret secret = ctx.read(() -> ctx.source().secret(ctx.namespace(), source.getSecretName()));
        if (secret == null && !optional) {
            throw new SetUpFailure("secret \"" + source.getSecretName() + "\" not found");
        }
        int mode = source.getDefaultMode() == null ? 0644 : source.getDefaultMode();
        var payload = Payloads.secret(source.getItems(), secret, mode, optional);
        Path dir = ctx.volumeDir(PLUGIN, name);
        memoryBacked(ctx, dir);
        VolumeFiles.write(ctx, dir, payload);
        return new HostVolume(dir, true);
    }

    /** A tmpfs at {@code dir} when the kubelet may mount. */
    static void memoryBacked(VolumeContext ctx, Path dir) throws SetUpFailure {
        if (!ctx.tmpfs()) {
            return;
        }
        try {
            Tmpfs.mount(dir, 0);
        } catch (IOException e) {
            throw new SetUpFailure(e.getMessage(), e);
        }
    }
}
