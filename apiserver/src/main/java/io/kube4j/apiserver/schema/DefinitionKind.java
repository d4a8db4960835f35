package io.kube4j.apiserver.schema;

/**
 * What shape a named definition has on the wire. Only {@link #STRUCT} has a closed set of
 * properties (and so unknown fields); the others are scalars or open objects.
 */
public enum DefinitionKind {
    /** An object with known properties; any other key is an unknown field. */
    STRUCT,
    /** An object whose content is not described (RawExtension, FieldsV1). */
    OPEN_OBJECT,
    /** A string, possibly with a format (Time and MicroTime are {@code date-time}, Duration has none). */
    STRING,
    /** An integer or a string ({@code intstr.IntOrString}). */
    INT_OR_STRING,
    /** A resource quantity: a string such as {@code 500m} or {@code 1Gi} (a number is accepted too). */
    QUANTITY
}
