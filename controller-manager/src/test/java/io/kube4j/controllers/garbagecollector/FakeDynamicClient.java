package io.kube4j.controllers.garbagecollector;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kube4j.controllers.machinery.Api;
import io.kube4j.controllers.machinery.ApiErrors;
import io.kube4j.controllers.machinery.Keys;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * An in-memory apiserver for {@link DynamicClient} users' unit tests: discovery answers with the
 * given resource types, objects get uids and resourceVersions, deletes follow the apiserver's rules
 * (uid preconditions; Foreground/Orphan add their finalizer; an object with finalizers only gets a
 * deletionTimestamp; removing the last finalizer of a deleting object removes it; pods can be made
 * to stay terminating as on a node), and every change reaches the informers' handlers at once.
 * Every write is recorded as an {@link Action}. Not thread-safe beyond a coarse lock: tests drive it
 * from one thread.
 */
public final class FakeDynamicClient implements DynamicClient {

    static final Set<String> ALL_VERBS = Set.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");
    public static final ResourceType CONFIGMAPS = new ResourceType("", "v1", "ConfigMap", "configmaps", true, ALL_VERBS);
    public static final ResourceType SECRETS = new ResourceType("", "v1", "Secret", "secrets", true, ALL_VERBS);
    public static final ResourceType PODS = new ResourceType("", "v1", "Pod", "pods", true, ALL_VERBS);
    public static final ResourceType SERVICES = new ResourceType("", "v1", "Service", "services", true,
            Set.of("create", "delete", "get", "list", "patch", "update", "watch"));
    public static final ResourceType EVENTS = new ResourceType("", "v1", "Event", "events", true, ALL_VERBS);
    public static final ResourceType BINDINGS = new ResourceType("", "v1", "Binding", "bindings", true, Set.of("create"));
    public static final ResourceType CLUSTER_ROLES = new ResourceType("rbac.authorization.k8s.io", "v1", "ClusterRole",
            "clusterroles", false, ALL_VERBS);
    public static final ResourceType REPLICA_SETS = new ResourceType("apps", "v1", "ReplicaSet", "replicasets", true, ALL_VERBS);

    /** One write: verb is delete, ownerReferences or finalizers; detail the propagation policy or the new list. */
    public record Action(String verb, ResourceType type, String namespace, String name, String detail) {
    }

    private final List<ResourceType> types;
    private final Map<String, String> discoveryFailures = new LinkedHashMap<>();
    private final Map<ResourceType, Map<String, GenericKubernetesResource>> objects = new LinkedHashMap<>();
    private final Map<ResourceType, List<ResourceEventHandler<GenericKubernetesResource>>> handlers = new LinkedHashMap<>();
    private final List<Action> actions = new ArrayList<>();
    private final Map<ResourceType, RuntimeException> failDeletes = new LinkedHashMap<>();
    private boolean podsTerminateGracefully;
    private long revision = 1;

    public FakeDynamicClient(ResourceType... types) {
        this.types = List.of(types);
        for (ResourceType t : types) {
            objects.put(t, new LinkedHashMap<>());
        }
    }

    /** A new object of {@code type} (not stored), with the given owner references. */
    public static GenericKubernetesResource object(ResourceType type, String namespace, String name, OwnerReference... owners) {
        GenericKubernetesResource o = new GenericKubernetesResource();
        o.setApiVersion(type.apiVersion());
        o.setKind(type.kind());
        o.setMetadata(new ObjectMetaBuilder().withNamespace(type.namespaced() ? namespace : null).withName(name)
                .withUid(UUID.randomUUID().toString()).withOwnerReferences(owners.length == 0 ? null : List.of(owners)).build());
        return o;
    }

    /** A reference to {@code owner}. */
    public static OwnerReference ref(GenericKubernetesResource owner, boolean blockOwnerDeletion) {
        return new OwnerReferenceBuilder().withApiVersion(owner.getApiVersion()).withKind(owner.getKind())
                .withName(owner.getMetadata().getName()).withUid(owner.getMetadata().getUid())
                .withBlockOwnerDeletion(blockOwnerDeletion ? true : null).build();
    }

    /** Stores objects as if created earlier, telling the informers. */
    public synchronized FakeDynamicClient seed(ResourceType type, GenericKubernetesResource... items) {
        for (GenericKubernetesResource o : items) {
            GenericKubernetesResource copy = copy(o);
            copy.getMetadata().setResourceVersion(Long.toString(++revision));
            objects.get(type).put(key(copy), copy);
            handlers.getOrDefault(type, List.of()).forEach(h -> h.onAdd(copy(copy)));
        }
        return this;
    }

    /** Makes discovery report {@code groupVersion} as failing. */
    public synchronized void failDiscovery(String groupVersion, String message) {
        discoveryFailures.put(groupVersion, message);
    }

    /** Makes every delete of {@code type} fail with {@code error}. */
    public synchronized void failDeletes(ResourceType type, RuntimeException error) {
        failDeletes.put(type, error);
    }

    /** From now on, deleted pods stay with a deletionTimestamp until {@link #finishPodDeletions} (a kubelet's work). */
    public synchronized void podsTerminateGracefully() {
        podsTerminateGracefully = true;
    }

    /** Removes the pods that are terminating, as their kubelet would. */
    public synchronized void finishPodDeletions() {
        for (GenericKubernetesResource pod : List.copyOf(objects.get(PODS).values())) {
            if (pod.getMetadata().getDeletionTimestamp() != null && finalizers(pod).isEmpty()) {
                removeNow(PODS, pod);
            }
        }
    }

    public synchronized GenericKubernetesResource stored(ResourceType type, String namespace, String name) {
        GenericKubernetesResource o = objects.get(type).get(Keys.of(type.namespaced() ? namespace : null, name));
        return o == null ? null : copy(o);
    }

    public synchronized List<GenericKubernetesResource> stored(ResourceType type) {
        return objects.get(type).values().stream().map(FakeDynamicClient::copy).toList();
    }

    public synchronized List<Action> actions() {
        return List.copyOf(actions);
    }

    public synchronized List<Action> actions(String verb) {
        return actions.stream().filter(a -> a.verb().equals(verb)).toList();
    }

    @Override
    public synchronized Discovery discover() {
        return new Discovery(types, discoveryFailures);
    }

    @Override
    public synchronized List<GenericKubernetesResource> list(ResourceType type, String namespace) {
        return objects.get(type).values().stream()
                .filter(o -> namespace == null || !type.namespaced() || namespace.equals(o.getMetadata().getNamespace()))
                .map(FakeDynamicClient::copy).toList();
    }

    @Override
    public synchronized GenericKubernetesResource get(ResourceType type, String namespace, String name) {
        return stored(type, namespace, name);
    }

    @Override
    public synchronized void delete(ResourceType type, String namespace, String name, Api.Deletion options) {
        actions.add(new Action("delete", type, namespace, name, options.propagationPolicy()));
        if (failDeletes.containsKey(type)) {
            throw failDeletes.get(type);
        }
        GenericKubernetesResource current = existing(type, namespace, name, options.preconditionUid(), null);
        var meta = current.getMetadata();
        List<String> finalizers = new ArrayList<>(finalizers(current));
        boolean deleting = meta.getDeletionTimestamp() != null;
        String extra = "Foreground".equals(options.propagationPolicy()) ? "foregroundDeletion"
                : "Orphan".equals(options.propagationPolicy()) ? "orphan" : null;
        if (extra != null && !deleting && !finalizers.contains(extra)) {
            finalizers.add(extra);
        }
        boolean graceful = type.equals(PODS) && podsTerminateGracefully
                && (options.gracePeriodSeconds() == null || options.gracePeriodSeconds() > 0);
        if (finalizers.isEmpty() && !graceful) {
            removeNow(type, current);
            return;
        }
        meta.setFinalizers(finalizers.isEmpty() ? null : finalizers);
        if (!deleting) {
            meta.setDeletionTimestamp("2026-01-01T00:00:00Z");
        }
        updateNow(type, current);
    }

    @Override
    public synchronized void setOwnerReferences(ResourceType type, String namespace, String name, String uid,
            String resourceVersion, List<OwnerReference> ownerReferences) {
        actions.add(new Action("ownerReferences", type, namespace, name,
                ownerReferences.stream().map(OwnerReference::getName).toList().toString()));
        GenericKubernetesResource current = existing(type, namespace, name, uid, resourceVersion);
        current.getMetadata().setOwnerReferences(ownerReferences.isEmpty() ? null : List.copyOf(ownerReferences));
        updateNow(type, current);
    }

    @Override
    public synchronized void setFinalizers(ResourceType type, String namespace, String name, String uid,
            String resourceVersion, List<String> finalizers) {
        actions.add(new Action("finalizers", type, namespace, name, finalizers.toString()));
        GenericKubernetesResource current = existing(type, namespace, name, uid, resourceVersion);
        current.getMetadata().setFinalizers(finalizers.isEmpty() ? null : List.copyOf(finalizers));
        if (finalizers.isEmpty() && current.getMetadata().getDeletionTimestamp() != null
                && !(type.equals(PODS) && podsTerminateGracefully)) {
            removeNow(type, current);
        } else {
            updateNow(type, current);
        }
    }

    /** Removes {@code finalizer} from a stored object as another controller would (no action recorded). */
    public synchronized void dropFinalizer(ResourceType type, String namespace, String name, String finalizer) {
        GenericKubernetesResource current = existing(type, namespace, name, null, null);
        List<String> kept = finalizers(current).stream().filter(f -> !f.equals(finalizer)).toList();
        current.getMetadata().setFinalizers(kept.isEmpty() ? null : kept);
        if (kept.isEmpty() && current.getMetadata().getDeletionTimestamp() != null) {
            removeNow(type, current);
        } else {
            updateNow(type, current);
        }
    }

    @Override
    public synchronized AutoCloseable inform(ResourceType type, ResourceEventHandler<GenericKubernetesResource> handler) {
        handlers.computeIfAbsent(type, t -> new ArrayList<>()).add(handler);
        objects.get(type).values().forEach(o -> handler.onAdd(copy(o)));
        return () -> {
            synchronized (this) {
                handlers.get(type).remove(handler);
            }
        };
    }

    private GenericKubernetesResource existing(ResourceType type, String namespace, String name, String uid, String rv) {
        GenericKubernetesResource o = objects.get(type).get(Keys.of(type.namespaced() ? namespace : null, name));
        if (o == null) {
            throw ApiErrors.status(404, "NotFound", type.groupResource() + " \"" + name + "\" not found");
        }
        if (uid != null && !uid.equals(o.getMetadata().getUid())) {
            throw ApiErrors.status(409, "Conflict", "Precondition failed: UID in precondition: " + uid);
        }
        if (rv != null && !rv.equals(o.getMetadata().getResourceVersion())) {
            throw ApiErrors.status(409, "Conflict", "the object has been modified");
        }
        return copy(o);
    }

    private void updateNow(ResourceType type, GenericKubernetesResource next) {
        GenericKubernetesResource old = objects.get(type).get(key(next));
        next.getMetadata().setResourceVersion(Long.toString(++revision));
        objects.get(type).put(key(next), next);
        handlers.getOrDefault(type, List.of()).forEach(h -> h.onUpdate(copy(old), copy(next)));
    }

    private void removeNow(ResourceType type, GenericKubernetesResource gone) {
        objects.get(type).remove(key(gone));
        handlers.getOrDefault(type, List.of()).forEach(h -> h.onDelete(copy(gone), false));
    }

    private static List<String> finalizers(GenericKubernetesResource o) {
        return o.getMetadata().getFinalizers() == null ? List.of() : o.getMetadata().getFinalizers();
    }

    private static String key(GenericKubernetesResource o) {
        return Keys.of(o.getMetadata().getNamespace(), o.getMetadata().getName());
    }

    static GenericKubernetesResource copy(GenericKubernetesResource o) {
        return Serialization.unmarshal(Serialization.asJson(o), GenericKubernetesResource.class);
    }
}
