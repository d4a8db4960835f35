package io.kube4j.kubelet.volume;

import io.fabric8.kubernetes.api.model.DownwardAPIVolumeSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** downwardAPI: the pod's metadata fields and containers' resources as files, written atomically. Stateless. */
final class DownwardApiVolume {

    static final String PLUGIN = "downward-api";

    private DownwardApiVolume() {}

    static HostVolume setUp(VolumeContext ctx, String name, DownwardAPIVolumeSource source) throws SetUpFailure {
        int mode = source.getDefaultMode() == null ? 0644 : source.getDefaultMode();
        List<String> errors = new ArrayList<>();
        var payload = Payloads.downwardApi(source.getItems(), ctx.pod(), ctx.allocatable().get(), mode, errors);
        if (!errors.isEmpty()) {
            throw new SetUpFailure(Payloads.aggregate(errors));
        }
        Path dir = ctx.volumeDir(PLUGIN, name);
        VolumeFiles.write(ctx, dir, payload);
        return new HostVolume(dir, true);
    }
}
