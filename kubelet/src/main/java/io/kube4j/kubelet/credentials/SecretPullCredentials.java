package io.kube4j.kubelet.credentials;

import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.kube4j.kubelet.config.ObjectSource;
import io.kube4j.kubelet.events.KubeletEvents;
import io.kube4j.runtime.RegistryAuth;
import io.kube4j.runtime.RuntimeFailure;
import io.kube4j.runtime.image.ImageReference;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pod's {@code spec.imagePullSecrets} as credentials (upstream's getPullSecretsForPod and
 * MakeDockerKeyring): each named Secret is read at every pull (upstream reads them through its
 * secret manager); one that cannot be read is skipped with a Warning event
 * {@code FailedToRetrieveImagePullSecret}, as upstream's, and the pull goes on with the others.
 * The Secrets' docker configs fill a {@link DockerKeyring} that is matched against the image's
 * normalised repository. (The ServiceAccount admission has already copied the account's pull
 * secrets onto a pod that names none.) Thread-safe when the source and events are.
 */
public final class SecretPullCredentials implements PullCredentials {

    private static final Logger LOG = LoggerFactory.getLogger(SecretPullCredentials.class);

    private final ObjectSource objects;
    private final KubeletEvents events;

    public SecretPullCredentials(ObjectSource objects, KubeletEvents events) {
        this.objects = objects;
        this.events = events;
    }

    @Override
    public List<RegistryAuth> lookup(Pod pod, String image) {
        List<LocalObjectReference> refs = pod.getSpec().getImagePullSecrets();
        if (refs == null || refs.isEmpty()) {
            return List.of();
        }
        String namespace = pod.getMetadata().getNamespace();
        List<String> failed = new ArrayList<>();
        DockerKeyring keyring = new DockerKeyring();
        for (LocalObjectReference ref : refs) {
            if (ref.getName() == null || ref.getName().isEmpty()) {
                continue;
            }
            Secret secret;
            try {
                secret = objects.secret(namespace, ref.getName());
            } catch (ObjectSource.ObjectSourceException e) {
                secret = null;
            }
            if (secret == null) {
                LOG.info("unable to retrieve pull secret {}/{} for pod {}, the image pull may not succeed", namespace, ref.getName(),
                        pod.getMetadata().getName());
                failed.add(ref.getName());
                continue;
            }
            try {
                keyring.add(DockerConfigs.of(secret));
            } catch (IllegalArgumentException e) {
                throw new RuntimeFailure(RuntimeFailure.Reason.IMAGE_AUTH, e.getMessage(), e);
            }
        }
        if (!failed.isEmpty()) {
            events.pod(pod, null, "Warning", "FailedToRetrieveImagePullSecret", "Unable to retrieve some image pull secrets ("
                    + String.join(", ", failed) + "); attempting to pull the image may not succeed.");
        }
        String repository;
        try {
            repository = ImageReference.parse(image).repository();
        } catch (IllegalArgumentException e) {
            return List.of(); // the pull itself reports the invalid name
        }
        return keyring.lookup(repository);
    }
}
