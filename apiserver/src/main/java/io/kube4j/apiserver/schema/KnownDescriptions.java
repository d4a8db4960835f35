package io.kube4j.apiserver.schema;

import java.util.Map;

/**
 * Descriptions in our own words for the properties every object shares. fabric8's model classes
 * and jars carry no descriptions at all (no {@code @JsonPropertyDescription}, no bundled schema),
 * so only these generic ones are available; everything else has none. Thread-safe.
 */
final class KnownDescriptions {

    private static final Map<String, String> BY_PROPERTY = Map.of(
            "apiVersion", "The versioned schema of this representation of the object. Servers convert "
                    + "recognised schemas to the latest internal value and may reject unrecognised values.",
            "kind", "The REST resource type this object represents, in CamelCase. Servers may infer it "
                    + "from the endpoint the client submits requests to; it cannot be updated.",
            "metadata", "Standard object metadata: name, namespace, labels, annotations and the fields "
                    + "the system maintains.",
            "spec", "The desired state of the object, as the user declares it.",
            "status", "The most recently observed state of the object, maintained by the system; read-only.",
            "items", "The objects in this list.");

    private KnownDescriptions() {
    }

    /** The description of a property by its JSON name, or null. */
    static String ofProperty(String name) {
        return BY_PROPERTY.get(name);
    }
}
