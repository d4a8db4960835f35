package io.kube4j.apiserver.schema;

import io.kube4j.apiserver.json.KubeJson;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.introspect.BeanPropertyDefinition;

/**
 * Derives definitions from fabric8 model classes by asking Jackson (the same mapper and
 * annotations that read request bodies) which properties each class deserialises, then following
 * every referenced model class until the closure is complete. Single-use and not thread-safe: one
 * builder per {@link TypeModel#of} call.
 */
final class TypeModelBuilder {

    // The mapper's own deserialisation context: its introspection honours exactly the annotations
    // and settings that decide which JSON names a request body may use.
    private final DeserializationContext jackson = KubeJson.json()._deserializationContext();
    private final Map<String, Definition> byName = new LinkedHashMap<>();
    private final Map<Class<?>, String> nameByClass = new HashMap<>();
    private final Deque<Class<?>> pending = new ArrayDeque<>();

    TypeModelBuilder() {
        for (Definition special : SpecialTypes.definitions()) {
            byName.put(special.name(), special);
        }
    }

    /** Adds {@code type} and everything it references; returns its definition name. */
    String add(Class<?> type) {
        String name = nameFor(type);
        drain();
        return name;
    }

    /** Records that {@code definitionName} is the top-level type of {@code gvk}. */
    void addGvk(String definitionName, GroupVersionKind gvk) {
        Definition d = byName.get(definitionName);
        if (d != null && !d.gvks().contains(gvk)) {
            List<GroupVersionKind> kinds = new java.util.ArrayList<>(d.gvks());
            kinds.add(gvk);
            byName.put(definitionName, d.withGvks(kinds));
        }
    }

    Map<String, Definition> definitions() {
        return byName;
    }

    Map<Class<?>, String> names() {
        return nameByClass;
    }

    private String nameFor(Class<?> type) {
        String known = nameByClass.get(type);
        if (known != null) {
            return known;
        }
        String special = SpecialTypes.definitionFor(type);
        String name = special != null ? special : DefinitionNames.of(type);
        nameByClass.put(type, name);
        if (special == null && !byName.containsKey(name)) {
            pending.add(type);
        }
        return name;
    }

    private void drain() {
        while (!pending.isEmpty()) {
            Class<?> type = pending.poll();
            String name = nameByClass.get(type);
            if (!byName.containsKey(name)) {
                byName.put(name, introspect(type, name));
            }
        }
    }

    private Definition introspect(Class<?> type, String name) {
        BeanDescription bean;
        try {
            bean = jackson.introspectBeanDescriptionForCreation(jackson.constructType(type));
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot introspect model class " + type.getName(), e);
        }
        Map<String, Property> properties = new LinkedHashMap<>();
        for (BeanPropertyDefinition p : bean.findProperties()) {
            if (!p.couldDeserialize()) {
                continue;
            }
            String json = p.getName();
            TypeRef ref = typeOf(p.getPrimaryType(), json);
            ListSemantics list = ref instanceof TypeRef.ArrayOf ? KnownListSemantics.of(name, json) : null;
            properties.put(json, new Property(json, ref, KnownDescriptions.ofProperty(json), list));
        }
        List<String> required = KnownRequired.of(name).stream().filter(properties::containsKey).toList();
        // An empty class is an empty struct upstream too: every key in it is unknown.
        return new Definition(name, type, DefinitionKind.STRUCT, null, null, properties, required, List.of());
    }

    private TypeRef typeOf(JavaType type, String propertyName) {
        Class<?> raw = type.getRawClass();
        if (raw == byte[].class) {
            return TypeRef.BYTES;
        }
        if (type.isArrayType() || type.isCollectionLikeType()) {
            return new TypeRef.ArrayOf(typeOf(type.getContentType(), null));
        }
        if (type.isMapLikeType()) {
            return new TypeRef.MapOf(typeOf(type.getContentType(), null));
        }
        if (raw == String.class || raw == Character.class || raw == char.class) {
            String time = propertyName == null ? null : SpecialTypes.timeDefinitionFor(propertyName);
            return time != null ? new TypeRef.Ref(time) : TypeRef.STRING;
        }
        if (java.time.temporal.Temporal.class.isAssignableFrom(raw)) {
            // fabric8 types a few timestamps (lease times) as java.time values
            String time = propertyName == null ? null : SpecialTypes.timeDefinitionFor(propertyName);
            return new TypeRef.Ref(time != null ? time : SpecialTypes.TIME);
        }
        if (raw == Object.class) {
            // fabric8 types embedded objects (RawExtension upstream) as Object
            return new TypeRef.Ref(SpecialTypes.RAW_EXTENSION);
        }
        if (raw == Boolean.class || raw == boolean.class) {
            return TypeRef.BOOLEAN;
        }
        if (raw == Integer.class || raw == int.class || raw == Short.class || raw == short.class) {
            return TypeRef.INT32;
        }
        if (raw == Long.class || raw == long.class || raw == java.math.BigInteger.class) {
            return TypeRef.INT64;
        }
        if (Number.class.isAssignableFrom(raw) || raw == double.class || raw == float.class) {
            return TypeRef.DOUBLE;
        }
        if (raw.isEnum()) {
            return TypeRef.STRING;
        }
        if (JsonNode.class.isAssignableFrom(raw) || raw.getSimpleName().equals("AnyType")
                || raw.getName().startsWith("java.")) {
            return new TypeRef.FreeForm();
        }
        return new TypeRef.Ref(nameFor(raw));
    }

    @Override
    public String toString() {
        return "TypeModelBuilder" + Arrays.toString(byName.keySet().toArray());
    }
}
