package io.kube4j.apiserver.fields;

import io.kube4j.apiserver.errors.ApiException;
import io.kube4j.apiserver.registry.FieldSet;
import java.util.Set;

/**
 * Upstream's selectable fields for each built-in resource, by group and kind, and upstream's
 * field-label check: a kind with a registered conversion accepts exactly its labels and refuses
 * others with {@code field label not supported: X}; any other kind accepts only
 * {@code metadata.name} and {@code metadata.namespace}. Thread-safe.
 */
public final class BuiltinFields {

    private static final Set<String> METADATA = Set.of("metadata.name", "metadata.namespace");

    private BuiltinFields() {
    }

    /** The extra fields of {@code kind} in {@code group}, or null when it has only metadata's. */
    public static FieldSet forKind(String group, String kind) {
        return selectable(group, kind);
    }

    /** The same, typed as {@link SelectableFields}, or null. */
    public static SelectableFields selectable(String group, String kind) {
        return switch (group + "/" + kind) {
            case "/Pod" -> new PodFields();
            case "/Event" -> new EventFields();
            case "/Secret" -> new SecretFields();
            case "/Namespace" -> new NamespaceFields();
            case "/Node" -> new NodeFields();
            case "/Service" -> new ServiceFields();
            case "/ReplicationController" -> new ReplicationControllerFields();
            case "apps/ReplicaSet" -> new ReplicaSetFields();
            case "batch/Job" -> new JobFields();
            case "events.k8s.io/Event" -> new EventsV1Fields();
            default -> null;
        };
    }

    /**
     * Checks every field {@code selector} names against what {@code kind} accepts and rewrites
     * old aliases ({@code spec.host} on pods), as upstream's field-label conversion does before a
     * list or watch.
     *
     * @return the selector to match with
     * @throws ApiException.BadRequest naming the first unsupported field, worded as upstream
     */
    public static FieldSelector convert(String group, String kind, FieldSelector selector) {
        SelectableFields fields = selectable(group, kind);
        return selector.transform(r -> {
            if (fields == null) {
                if (!METADATA.contains(r.field())) {
                    throw new ApiException.BadRequest("\"" + r.field() + "\" is not a known field selector: only "
                            + "\"metadata.name\", \"metadata.namespace\"");
                }
                return r;
            }
            if (fields.labels().contains(r.field())) {
                return r;
            }
            String renamed = fields.aliases().get(r.field());
            if (renamed != null) {
                return new FieldSelector.Requirement(renamed, r.operator(), r.value());
            }
            throw new ApiException.BadRequest("field label not supported: " + r.field());
        });
    }
}
