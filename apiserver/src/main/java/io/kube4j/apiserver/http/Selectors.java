package io.kube4j.apiserver.http;

import io.kube4j.apiserver.errors.ApiException;
import io.kube4j.apiserver.watch.CachedObject;
import io.kube4j.apiserver.watch.WatchFilter;
import java.util.function.Predicate;

/** The {@code labelSelector} and {@code fieldSelector} of a list or watch, as a cache filter. */
final class Selectors {

    private Selectors() {
    }

    static WatchFilter filter(Call call) {
        String namespace = call.resource().type().namespaced() ? call.info().namespace() : null;
        Predicate<CachedObject> selector = o -> true;
        String labels = call.param("labelSelector");
        String fields = call.param("fieldSelector");
        if (labels != null && !labels.isBlank() || fields != null && !fields.isBlank()) {
            throw new ApiException.BadRequest("selectors are not supported yet");
        }
        return new WatchFilter(namespace, selector);
    }
}
