package io.kube4j.apiserver.openapi;

/**
 * The two document versions: Swagger 2.0 ({@code /openapi/v2}, definitions under
 * {@code #/definitions/}) and OpenAPI 3.0 ({@code /openapi/v3/...}, under
 * {@code #/components/schemas/}).
 */
enum Flavor {
    V2("#/definitions/"),
    V3("#/components/schemas/");

    private final String refPrefix;

    Flavor(String refPrefix) {
        this.refPrefix = refPrefix;
    }

    /** The JSON reference to definition {@code name}. */
    String ref(String name) {
        return refPrefix + name;
    }
}
