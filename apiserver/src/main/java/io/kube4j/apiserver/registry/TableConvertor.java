package io.kube4j.apiserver.registry;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Instant;
import java.util.List;

/**
 * Server-side table output for one resource ({@code Accept: application/json;as=Table;v=v1;g=meta.k8s.io}),
 * with upstream's columns: what {@code kubectl get} prints. Columns with priority 0 are the
 * default view, priority 1 the extra {@code -o wide} ones. Stateless, thread-safe.
 *
 * @param <T> the fabric8 model class of the resource
 */
public interface TableConvertor<T extends HasMetadata> {

    /** One column definition of {@code meta.k8s.io/v1 Table}. */
    record Column(String name, String type, String format, String description, int priority) {

        /** A default-view column. */
        public static Column of(String name, String type, String description) {
            return new Column(name, type, "", description, 0);
        }

        /** A {@code -o wide} column. */
        public static Column wide(String name, String type, String description) {
            return new Column(name, type, "", description, 1);
        }
    }

    /** The columns, in order; the first is NAME with format {@code name}. */
    List<Column> columns();

    /**
     * One row's cells for {@code object}, in column order: strings, integers (Integer/Long),
     * booleans or numbers, as upstream sends them; ages rendered as upstream's short durations
     * (e.g. {@code 5m}, {@code 3d4h}) relative to {@code now}.
     */
    List<Object> cells(T object, Instant now);
}
