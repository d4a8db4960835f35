package io.kube4j.apiserver.admission;

import tools.jackson.databind.JsonNode;

/**
 * Whether a pod spec references any Secret, as upstream's {@code VisitPodSecretNames}: image pull
 * secrets, secret and projected-secret volumes, the secret refs of volume plugins, and env/envFrom
 * of every container (init and ephemeral ones included). Stateless; thread-safe.
 */
final class MirrorPodSecrets {

    private static final String[] PLUGIN_SECRET_REFS = {"azureFile", "cephfs", "cinder", "flexVolume", "rbd",
        "scaleIO", "iscsi", "storageos", "csi"};

    private MirrorPodSecrets() {
    }

    static boolean referencesSecrets(JsonNode spec) {
        if (spec.path("imagePullSecrets").isArray() && !spec.path("imagePullSecrets").isEmpty()) {
            return true;
        }
        for (JsonNode v : spec.path("volumes")) {
            if (v.has("secret")) {
                return true;
            }
            for (JsonNode source : v.path("projected").path("sources")) {
                if (source.has("secret")) {
                    return true;
                }
            }
            for (String plugin : PLUGIN_SECRET_REFS) {
                JsonNode p = v.path(plugin);
                if (p.has("secretRef") || p.has("secretName") || p.has("nodePublishSecretRef")) {
                    return true;
                }
            }
        }
        for (String list : new String[] {"initContainers", "containers", "ephemeralContainers"}) {
            for (JsonNode c : spec.path(list)) {
                for (JsonNode env : c.path("envFrom")) {
                    if (env.has("secretRef")) {
                        return true;
                    }
                }
                for (JsonNode env : c.path("env")) {
                    if (env.path("valueFrom").has("secretKeyRef")) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
