package io.kube4j.kubelet.staticpod;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.Map;

/** Upstream's config annotation keys on static and mirror pods, and the tests on them. Stateless. */
public final class StaticPodAnnotations {

    /** Where the pod came from: "file" for a manifest, "api" for the apiserver. */
    public static final String CONFIG_SOURCE = "kubernetes.io/config.source";
    /** The static pod's hash, which is also its UID. */
    public static final String CONFIG_HASH = "kubernetes.io/config.hash";
    /** When the kubelet first saw the pod (RFC 3339 with nanoseconds). */
    public static final String CONFIG_SEEN = "kubernetes.io/config.seen";
    /** On a mirror pod: the hash of the static pod it mirrors. */
    public static final String CONFIG_MIRROR = "kubernetes.io/config.mirror";

    public static final String SOURCE_FILE = "file";

    private StaticPodAnnotations() {}

    /** Whether {@code pod} came from a manifest rather than from the API. */
    public static boolean isStaticPod(Pod pod) {
        return SOURCE_FILE.equals(annotations(pod).get(CONFIG_SOURCE));
    }

    /** Whether {@code pod} is the API's mirror of a static pod. */
    public static boolean isMirrorPod(Pod pod) {
        return annotations(pod).containsKey(CONFIG_MIRROR);
    }

    /** Whether {@code mirror} mirrors {@code staticPod}: same namespace and name, and its mirror hash is the static pod's hash. */
    public static boolean isMirrorOf(Pod mirror, Pod staticPod) {
        String hash = annotations(staticPod).get(CONFIG_HASH);
        return hash != null
                && hash.equals(annotations(mirror).get(CONFIG_MIRROR))
                && staticPod.getMetadata().getName().equals(mirror.getMetadata().getName())
                && staticPod.getMetadata().getNamespace().equals(mirror.getMetadata().getNamespace());
    }

    static Map<String, String> annotations(Pod pod) {
        Map<String, String> a = pod.getMetadata() == null ? null : pod.getMetadata().getAnnotations();
        return a == null ? Map.of() : a;
    }
}
