package io.kube4j.apiserver.patch;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.MicroTime;
import io.fabric8.kubernetes.api.model.Quantity;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The shape of a fabric8 model class as JSON sees it, found by reflection on its fields and their
 * {@code @JsonProperty} names: for each JSON property, what the value is (a nested model class, a
 * map, a list of something, or a scalar). Both the strategic merge patch and server-side apply walk
 * this alongside the JSON document so that a list field's owner class and name find its merge rule
 * in {@link PatchMetadata}.
 *
 * <p>Shapes are computed once per class and cached; the class is thread-safe. A class it cannot
 * describe (an interface, {@code Object}, a JSON tree) is {@link Shape.Unknown}: callers fall back
 * to schema-less behaviour there.
 */
public final class ModelSchema {

    /** What a JSON value at some place in a model is. */
    public sealed interface Shape {
        /** A fabric8 model class: named properties. */
        record Struct(Class<?> type) implements Shape {
        }

        /** A map with free keys ({@code labels}, {@code data}, {@code resources.limits}). */
        record MapOf(Shape value) implements Shape {
        }

        /** A list; {@code owner} and {@code field} locate its merge rule. */
        record ListOf(Shape element, Class<?> owner, String field) implements Shape {
        }

        /** A string, number, boolean, quantity, int-or-string: replaced whole. */
        record Scalar() implements Shape {
        }

        /** No type information (custom resources, {@code Object} fields). */
        record Unknown() implements Shape {
        }
    }

    public static final Shape SCALAR = new Shape.Scalar();
    public static final Shape UNKNOWN = new Shape.Unknown();

    /** Classes that serialise as one JSON scalar although they are model classes. */
    private static final Set<Class<?>> SCALAR_CLASSES = Set.of(Quantity.class, IntOrString.class, MicroTime.class,
            io.fabric8.kubernetes.api.model.Duration.class, String.class, Boolean.class, Integer.class,
            Long.class, Double.class, Float.class, Short.class, Byte.class, Character.class,
            java.math.BigDecimal.class, java.math.BigInteger.class);

    private static final Map<Class<?>, Map<String, Shape>> PROPERTIES = new ConcurrentHashMap<>();

    private ModelSchema() {
    }

    /** The shape of a value whose declared Java type is {@code type}; null means {@link Shape.Unknown}. */
    public static Shape of(Class<?> type) {
        return type == null ? UNKNOWN : shapeOf(type, null, null);
    }

    /**
     * The shape of property {@code name} of {@code shape}: a struct's declared property, a map's
     * value, or {@link Shape.Unknown} for anything else (including properties the class does not
     * declare, which fabric8 keeps in {@code additionalProperties}).
     */
    public static Shape child(Shape shape, String name) {
        return switch (shape) {
            case Shape.Struct s -> properties(s.type()).getOrDefault(name, UNKNOWN);
            case Shape.MapOf m -> m.value();
            default -> UNKNOWN;
        };
    }

    /** The element shape of a list shape, or unknown. */
    public static Shape element(Shape shape) {
        return shape instanceof Shape.ListOf l ? l.element() : UNKNOWN;
    }

    /** The JSON properties a model class declares, with their shapes. */
    public static Map<String, Shape> properties(Class<?> type) {
        return PROPERTIES.computeIfAbsent(type, ModelSchema::introspect);
    }

    private static Map<String, Shape> introspect(Class<?> type) {
        Map<String, Shape> out = new LinkedHashMap<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers()) || f.isAnnotationPresent(JsonIgnore.class)
                        || f.getName().equals("additionalProperties")) {
                    continue;
                }
                JsonProperty p = f.getAnnotation(JsonProperty.class);
                String name = p != null && !p.value().isEmpty() ? p.value() : f.getName();
                out.putIfAbsent(name, shapeOf(f.getGenericType(), type, name));
            }
        }
        return Map.copyOf(out);
    }

    private static Shape shapeOf(Type t, Class<?> owner, String field) {
        if (t instanceof ParameterizedType pt && pt.getRawType() instanceof Class<?> raw) {
            Type[] args = pt.getActualTypeArguments();
            if (List.class.isAssignableFrom(raw)) {
                return new Shape.ListOf(shapeOf(args[0], null, null), owner, field);
            }
            if (Map.class.isAssignableFrom(raw)) {
                return new Shape.MapOf(shapeOf(args[1], null, null));
            }
            return UNKNOWN;
        }
        if (t instanceof Class<?> c) {
            if (c.isPrimitive() || SCALAR_CLASSES.contains(c) || c.isEnum()) {
                return SCALAR;
            }
            if (List.class.isAssignableFrom(c)) {
                return new Shape.ListOf(UNKNOWN, owner, field);
            }
            if (Map.class.isAssignableFrom(c)) {
                return new Shape.MapOf(UNKNOWN);
            }
            if (c.isInterface() || c == Object.class || Modifier.isAbstract(c.getModifiers())
                    || !c.getName().startsWith("io.fabric8.")) {
                return UNKNOWN;
            }
            return new Shape.Struct(c);
        }
        return UNKNOWN;
    }
}
