package io.kube4j.apiserver.schema;

/**
 * The type of one property, as the OpenAPI documents and the unknown-field detector see it: a
 * JSON primitive, a reference to a named {@link Definition}, an array, a string-keyed map, or a
 * free-form value. Immutable values; thread-safe.
 */
public sealed interface TypeRef {

    /** A JSON primitive: {@code type} is string, integer, number or boolean; {@code format} may be null. */
    record Primitive(String type, String format) implements TypeRef {
    }

    /** A reference to the definition named {@code name} (e.g. {@code io.k8s.api.core.v1.PodSpec}). */
    record Ref(String name) implements TypeRef {
    }

    /** A JSON array of {@code items}. */
    record ArrayOf(TypeRef items) implements TypeRef {
    }

    /** A JSON object whose keys are free and whose values are all {@code values}. */
    record MapOf(TypeRef values) implements TypeRef {
    }

    /** Any JSON value; nothing under it is checked. */
    record FreeForm() implements TypeRef {
    }

    Primitive STRING = new Primitive("string", null);
    Primitive BOOLEAN = new Primitive("boolean", null);
    Primitive INT32 = new Primitive("integer", "int32");
    Primitive INT64 = new Primitive("integer", "int64");
    Primitive DOUBLE = new Primitive("number", "double");
    Primitive BYTES = new Primitive("string", "byte");
}
