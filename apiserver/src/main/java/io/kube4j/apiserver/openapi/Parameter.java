package io.kube4j.apiserver.openapi;

/**
 * One path or query parameter of an operation; the request body is not a Parameter (see
 * {@link Operation#body()}). Immutable.
 *
 * @param name        e.g. {@code fieldValidation}
 * @param in          {@code query} or {@code path}
 * @param type        the JSON type: string, integer or boolean
 * @param description what it does, in our words
 * @param required    path parameters are required
 */
record Parameter(String name, String in, String type, String description, boolean required) {

    static Parameter query(String name, String type, String description) {
        return new Parameter(name, "query", type, description, false);
    }

    static Parameter path(String name, String description) {
        return new Parameter(name, "path", "string", description, true);
    }
}
