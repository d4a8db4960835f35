package io.kube4j.controllers.machinery;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.function.Function;

/**
 * A read-only view of one kind of object as an informer sees it (upstream's lister): lookups by
 * name, lists, and lists by a named index. Objects returned are the cache's own: callers must not
 * modify them (copy first, as upstream's DeepCopy). Thread-safe.
 *
 * @param <T> the kind
 */
public interface ObjectCache<T extends HasMetadata> {

    /** The index every cache has: objects by namespace. */
    String NAMESPACE_INDEX = "namespace";

    /** The object, or null; {@code namespace} is null for cluster-scoped kinds. */
    T get(String namespace, String name);

    /** Every object. */
    List<T> list();

    /** Every object in {@code namespace}. */
    List<T> list(String namespace);

    /** The objects whose index {@code index} yields {@code value}. */
    List<T> byIndex(String index, String value);

    /**
     * Adds a named index, each object listed under every value {@code keys} gives it. Adding a name
     * twice keeps the first; call it before the informers start where possible.
     */
    void addIndex(String index, Function<T, List<String>> keys);
}
