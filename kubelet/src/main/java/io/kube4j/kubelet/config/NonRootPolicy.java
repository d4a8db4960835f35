package io.kube4j.kubelet.config;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;

/**
 * runAsNonRoot against the image's user (upstream's verifyRunAsNonRoot), which only the pod
 * worker knows once the image is pulled: call it after {@link RuntimeConfigs#container} with
 * {@code ImageConfig.user()}. (RuntimeConfigs itself refuses an explicit runAsUser 0.) Stateless.
 */
public final class NonRootPolicy {

    private NonRootPolicy() {}

    /**
     * @param imageUser the image's user: "" (root), "uid", "uid:gid", "name" or "name:group"
     * @throws ContainerConfigException upstream's texts when the container would run as root or
     *     the image's user is not numeric
     */
    public static void verify(Pod pod, Container container, String imageUser) throws ContainerConfigException {
        var psc = pod.getSpec().getSecurityContext();
        var sc = container.getSecurityContext();
        Boolean nonRoot = sc != null && sc.getRunAsNonRoot() != null ? sc.getRunAsNonRoot() : psc == null ? null : psc.getRunAsNonRoot();
        if (!Boolean.TRUE.equals(nonRoot)) {
            return;
        }
        Long runAsUser = sc != null && sc.getRunAsUser() != null ? sc.getRunAsUser() : psc == null ? null : psc.getRunAsUser();
        String who = "(pod: \"%s_%s(%s)\", container: %s)".formatted(pod.getMetadata().getName(),
                pod.getMetadata().getNamespace(), pod.getMetadata().getUid(), container.getName());
        if (runAsUser != null) {
            if (runAsUser == 0) {
                throw new ContainerConfigException("container's runAsUser breaks non-root policy " + who);
            }
            return;
        }
        String user = imageUser == null ? "" : imageUser;
        int colon = user.indexOf(':');
        String uid = colon < 0 ? user : user.substring(0, colon);
        if (uid.isEmpty() || uid.equals("0")) {
            throw new ContainerConfigException("container has runAsNonRoot and image will run as root " + who);
        }
        if (!uid.chars().allMatch(Character::isDigit)) {
            throw new ContainerConfigException("container has runAsNonRoot and image has non-numeric user (%s), cannot verify user is non-root %s"
                    .formatted(uid, who));
        }
    }
}
