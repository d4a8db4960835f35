package io.kube4j.apiserver.http;

import io.kube4j.apiserver.fields.BuiltinFields;
import io.kube4j.apiserver.fields.FieldSelector;
import io.kube4j.apiserver.fields.LabelSelector;
import io.kube4j.apiserver.registry.ResourceType;
import io.kube4j.apiserver.watch.WatchFilter;

/**
 * The {@code labelSelector} and {@code fieldSelector} of a list or watch, as a cache filter. A
 * field selector on a field the resource does not support is a 400 worded as upstream's.
 */
final class Selectors {

    private Selectors() {
    }

    static WatchFilter filter(Call call) {
        ResourceType type = call.resource().type();
        String namespace = type.namespaced() ? call.info().namespace() : null;
        String labelParam = call.param("labelSelector");
        String fieldParam = call.param("fieldSelector");
        LabelSelector labels = labelParam == null || labelParam.isBlank() ? LabelSelector.everything()
                : LabelSelector.parse(labelParam);
        FieldSelector fields = fieldParam == null || fieldParam.isBlank() ? FieldSelector.everything()
                : BuiltinFields.convert(type.group(), type.kind(), FieldSelector.parse(fieldParam));
        if (labels.isEmpty() && fields.isEmpty()) {
            return new WatchFilter(namespace, o -> true);
        }
        return new WatchFilter(namespace, o -> labels.matches(o.labels()) && fields.matches(o.fields()));
    }
}
