package io.kube4j.controllers.garbagecollector;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.kube4j.controllers.machinery.Api;
import java.util.List;

/**
 * Discovery and untyped reads and writes of any resource: what the garbage collector and the
 * namespace controller need to handle every kind the apiserver serves (upstream's discovery and
 * metadata clients). {@link Fabric8DynamicClient} talks to the apiserver; unit tests use an
 * in-memory fake. Implementations are thread-safe. Failures surface as fabric8's
 * {@code KubernetesClientException} carrying the HTTP code (see {@code ApiErrors}); {@code namespace}
 * arguments are ignored for cluster-scoped resources. Returned objects belong to the caller.
 */
public interface DynamicClient {

    /** The preferred version of every resource served (subresources excluded); never throws for one failing group. */
    Discovery discover();

    /** The objects of {@code type} in {@code namespace}, or in every namespace when it is null. */
    List<GenericKubernetesResource> list(ResourceType type, String namespace);

    /** A live read, or null when the object does not exist. */
    GenericKubernetesResource get(ResourceType type, String namespace, String name);

    /** Deletes the object; a missing object is a 404, a UID precondition that fails a 409. */
    void delete(ResourceType type, String namespace, String name, Api.Deletion options);

    /**
     * Replaces the object's ownerReferences, provided it still has {@code uid} and, when
     * {@code resourceVersion} is not null, that resourceVersion (else 409).
     */
    void setOwnerReferences(ResourceType type, String namespace, String name, String uid, String resourceVersion,
            List<OwnerReference> ownerReferences);

    /** Replaces the object's metadata.finalizers under the same preconditions. */
    void setFinalizers(ResourceType type, String namespace, String name, String uid, String resourceVersion,
            List<String> finalizers);

    /**
     * Watches every object of {@code type} in all namespaces: {@code handler} sees an add for each
     * existing object, then the changes. Closing the result stops the watch.
     */
    AutoCloseable inform(ResourceType type, ResourceEventHandler<GenericKubernetesResource> handler);
}
