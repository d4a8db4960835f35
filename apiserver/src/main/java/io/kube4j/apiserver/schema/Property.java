package io.kube4j.apiserver.schema;

/**
 * One property of a {@link DefinitionKind#STRUCT} definition, under its JSON name.
 *
 * @param name        the JSON name, e.g. {@code containers}
 * @param type        what the value is
 * @param description a description, or null when we have none
 * @param list        merge semantics of a list property, or null
 */
public record Property(String name, TypeRef type, String description, ListSemantics list) {
}
