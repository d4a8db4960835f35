package io.kube4j.apiserver.admission;

import io.kube4j.apiserver.errors.ApiException;
import io.kube4j.apiserver.registry.ResourceType;
import io.kube4j.apiserver.rest.Admission;
import io.kube4j.apiserver.serviceaccount.ObjectLookup;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Upstream's ServiceAccount admission plugin, for pod creates:
 * <ul>
 * <li>a pod without {@code spec.serviceAccountName} runs as {@value #DEFAULT_ACCOUNT};</li>
 * <li>the service account must exist, else 403 {@code error looking up service account NS/NAME:
 *     serviceaccount "NAME" not found} (the {@code default} account is retried for up to about
 *     two seconds first, since its controller may be about to make it);</li>
 * <li>unless {@code automountServiceAccountToken} is false (the pod's, else the account's), every
 *     container and init container without a mount at {@value #MOUNT_PATH} gets a read-only one
 *     of the projected volume {@code kube-api-access-XXXXX} (token for 3607 s, the cluster CA
 *     from ConfigMap {@code kube-root-ca.crt}, the namespace from the downward API), which is
 *     added unless the pod already has a {@code kube-api-access-} volume;</li>
 * <li>the account's imagePullSecrets are copied to a pod that names none;</li>
 * <li>mirror pods (annotation {@value #MIRROR_ANNOTATION}) are left as they are, but may not name
 *     a service account, reference secrets or project service-account tokens (403).</li>
 * </ul>
 * Updates are not touched. Thread-safe when the lookup is.
 */
public final class ServiceAccountAdmission implements Admission {

    static final String DEFAULT_ACCOUNT = "default";
    static final String MOUNT_PATH = "/var/run/secrets/kubernetes.io/serviceaccount";
    static final String VOLUME_PREFIX = "kube-api-access-";
    static final String MIRROR_ANNOTATION = "kubernetes.io/config.mirror";
    /** Upstream's WarnOnlyBoundTokenExpirationSeconds. */
    static final long TOKEN_EXPIRATION_SECONDS = 3607;
    private static final int DEFAULT_ACCOUNT_ATTEMPTS = 10;
    private static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ObjectLookup serviceAccounts;
    private final Duration retryInterval;

    /** @param serviceAccounts read-through lookup (a service account created just before the pod must be seen) */
    public ServiceAccountAdmission(ObjectLookup serviceAccounts) {
        this(serviceAccounts, Duration.ofMillis(100 + RANDOM.nextInt(100)));
    }

    ServiceAccountAdmission(ObjectLookup serviceAccounts, Duration retryInterval) {
        this.serviceAccounts = serviceAccounts;
        this.retryInterval = retryInterval;
    }

    @Override
    public void admit(ResourceType type, Operation operation, ObjectNode pod, ObjectNode old, boolean dryRun) {
        if (operation != Operation.CREATE || !type.group().isEmpty() || !type.kind().equals("Pod")) {
            return;
        }
        ObjectNode spec = pod.get("spec") instanceof ObjectNode s ? s : pod.putObject("spec");
        String podName = pod.path("metadata").path("name").asString("");
        if (pod.path("metadata").path("annotations").has(MIRROR_ANNOTATION)) {
            validateMirror(spec, podName);
            return;
        }
        String accountName = spec.path("serviceAccountName").asString("");
        if (accountName.isEmpty()) {
            accountName = DEFAULT_ACCOUNT;
            spec.put("serviceAccountName", accountName);
            // The deprecated alias mirrors the name in every v1 pod (upstream's conversion; here defaulting,
            // which ran before admission): without it the stored pod differs from what the next update sends.
            spec.put("serviceAccount", accountName);
        }
        String namespace = pod.path("metadata").path("namespace").asString("");
        JsonNode account = find(namespace, accountName).orElseThrow(() -> new ApiException.Forbidden("pods", "", podName,
                "error looking up service account " + namespace + "/" + spec.path("serviceAccountName").asString()
                        + ": serviceaccount \"" + spec.path("serviceAccountName").asString() + "\" not found"));
        if (automount(spec, account)) {
            mountToken(spec);
        }
        JsonNode pullSecrets = spec.get("imagePullSecrets");
        JsonNode accountSecrets = account.get("imagePullSecrets");
        if ((pullSecrets == null || !pullSecrets.isArray() || pullSecrets.isEmpty())
                && accountSecrets != null && accountSecrets.isArray() && !accountSecrets.isEmpty()) {
            ArrayNode copy = spec.putArray("imagePullSecrets");
            accountSecrets.forEach(s -> copy.addObject().put("name", s.path("name").asString("")));
        }
    }

    private Optional<JsonNode> find(String namespace, String name) {
        int attempts = name.equals(DEFAULT_ACCOUNT) ? DEFAULT_ACCOUNT_ATTEMPTS : 1;
        for (int i = 0; i < attempts; i++) {
            if (i > 0) {
                try {
                    Thread.sleep(retryInterval);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            Optional<JsonNode> found = serviceAccounts.find(namespace, name);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /** The pod's setting wins, then the account's; mounting is the default. */
    private static boolean automount(ObjectNode spec, JsonNode account) {
        JsonNode podSetting = spec.get("automountServiceAccountToken");
        if (podSetting != null && podSetting.isBoolean()) {
            return podSetting.asBoolean();
        }
        JsonNode accountSetting = account.get("automountServiceAccountToken");
        return accountSetting == null || !accountSetting.isBoolean() || accountSetting.asBoolean();
    }

    private static void mountToken(ObjectNode spec) {
        ArrayNode volumes = spec.get("volumes") instanceof ArrayNode v ? v : null;
        String volumeName = null;
        if (volumes != null) {
            for (JsonNode v : volumes) {
                if (v.path("name").asString("").startsWith(VOLUME_PREFIX)) {
                    volumeName = v.path("name").asString();
                    break;
                }
            }
        }
        boolean hasVolume = volumeName != null;
        if (volumeName == null) {
            volumeName = VOLUME_PREFIX + randomSuffix();
        }
        boolean needed = mountIn(spec.get("initContainers"), volumeName);
        needed |= mountIn(spec.get("containers"), volumeName);
        if (needed && !hasVolume) {
            (volumes != null ? volumes : spec.putArray("volumes")).add(tokenVolume(volumeName));
        }
    }

    /** Adds the mount to each container lacking one at the path; whether any got it. */
    private static boolean mountIn(JsonNode containers, String volumeName) {
        boolean added = false;
        if (containers == null || !containers.isArray()) {
            return false;
        }
        for (JsonNode c : containers) {
            if (!(c instanceof ObjectNode container)) {
                continue;
            }
            ArrayNode mounts = container.get("volumeMounts") instanceof ArrayNode m ? m : null;
            boolean present = false;
            if (mounts != null) {
                for (JsonNode m : mounts) {
                    present |= MOUNT_PATH.equals(m.path("mountPath").asString(""));
                }
            }
            if (!present) {
                (mounts != null ? mounts : container.putArray("volumeMounts")).addObject()
                        .put("name", volumeName).put("readOnly", true).put("mountPath", MOUNT_PATH);
                added = true;
            }
        }
        return added;
    }

    /** Upstream's TokenVolumeSource, defaultMode set explicitly (0644) as upstream does. */
    static ObjectNode tokenVolume(String name) {
        ObjectNode volume = io.kube4j.apiserver.json.KubeJson.json().createObjectNode();
        volume.put("name", name);
        ObjectNode projected = volume.putObject("projected");
        ArrayNode sources = projected.putArray("sources");
        sources.addObject().putObject("serviceAccountToken").put("expirationSeconds", TOKEN_EXPIRATION_SECONDS)
                .put("path", "token");
        ObjectNode configMap = sources.addObject().putObject("configMap");
        configMap.put("name", "kube-root-ca.crt");
        configMap.putArray("items").addObject().put("key", "ca.crt").put("path", "ca.crt");
        sources.addObject().putObject("downwardAPI").putArray("items").addObject()
                .put("path", "namespace").putObject("fieldRef").put("apiVersion", "v1")
                .put("fieldPath", "metadata.namespace");
        projected.put("defaultMode", 420);
        return volume;
    }

    private static String randomSuffix() {
        StringBuilder s = new StringBuilder(5);
        for (int i = 0; i < 5; i++) {
            s.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return s.toString();
    }

    private static void validateMirror(ObjectNode spec, String podName) {
        if (!spec.path("serviceAccountName").asString("").isEmpty()) {
            throw new ApiException.Forbidden("pods", "", podName, "a mirror pod may not reference service accounts");
        }
        if (MirrorPodSecrets.referencesSecrets(spec)) {
            throw new ApiException.Forbidden("pods", "", podName, "a mirror pod may not reference secrets");
        }
        for (JsonNode v : spec.path("volumes")) {
            for (JsonNode source : v.path("projected").path("sources")) {
                if (source.has("serviceAccountToken")) {
                    throw new ApiException.Forbidden("pods", "", podName,
                            "a mirror pod may not use ServiceAccountToken volume projections");
                }
            }
        }
    }
}
