package io.kube4j.apiserver.registry;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Set;

/**
 * One resource the apiserver serves: its names, scope, subresources, model class and the
 * strategy, table and field set that make it particular. The declarative registration
 * ({@link BuiltinResources}) is a list of these; everything else (routing, discovery, OpenAPI,
 * storage keys) is derived from them. Immutable, thread-safe.
 *
 * @param group         the API group, empty for core
 * @param version       the version served (and stored)
 * @param kind          the kind, e.g. {@code Pod}
 * @param plural        the resource name in paths, e.g. {@code pods}
 * @param singular      e.g. {@code pod}
 * @param namespaced    namespace-scoped or cluster-scoped
 * @param shortNames    e.g. {@code po}
 * @param categories    e.g. {@code all}
 * @param subresources  e.g. {@code status}, {@code scale}, {@code binding}
 * @param javaType      the fabric8 model class
 * @param storagePrefix the store key prefix, e.g. {@code /registry/pods/}; objects live at
 *                      {@code prefix + namespace + "/" + name} or {@code prefix + name}
 * @param strategy      write hooks
 * @param table         server-side table columns, or null for the default (name, age)
 * @param fields        extra field-selector fields, or null for none
 */
public record ResourceType(
        String group,
        String version,
        String kind,
        String plural,
        String singular,
        boolean namespaced,
        List<String> shortNames,
        List<String> categories,
        Set<String> subresources,
        Class<? extends HasMetadata> javaType,
        String storagePrefix,
        ResourceStrategy<? extends HasMetadata> strategy,
        TableConvertor<? extends HasMetadata> table,
        FieldSet fields) {

    public ResourceType {
        shortNames = List.copyOf(shortNames);
        categories = List.copyOf(categories);
        subresources = Set.copyOf(subresources);
    }

    /** {@code v1} or {@code apps/v1}. */
    public String apiVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    /** {@code PodList}. */
    public String listKind() {
        return kind + "List";
    }

    /** {@code /api/v1} or {@code /apis/apps/v1}. */
    public String pathPrefix() {
        return group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version;
    }

    /** {@code pods} or {@code deployments.apps}: how errors name the resource. */
    public String qualifiedName() {
        return group.isEmpty() ? plural : plural + "." + group;
    }

    /** The store key of one object; {@code namespace} is ignored for cluster-scoped resources. */
    public String key(String namespace, String name) {
        return namespaced ? storagePrefix + namespace + "/" + name : storagePrefix + name;
    }

    /** The key prefix of a namespace's objects, or of all objects when namespace is null. */
    public String keyPrefix(String namespace) {
        return namespaced && namespace != null ? storagePrefix + namespace + "/" : storagePrefix;
    }

    /** Typed access to the strategy; the registration guarantees the match with {@link #javaType}. */
    @SuppressWarnings("unchecked")
    public <T extends HasMetadata> ResourceStrategy<T> typedStrategy() {
        return (ResourceStrategy<T>) strategy;
    }

    /** Typed access to the table convertor, or null. */
    @SuppressWarnings("unchecked")
    public <T extends HasMetadata> TableConvertor<T> typedTable() {
        return (TableConvertor<T>) table;
    }

}
