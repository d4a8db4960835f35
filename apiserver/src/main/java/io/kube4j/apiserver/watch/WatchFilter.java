package io.kube4j.apiserver.watch;

import java.util.function.Predicate;

/**
 * What one list or watch selects: a namespace (null for all) and a predicate over labels and
 * fields (label and field selectors). Immutable; the predicate must be thread-safe.
 */
public record WatchFilter(String namespace, Predicate<CachedObject> selector) {

    /** Everything. */
    public static final WatchFilter ALL = new WatchFilter(null, o -> true);

    /** Whether {@code object} is selected. */
    public boolean matches(CachedObject object) {
        return (namespace == null || namespace.equals(object.namespace())) && selector.test(object);
    }
}
