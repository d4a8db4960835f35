package io.kube4j.controllers.garbagecollector;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;

/**
 * The identity of a node of the dependency graph (upstream's objectReference): an owner reference
 * plus the namespace. {@code namespace} is null for cluster-scoped objects, and for owners known only
 * from a reference it is the dependent's namespace (the only place a namespaced owner may be). Immutable.
 */
public record ObjectRef(String apiVersion, String kind, String namespace, String name, String uid) {

    public static ObjectRef of(HasMetadata object) {
        String ns = object.getMetadata().getNamespace();
        return new ObjectRef(object.getApiVersion(), object.getKind(), ns == null || ns.isEmpty() ? null : ns,
                object.getMetadata().getName(), object.getMetadata().getUid());
    }

    /** The owner {@code ref} names, seen from a dependent in {@code dependentNamespace}. */
    public static ObjectRef owner(OwnerReference ref, String dependentNamespace) {
        return new ObjectRef(ref.getApiVersion(), ref.getKind(), dependentNamespace, ref.getName(), ref.getUid());
    }

    @Override
    public String toString() {
        return "[" + apiVersion + "/" + kind + ", namespace: " + (namespace == null ? "" : namespace) + ", name: " + name
                + ", uid: " + uid + "]";
    }
}
