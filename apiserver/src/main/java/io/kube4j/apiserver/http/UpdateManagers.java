package io.kube4j.apiserver.http;

import io.kube4j.apiserver.apply.ManagedFields;
import io.kube4j.apiserver.registry.ResourceType;
import io.kube4j.apiserver.rest.WriteOptions;
import java.time.Clock;
import org.eclipse.jetty.http.HttpHeader;
import tools.jackson.databind.node.ObjectNode;

/**
 * Records who changed what on every write that is not an apply (create, update, patch, status):
 * an {@code Update} entry in {@code metadata.managedFields} for the request's {@code fieldManager},
 * or, when it names none, the User-Agent's product (e.g. {@code kubectl-edit}) as upstream does.
 * Server-side apply keeps its own entries ({@link io.kube4j.apiserver.apply.ServerSideApply}).
 * Stateless apart from the clock; thread-safe.
 */
final class UpdateManagers {

    private final Clock clock;

    UpdateManagers(Clock clock) {
        this.clock = clock;
    }

    /**
     * {@code after} with its managedFields updated for a write by this call's manager.
     *
     * @param before the object before the write, null on create
     */
    ObjectNode record(Call call, WriteOptions options, ObjectNode before, ObjectNode after, String subresource) {
        ResourceType type = call.resource().type();
        String manager = ManagedFields.managerOrUserAgent(options.fieldManager(),
                call.request().getHeaders().get(HttpHeader.USER_AGENT));
        return ManagedFields.recordUpdate(before, after, type.javaType(), manager, type.apiVersion(),
                subresource == null ? "" : subresource, clock.instant());
    }
}
