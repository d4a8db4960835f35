package io.kube4j.apiserver.errors;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.StatusDetails;
import io.fabric8.kubernetes.api.model.StatusDetailsBuilder;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Every way a request can fail, one subclass per Kubernetes {@code Status} reason; each maps
 * one-to-one onto the HTTP code and the {@code Status} object that upstream's apiserver returns,
 * worded as upstream words it. Handlers throw these; one place in the HTTP layer turns them into
 * responses. Anything else a handler throws becomes a 500 InternalError.
 *
 * <p>{@code resource} is the qualified resource name as upstream prints it: {@code pods} for the
 * core group, {@code deployments.apps} otherwise ({@link #qualified}). Immutable; thread-safe.
 */
public abstract sealed class ApiException extends RuntimeException {

    private final int code;
    private final String reason;
    private final StatusDetails details;

    private ApiException(int code, String reason, String message, StatusDetails details) {
        super(message, null, false, false);
        this.code = code;
        this.reason = reason;
        this.details = details;
    }

    /** The HTTP status code. */
    public int code() {
        return code;
    }

    /** The {@code Status.reason}, e.g. {@code NotFound}. */
    public String reason() {
        return reason;
    }

    /** The {@code Status} object for the response body. */
    public Status toStatus() {
        return new StatusBuilder()
                .withApiVersion("v1").withKind("Status").withNewMetadata().endMetadata()
                .withStatus("Failure").withMessage(getMessage()).withReason(reason)
                .withDetails(details).withCode(code).build();
    }

    /** {@code pods} for the core group, {@code deployments.apps} for others. */
    public static String qualified(String resource, String group) {
        return group == null || group.isEmpty() ? resource : resource + "." + group;
    }

    private static StatusDetails details(String name, String group, String kind) {
        return new StatusDetailsBuilder().withName(name).withGroup(emptyToNull(group)).withKind(kind).build();
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    /** 404: the object or the path does not exist. */
    public static final class NotFound extends ApiException {
        public NotFound(String resource, String group, String name) {
            super(404, "NotFound", qualified(resource, group) + " \"" + name + "\" not found",
                    details(name, group, resource));
        }

        /** A path that names nothing we serve. */
        public NotFound(String message) {
            super(404, "NotFound", message, null);
        }
    }

    /** 409: create of a name that is taken. */
    public static final class AlreadyExists extends ApiException {
        public AlreadyExists(String resource, String group, String name) {
            super(409, "AlreadyExists", qualified(resource, group) + " \"" + name + "\" already exists",
                    details(name, group, resource));
        }
    }

    /** 409: a write lost an optimistic-concurrency race, or a precondition failed. */
    public static final class Conflict extends ApiException {
        public static final String MODIFIED =
                "the object has been modified; please apply your changes to the latest version and try again";

        public Conflict(String resource, String group, String name, String why) {
            super(409, "Conflict", "Operation cannot be fulfilled on " + qualified(resource, group)
                    + " \"" + name + "\": " + why, details(name, group, resource));
        }

        /** A conflict whose message is given whole (server-side apply conflicts). */
        public Conflict(String message, StatusDetails details) {
            super(409, "Conflict", message, details);
        }
    }

    /** 422: the object fails validation; one cause per field error. */
    public static final class Invalid extends ApiException {
        private final List<FieldError> errors;

        /**
         * @param kind  the kind qualified by group as upstream prints it: {@code Pod},
         *              {@code Deployment.apps}
         */
        public Invalid(String kind, String group, String name, List<FieldError> errors) {
            super(422, "Invalid", kind + (group == null || group.isEmpty() ? "" : "." + group) + " \""
                    + name + "\" is invalid: " + aggregate(errors), invalidDetails(kind, group, name, errors));
            this.errors = List.copyOf(errors);
        }

        /**
         * A 422 with a message given whole and empty details, as upstream answers a JSON patch
         * that does not apply ({@code the server rejected our request due to an error in our request}).
         */
        public Invalid(String message) {
            super(422, "Invalid", message, new StatusDetails());
            this.errors = List.of();
        }

        public List<FieldError> errors() {
            return errors;
        }

        private static String aggregate(List<FieldError> errors) {
            if (errors.size() == 1) {
                return errors.getFirst().message();
            }
            return errors.stream().map(FieldError::message).collect(Collectors.joining(", ", "[", "]"));
        }

        private static StatusDetails invalidDetails(String kind, String group, String name, List<FieldError> errors) {
            StatusDetails d = details(name, group, kind);
            d.setCauses(errors.stream().map(e -> new StatusCause(e.field(), e.body(), e.type().reason())).toList());
            return d;
        }
    }

    /** 400: the request itself is malformed. */
    public static final class BadRequest extends ApiException {
        public BadRequest(String message) {
            super(400, "BadRequest", message, null);
        }

        /** A bad request with causes (strict decoding errors list each unknown field). */
        public BadRequest(String message, List<StatusCause> causes) {
            super(400, "BadRequest", message, new StatusDetailsBuilder().withCauses(causes).build());
        }
    }

    /** 401: no credentials we accept. */
    public static final class Unauthorized extends ApiException {
        public Unauthorized() {
            super(401, "Unauthorized", "Unauthorized", null);
        }
    }

    /** 403: authenticated but not allowed, or refused by admission. */
    public static final class Forbidden extends ApiException {
        public Forbidden(String resource, String group, String name, String why) {
            super(403, "Forbidden", qualified(resource, group) + " \"" + name + "\" is forbidden: " + why,
                    details(name, group, resource));
        }

        public Forbidden(String message) {
            super(403, "Forbidden", message, null);
        }

        /** A 403 naming the object, with causes (upstream's NamespaceTerminating on a create). */
        public Forbidden(String resource, String group, String name, String why, List<StatusCause> causes) {
            super(403, "Forbidden", qualified(resource, group) + " \"" + name + "\" is forbidden: " + why,
                    new StatusDetailsBuilder(details(name, group, resource)).withCauses(causes).build());
        }
    }

    /** 405: the resource does not support this verb. */
    public static final class MethodNotAllowed extends ApiException {
        public MethodNotAllowed() {
            super(405, "MethodNotAllowed", "the server does not allow this method on the requested resource", null);
        }
    }

    /** 406: no representation the client accepts. */
    public static final class NotAcceptable extends ApiException {
        public NotAcceptable(String message) {
            super(406, "NotAcceptable", message, null);
        }
    }

    /** 410: the requested resourceVersion or continue token is older than what is kept. */
    public static final class Expired extends ApiException {
        public Expired(String message) {
            super(410, "Expired", message, null);
        }
    }

    /** 413: the body is over the limit. */
    public static final class RequestEntityTooLarge extends ApiException {
        public RequestEntityTooLarge(long limit) {
            super(413, "RequestEntityTooLarge", "Request entity too large: limit is " + limit, null);
        }

        /** A 413 with its message given whole (too many JSON patch operations). */
        public RequestEntityTooLarge(String message) {
            super(413, "RequestEntityTooLarge", message, null);
        }
    }

    /** 415: a body in a format we do not read. */
    public static final class UnsupportedMediaType extends ApiException {
        public UnsupportedMediaType(String contentType, List<String> supported) {
            super(415, "UnsupportedMediaType", "the body of the request was in an unknown format - accepted media types include: "
                    + String.join(", ", supported), null);
        }
    }

    /** 429: too many requests in flight. */
    public static final class TooManyRequests extends ApiException {
        public TooManyRequests(String message) {
            super(429, "TooManyRequests", message, null);
        }

        /**
         * Overload or a refused disruption: the client should retry after {@code retryAfterSeconds}
         * (also sent as {@code Retry-After}; 0 = not said), for the given causes.
         */
        public TooManyRequests(String message, int retryAfterSeconds, StatusCause... causes) {
            super(429, "TooManyRequests", message, new StatusDetailsBuilder()
                    .withRetryAfterSeconds(retryAfterSeconds > 0 ? retryAfterSeconds : null)
                    .withCauses(causes.length == 0 ? null : List.of(causes)).build());
        }

        /** The advised wait in seconds, or 0. */
        public int retryAfterSeconds() {
            StatusDetails d = super.details;
            return d == null || d.getRetryAfterSeconds() == null ? 0 : d.getRetryAfterSeconds();
        }
    }

    /** 500: a bug or a store failure we cannot name better. */
    public static final class InternalError extends ApiException {
        public InternalError(String message) {
            super(500, "InternalError", "Internal error occurred: " + message, null);
        }
    }

    /** 503: not ready to serve (store unavailable, shutting down). */
    public static final class ServiceUnavailable extends ApiException {
        public ServiceUnavailable(String message) {
            super(503, "ServiceUnavailable", message, null);
        }
    }

    /** 504: the store did not answer in time. */
    public static final class Timeout extends ApiException {
        public Timeout(String message) {
            super(504, "Timeout", message, null);
        }
    }
}
