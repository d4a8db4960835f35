package io.kube4j.kubelet.volume;

import io.fabric8.kubernetes.api.model.ProjectedVolumeSource;
import io.fabric8.kubernetes.api.model.ServiceAccountTokenProjection;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.kube4j.kubelet.volume.AtomicWriter.FileProjection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * projected: configMap, secret, downwardAPI and serviceAccountToken sources merged into one
 * directory, written atomically on a tmpfs when root (upstream's projected plugin). Failures of
 * the sources are collected and reported together. The token is bound to the pod and renewed at
 * 80% of its life on a later set-up. Stateless (tokens are kept by {@link ServiceAccountTokens}).
 */
final class ProjectedVolume {

    static final String PLUGIN = "projected";
    private static final long DEFAULT_TOKEN_SECONDS = 3600;

    private ProjectedVolume() {}

    static HostVolume setUp(VolumeContext ctx, String name, ProjectedVolumeSource source) throws SetUpFailure {
        int defaultMode = source.getDefaultMode() == null ? 0644 : source.getDefaultMode();
        Map<String, FileProjection> payload = new LinkedHashMap<>();
        List<String> errors = new ArrayList<>();
        for (VolumeProjection p : source.getSources() == null ? List.<VolumeProjection>of() : source.getSources()) {
            try {
                if (p.getConfigMap() != null) {
                    var src = p.getConfigMap();
                    boolean optional = Boolean.TRUE.equals(src.getOptional());
                    var cm = ctx.read(() -> ctx.source().configMap(ctx.namespace(), src.getName()));
                    if (cm == null && !optional) {
                        throw new SetUpFailure("configmap \"" + src.getName() + "\" not found");
                    }
                    payload.putAll(Payloads.configMap(src.getItems(), cm, defaultMode, optional));
                } else if (p.getSecret() != null) {
                    var src = p.getSecret();
                    boolean optional = Boolean.TRUE.equals(src.getOptional());
                    var secret = ctx.read(() -> ctx.source().secret(ctx.namespace(), src.getName()));
                    if (secret == null && !optional) {
                        throw new SetUpFailure("secret \"" + src.getName() + "\" not found");
                    }
                    payload.putAll(Payloads.secret(src.getItems(), secret, defaultMode, optional));
                } else if (p.getDownwardAPI() != null) {
                    payload.putAll(Payloads.downwardApi(p.getDownwardAPI().getItems(), ctx.pod(), ctx.allocatable().get(),
                            defaultMode, errors));
                } else if (p.getServiceAccountToken() != null) {
                    payload.put(p.getServiceAccountToken().getPath(), token(ctx, p.getServiceAccountToken(), defaultMode));
                } else {
                    errors.add("unsupported projected volume source (only configMap, secret, downwardAPI and serviceAccountToken)");
                }
            } catch (SetUpFailure e) {
                errors.add(e.getMessage());
            }
        }
        if (!errors.isEmpty()) {
            throw new SetUpFailure(Payloads.aggregate(errors));
        }
        Path dir = ctx.volumeDir(PLUGIN, name);
        SecretVolume.memoryBacked(ctx, dir);
        VolumeFiles.write(ctx, dir, payload);
        return new HostVolume(dir, true);
    }

    private static FileProjection token(VolumeContext ctx, ServiceAccountTokenProjection tp, int defaultMode) throws SetUpFailure {
        var pod = ctx.pod();
        String sa = pod.getSpec().getServiceAccountName() == null || pod.getSpec().getServiceAccountName().isEmpty()
                ? "default" : pod.getSpec().getServiceAccountName();
        List<String> audiences = tp.getAudience() == null || tp.getAudience().isEmpty() ? List.of() : List.of(tp.getAudience());
        long seconds = tp.getExpirationSeconds() == null ? DEFAULT_TOKEN_SECONDS : tp.getExpirationSeconds();
        try {
            String token = ctx.tokens().token(ctx.namespace(), sa, audiences, seconds, pod.getMetadata().getName(),
                    pod.getMetadata().getUid());
            // with an fsGroup the token is 0600 and the group gets read from the ownership step (0640), as upstream
            int mode = ctx.fsGroup() != null ? 0600 : defaultMode;
            return new FileProjection(token.getBytes(StandardCharsets.UTF_8), mode);
        } catch (IOException e) {
            throw new SetUpFailure(e.getMessage(), e);
        }
    }
}
