package io.kube4j.kubelet.credentials;

import io.fabric8.kubernetes.api.model.Pod;
import io.kube4j.runtime.RegistryAuth;
import io.kube4j.runtime.RuntimeFailure;
import java.util.List;

/**
 * The credentials to try, in order, for pulling one of a pod's images (upstream: the keyring made
 * from the pod's imagePullSecrets). Implementations are thread-safe.
 */
@FunctionalInterface
public interface PullCredentials {

    /** No credentials: every pull is anonymous. */
    PullCredentials ANONYMOUS = (pod, image) -> List.of();

    /**
     * @param image the container's image as written in the pod
     * @return the credentials to try in order; empty to pull anonymously
     * @throws RuntimeFailure (IMAGE_AUTH) when the pod's pull secrets cannot be used (e.g. a malformed docker config)
     */
    List<RegistryAuth> lookup(Pod pod, String image);
}
