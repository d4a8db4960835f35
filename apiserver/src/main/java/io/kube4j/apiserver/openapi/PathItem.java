package io.kube4j.apiserver.openapi;

import java.util.List;

/**
 * One URL template with its shared (path) parameters and its operations. Immutable.
 *
 * @param path       e.g. {@code /api/v1/namespaces/{namespace}/pods/{name}}
 * @param parameters parameters common to every operation (name, namespace, pretty)
 * @param operations the operations, at most one per method
 */
record PathItem(String path, List<Parameter> parameters, List<Operation> operations) {

    PathItem {
        parameters = List.copyOf(parameters);
        operations = List.copyOf(operations);
    }
}
