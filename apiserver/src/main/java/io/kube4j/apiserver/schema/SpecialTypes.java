package io.kube4j.apiserver.schema;

import io.fabric8.kubernetes.api.model.Duration;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.MicroTime;
import io.fabric8.kubernetes.api.model.Patch;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.runtime.RawExtension;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The types whose wire form is not their Java shape: fabric8 writes them with custom
 * (de)serialisers, or types them loosely (timestamps are {@code String} fields). Here each gets the
 * definition upstream gives it. Stateless and thread-safe.
 */
final class SpecialTypes {

    static final String QUANTITY = "io.k8s.apimachinery.pkg.api.resource.Quantity";
    static final String INT_OR_STRING = "io.k8s.apimachinery.pkg.util.intstr.IntOrString";
    static final String RAW_EXTENSION = "io.k8s.apimachinery.pkg.runtime.RawExtension";
    static final String TIME = DefinitionNames.meta("Time");
    static final String MICRO_TIME = DefinitionNames.meta("MicroTime");
    static final String FIELDS_V1 = DefinitionNames.meta("FieldsV1");
    static final String DURATION = DefinitionNames.meta("Duration");
    static final String PATCH = DefinitionNames.meta("Patch");

    /** String fields that upstream types as MicroTime rather than Time. */
    private static final Set<String> MICRO_TIME_FIELDS = Set.of("eventTime", "renewTime", "acquireTime",
            "lastObservedTime");

    /** String fields that hold a timestamp although their name does not end in Time/Timestamp. */
    private static final Set<String> OTHER_TIME_FIELDS = Set.of("startedAt", "finishedAt", "time");

    private SpecialTypes() {
    }

    /** The definitions that are not derived from a class's properties. */
    static List<Definition> definitions() {
        return List.of(
                scalar(QUANTITY, Quantity.class, DefinitionKind.QUANTITY, null,
                        "A fixed-point number with an optional SI or binary suffix, e.g. 500m, 2, 1Gi."),
                scalar(INT_OR_STRING, IntOrString.class, DefinitionKind.INT_OR_STRING, "int-or-string",
                        "Either an integer or a string, e.g. a port number or a port name."),
                scalar(TIME, String.class, DefinitionKind.STRING, "date-time",
                        "A timestamp in RFC 3339 form with second precision."),
                scalar(MICRO_TIME, MicroTime.class, DefinitionKind.STRING, "date-time",
                        "A timestamp in RFC 3339 form with microsecond precision."),
                scalar(DURATION, Duration.class, DefinitionKind.STRING, null,
                        "A duration in Go's notation, e.g. 1h30m."),
                scalar(RAW_EXTENSION, RawExtension.class, DefinitionKind.OPEN_OBJECT, null,
                        "An embedded object of any kind, kept as it was sent."),
                scalar(FIELDS_V1, Object.class, DefinitionKind.OPEN_OBJECT, null,
                        "The set of fields a manager owns, as a trie of field names in JSON."),
                scalar(PATCH, Patch.class, DefinitionKind.OPEN_OBJECT, null,
                        "The body of a PATCH request; its form depends on the request's content type."));
    }

    /** The special definition for a Java class, or null when the class is introspected normally. */
    static String definitionFor(Class<?> type) {
        if (type == Quantity.class) {
            return QUANTITY;
        }
        if (type == IntOrString.class) {
            return INT_OR_STRING;
        }
        if (type == MicroTime.class) {
            return MICRO_TIME;
        }
        if (type == Duration.class) {
            return DURATION;
        }
        if (type == RawExtension.class || KubernetesResource.class == type || type.isInterface()) {
            return RAW_EXTENSION;
        }
        if (type == Patch.class) {
            return PATCH;
        }
        if (type.getSimpleName().equals("FieldsV1")) {
            return FIELDS_V1;
        }
        return null;
    }

    /** The timestamp definition a {@code String} property stands for, or null for a plain string. */
    static String timeDefinitionFor(String propertyName) {
        if (MICRO_TIME_FIELDS.contains(propertyName)) {
            return MICRO_TIME;
        }
        if (propertyName.endsWith("Timestamp") || propertyName.endsWith("Time")
                || OTHER_TIME_FIELDS.contains(propertyName)) {
            return TIME;
        }
        return null;
    }

    private static Definition scalar(String name, Class<?> type, DefinitionKind kind, String format,
            String description) {
        return new Definition(name, type, kind, format, description, Map.of(), List.of(), List.of());
    }
}
