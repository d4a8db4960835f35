package io.kube4j.apiserver.schema;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One named type of the model, e.g. {@code io.k8s.api.core.v1.Pod}. For a {@link DefinitionKind#STRUCT}
 * the properties are in wire order (the fabric8 class's property order). Immutable, thread-safe.
 *
 * @param name        the upstream definition name
 * @param javaType    the model class it was derived from (for synthetic definitions, the closest class)
 * @param kind        its wire shape
 * @param format      the string format of a {@link DefinitionKind#STRING} definition, or null
 * @param description a description, or null
 * @param properties  the properties of a struct, by JSON name, in order (empty otherwise)
 * @param required    names of required properties
 * @param gvks        the kinds this definition is the top-level type of (empty for nested types)
 */
public record Definition(
        String name,
        Class<?> javaType,
        DefinitionKind kind,
        String format,
        String description,
        Map<String, Property> properties,
        List<String> required,
        List<GroupVersionKind> gvks) {

    public Definition {
        // LinkedHashMap-backed copy keeps the order; Map.copyOf would not.
        properties = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(properties));
        required = List.copyOf(required);
        gvks = List.copyOf(gvks);
    }

    /** The property named {@code jsonName}, if this is a struct that has it. */
    public Optional<Property> property(String jsonName) {
        return Optional.ofNullable(properties.get(jsonName));
    }

    /** A copy carrying {@code kinds} as its group-version-kinds. */
    Definition withGvks(List<GroupVersionKind> kinds) {
        return new Definition(name, javaType, kind, format, description, properties, required, kinds);
    }
}
