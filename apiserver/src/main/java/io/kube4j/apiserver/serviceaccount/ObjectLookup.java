package io.kube4j.apiserver.serviceaccount;

import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Finds one object of a kind by namespace (null for cluster-scoped kinds) and name. Implementations
 * are thread-safe; they may answer from a cache that lags the store a little, as upstream's listers.
 */
@FunctionalInterface
public interface ObjectLookup {

    /** The object, or empty when there is none. */
    Optional<JsonNode> find(String namespace, String name);
}
