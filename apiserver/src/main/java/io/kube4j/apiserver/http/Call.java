package io.kube4j.apiserver.http;

import io.kube4j.apiserver.errors.ApiException;
import io.kube4j.apiserver.protobuf.KubeProtobuf;
import io.kube4j.apiserver.rest.DeleteOptionsValues;
import io.kube4j.apiserver.rest.WriteOptions;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * One resource request in flight: the Jetty exchange, what the path addresses, the resource,
 * the query and the authenticated user. Not thread-safe; owned by the request's thread.
 */
public record Call(Request request, Response response, Callback callback, RequestInfo info, Resource resource,
        Fields query, String user) {

    /** A query parameter, or null. */
    public String param(String name) {
        Fields.Field f = query.get(name);
        return f == null ? null : f.getValue();
    }

    /** A boolean query parameter (absent = false). */
    public boolean flag(String name) {
        String v = param(name);
        return v != null && (v.equals("true") || v.equals("1"));
    }

    /** A non-negative integer query parameter, or {@code dflt}; 400 when not a number. */
    public long longParam(String name, long dflt) {
        String v = param(name);
        if (v == null || v.isEmpty()) {
            return dflt;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new ApiException.BadRequest("invalid value for " + name + ": " + v);
        }
    }

    /** The response representation the client accepts. */
    public MediaType media() {
        return MediaType.negotiate(request.getHeaders().get(HttpHeader.ACCEPT),
                KubeProtobuf.supports(resource.type().apiVersion(), resource.type().kind()));
    }

    /** {@code dryRun}, {@code fieldManager}, {@code fieldValidation}. */
    public WriteOptions writeOptions() {
        String dry = param("dryRun");
        if (dry != null && !dry.isEmpty() && !dry.equals("All")) {
            throw new ApiException.BadRequest("Invalid dry run value: " + dry + " (supported values: All)");
        }
        String fv = param("fieldValidation");
        WriteOptions.FieldValidation validation = switch (fv == null ? "" : fv) {
            case "", "Warn" -> WriteOptions.FieldValidation.WARN;
            case "Strict" -> WriteOptions.FieldValidation.STRICT;
            case "Ignore" -> WriteOptions.FieldValidation.IGNORE;
            default -> throw new ApiException.BadRequest("fieldValidation: Invalid value: \"" + fv
                    + "\": must be one of [Ignore Warn Strict]");
        };
        String manager = param("fieldManager");
        return new WriteOptions("All".equals(dry), manager == null ? "" : manager, validation, user);
    }

    /** Delete options from the query (the body, when present, is read by the delete verb). */
    public DeleteOptionsValues deleteOptionsFromQuery() {
        String policy = param("propagationPolicy");
        Long grace = param("gracePeriodSeconds") == null ? null : longParam("gracePeriodSeconds", 0);
        String dry = param("dryRun");
        return new DeleteOptionsValues(propagation(policy, param("orphanDependents")), grace, null, null,
                "All".equals(dry));
    }

    static DeleteOptionsValues.Propagation propagation(String policy, String orphanDependents) {
        if (policy == null || policy.isEmpty()) {
            return "true".equals(orphanDependents) ? DeleteOptionsValues.Propagation.ORPHAN
                    : DeleteOptionsValues.Propagation.BACKGROUND;
        }
        return switch (policy) {
            case "Background" -> DeleteOptionsValues.Propagation.BACKGROUND;
            case "Foreground" -> DeleteOptionsValues.Propagation.FOREGROUND;
            case "Orphan" -> DeleteOptionsValues.Propagation.ORPHAN;
            default -> throw new ApiException.BadRequest("propagationPolicy: Unsupported value: \"" + policy
                    + "\": supported values: \"Foreground\", \"Background\", \"Orphan\"");
        };
    }
}
