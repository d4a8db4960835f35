package io.kube4j.controllers.garbagecollector;

import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.ReducedStateItemStore;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kube4j.controllers.machinery.Api;
import io.kube4j.controllers.machinery.Fabric8Informers;
import io.kube4j.controllers.machinery.RawHttp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link DynamicClient} over a fabric8 client: discovery from {@code /api/v1} and each group's
 * preferred version under {@code /apis}, reads and informers through
 * {@code genericKubernetesResources}, deletes and metadata patches as raw requests (so that they
 * carry UID and resourceVersion preconditions). Thread-safe; does not own the client.
 */
public final class Fabric8DynamicClient implements DynamicClient {

    private static final Logger LOG = LoggerFactory.getLogger(Fabric8DynamicClient.class);
    private static final String[] KEPT_FIELDS = {"metadata.uid", "metadata.resourceVersion", "metadata.ownerReferences",
            "metadata.finalizers", "metadata.deletionTimestamp"};

    private final KubernetesClient client;
    private final RawHttp raw;

    public Fabric8DynamicClient(KubernetesClient client) {
        this.client = client;
        this.raw = new RawHttp(client);
    }

    @Override
    public Discovery discover() {
        List<ResourceType> found = new ArrayList<>();
        Map<String, String> failed = new LinkedHashMap<>();
        addGroupVersion(found, failed, "", "v1");
        List<APIGroup> groups;
        try {
            groups = client.getApiGroups() == null ? List.of() : client.getApiGroups().getGroups();
        } catch (RuntimeException e) {
            failed.put("apis", e.getMessage());
            groups = List.of();
        }
        for (APIGroup g : groups) {
            if (g.getPreferredVersion() != null) {
                addGroupVersion(found, failed, g.getName(), g.getPreferredVersion().getVersion());
            }
        }
        return new Discovery(found, failed);
    }

    private void addGroupVersion(List<ResourceType> found, Map<String, String> failed, String group, String version) {
        String gv = group.isEmpty() ? version : group + "/" + version;
        APIResourceList list;
        try {
            list = client.getApiResources(gv);
        } catch (RuntimeException e) {
            failed.put(gv, e.getMessage());
            return;
        }
        if (list == null) {
            failed.put(gv, "the server could not find the requested resource");
            return;
        }
        for (APIResource r : list.getResources()) {
            if (r.getName().contains("/")) {
                continue; // a subresource
            }
            found.add(new ResourceType(group, version, r.getKind(), r.getName(), Boolean.TRUE.equals(r.getNamespaced()),
                    r.getVerbs() == null ? Set.of() : Set.copyOf(r.getVerbs())));
        }
    }

    @Override
    public List<GenericKubernetesResource> list(ResourceType type, String namespace) {
        var op = client.genericKubernetesResources(context(type));
        return (type.namespaced() && namespace != null ? op.inNamespace(namespace).list() : op.inAnyNamespace().list())
                .getItems();
    }

    @Override
    public GenericKubernetesResource get(ResourceType type, String namespace, String name) {
        var op = client.genericKubernetesResources(context(type));
        return type.namespaced() ? op.inNamespace(namespace).withName(name).get() : op.withName(name).get();
    }

    @Override
    public void delete(ResourceType type, String namespace, String name, Api.Deletion options) {
        raw.delete(objectPath(type, namespace, name), options);
    }

    @Override
    public void setOwnerReferences(ResourceType type, String namespace, String name, String uid, String resourceVersion,
            List<OwnerReference> ownerReferences) {
        patchMetadata(type, namespace, name, uid, resourceVersion, "ownerReferences", ownerReferences);
    }

    @Override
    public void setFinalizers(ResourceType type, String namespace, String name, String uid, String resourceVersion,
            List<String> finalizers) {
        patchMetadata(type, namespace, name, uid, resourceVersion, "finalizers", finalizers);
    }

    /** A JSON merge patch of one metadata list, with the uid (and resourceVersion) as preconditions. */
    private void patchMetadata(ResourceType type, String namespace, String name, String uid, String resourceVersion,
            String field, Object value) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("uid", uid);
        if (resourceVersion != null) {
            meta.put("resourceVersion", resourceVersion);
        }
        meta.put(field, value);
        raw.send("PATCH", objectPath(type, namespace, name), "application/merge-patch+json",
                Serialization.asJson(Map.of("metadata", meta)));
    }

    /**
     * Informs through a store that keeps only the metadata the graph needs (as upstream's
     * metadata-only informers), so that watching every kind does not hold every object twice.
     */
    @Override
    public AutoCloseable inform(ResourceType type, ResourceEventHandler<GenericKubernetesResource> handler) {
        var op = client.genericKubernetesResources(context(type));
        SharedIndexInformer<GenericKubernetesResource> informer =
                (type.namespaced() ? op.inAnyNamespace().runnableInformer(0) : op.runnableInformer(0))
                        .exceptionHandler(Fabric8Informers.retryAlways(type.groupResource()))
                        .itemStore(new ReducedStateItemStore<>(ReducedStateItemStore.NAME_KEY_STATE,
                                GenericKubernetesResource.class, client.getKubernetesSerialization(), KEPT_FIELDS));
        informer.addEventHandler(handler);
        informer.start().whenComplete((ignored, error) -> {
            if (error != null) {
                LOG.warn("watching {} failed: {}", type.groupResource(), error.toString());
            }
        });
        return informer::close;
    }

    private static String objectPath(ResourceType type, String namespace, String name) {
        return type.collectionPath(namespace) + "/" + name;
    }

    private static ResourceDefinitionContext context(ResourceType type) {
        return new ResourceDefinitionContext.Builder().withGroup(type.group()).withVersion(type.version())
                .withKind(type.kind()).withPlural(type.plural()).withNamespaced(type.namespaced()).build();
    }
}
