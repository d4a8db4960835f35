package io.kube4j.kubelet.config;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import java.util.List;

/**
 * The API objects pods' configs and volumes are made from. Each getter returns null when the
 * object does not exist and throws {@link ObjectSourceException} when it cannot be read.
 * Implementations are thread-safe; results may be a few seconds old (upstream's kubelet reads
 * them through a short-lived cache too).
 */
public interface ObjectSource {

    ConfigMap configMap(String namespace, String name);

    Secret secret(String namespace, String name);

    /** Every Service of the namespace (for service environment variables). */
    List<Service> services(String namespace);

    Node node(String name);

    PersistentVolumeClaim persistentVolumeClaim(String namespace, String name);

    PersistentVolume persistentVolume(String name);

    /** An object could not be read (not a "not found"); the message says why. */
    final class ObjectSourceException extends RuntimeException {
        public ObjectSourceException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
