package io.kube4j.apiserver.conversion;

import io.kube4j.apiserver.registry.ResourceType;
import tools.jackson.databind.node.ObjectNode;

/**
 * How a served resource's objects are kept in the store when the store holds another version of
 * them, as upstream keeps one storage version per group-resource: {@code events.k8s.io/v1} events
 * are stored as core {@code v1} Events, so that both APIs see the same events. Identity for every
 * other resource. Implementations are stateless and thread-safe; neither method changes its
 * argument.
 */
public interface StorageForm {

    StorageForm IDENTITY = new StorageForm() {
        @Override
        public ObjectNode toStorage(ObjectNode served) {
            return served;
        }

        @Override
        public ObjectNode fromStorage(ObjectNode stored) {
            return stored;
        }
    };

    /** The object as it is stored (a new tree, or {@code served} itself when the forms agree). */
    ObjectNode toStorage(ObjectNode served);

    /** The object as this resource serves it (a new tree, or {@code stored} itself). */
    ObjectNode fromStorage(ObjectNode stored);

    /** The form of {@code type}'s objects in the store. */
    static StorageForm of(ResourceType type) {
        if (type.group().equals("events.k8s.io") && type.kind().equals("Event")) {
            return new EventsV1Form();
        }
        return IDENTITY;
    }
}
