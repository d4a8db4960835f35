package io.kube4j.apiserver.openapi;

import java.util.List;

/**
 * The query parameters each REST verb accepts, as upstream lists them per verb (the descriptions
 * are ours). {@code fieldValidation} on create, update and patch is what kubectl looks for to
 * decide that the server validates fields itself. Constants; thread-safe.
 */
final class QueryParameters {

    static final Parameter PRETTY = Parameter.query("pretty", "string",
            "If 'true', the response is indented for reading.");
    static final Parameter NAME = Parameter.path("name", "The name of the object.");
    static final Parameter NAMESPACE = Parameter.path("namespace", "The namespace of the objects, for "
            + "namespace-scoped resources.");

    private static final Parameter DRY_RUN = Parameter.query("dryRun", "string",
            "When present, the request is validated and admitted but nothing is stored. The only valid "
                    + "value is All.");
    private static final Parameter FIELD_MANAGER = Parameter.query("fieldManager", "string",
            "The name of the actor making the change, recorded as the manager of the fields it sets. "
                    + "Required for apply patches; at most 128 printable characters.");
    private static final Parameter FIELD_VALIDATION = Parameter.query("fieldValidation", "string",
            "What the server does with unknown or duplicate fields in the body: Ignore drops them, "
                    + "Warn (the default) drops them and answers with a warning per field, Strict fails "
                    + "the request.");
    private static final Parameter FORCE = Parameter.query("force", "boolean",
            "For apply patches only: take over fields other managers own instead of failing with a "
                    + "conflict.");
    private static final Parameter GRACE = Parameter.query("gracePeriodSeconds", "integer",
            "Seconds before the object is deleted; zero means at once. Defaults to the object's own value.");
    private static final Parameter IGNORE_STORE_READ_ERROR = Parameter.query(
            "ignoreStoreReadErrorWithClusterBreakingPotential", "boolean",
            "Delete an object that cannot be read from storage, bypassing the usual checks. Dangerous.");
    private static final Parameter ORPHAN = Parameter.query("orphanDependents", "boolean",
            "Deprecated; use propagationPolicy. Whether dependents are orphaned.");
    private static final Parameter PROPAGATION = Parameter.query("propagationPolicy", "string",
            "Whether and how garbage collection removes dependents: Orphan, Background or Foreground.");
    private static final Parameter ALLOW_BOOKMARKS = Parameter.query("allowWatchBookmarks", "boolean",
            "Ask for BOOKMARK events on a watch; the server may send them or not.");
    private static final Parameter CONTINUE = Parameter.query("continue", "string",
            "The continue token of a previous chunked list, to fetch the next chunk.");
    private static final Parameter FIELD_SELECTOR = Parameter.query("fieldSelector", "string",
            "Only return objects whose fields match this selector. Defaults to everything.");
    private static final Parameter LABEL_SELECTOR = Parameter.query("labelSelector", "string",
            "Only return objects whose labels match this selector. Defaults to everything.");
    private static final Parameter LIMIT = Parameter.query("limit", "integer",
            "The most objects to return in one chunk; the response carries a continue token if more remain.");
    private static final Parameter RESOURCE_VERSION = Parameter.query("resourceVersion", "string",
            "The resource version the list or watch starts from; see resourceVersionMatch.");
    private static final Parameter RESOURCE_VERSION_MATCH = Parameter.query("resourceVersionMatch", "string",
            "How resourceVersion applies to a list: Exact or NotOlderThan.");
    private static final Parameter SEND_INITIAL_EVENTS = Parameter.query("sendInitialEvents", "boolean",
            "Begin a watch with synthetic ADDED events for the current state, then a bookmark.");
    private static final Parameter TIMEOUT = Parameter.query("timeoutSeconds", "integer",
            "Close the list or watch after this many seconds.");
    private static final Parameter WATCH = Parameter.query("watch", "boolean",
            "Stream changes instead of returning a list.");

    /** create (POST). */
    static final List<Parameter> CREATE = List.of(DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION);
    /** replace (PUT). */
    static final List<Parameter> REPLACE = CREATE;
    /** patch (PATCH). */
    static final List<Parameter> PATCH = List.of(DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION, FORCE);
    /** delete of one object. */
    static final List<Parameter> DELETE = List.of(DRY_RUN, GRACE, IGNORE_STORE_READ_ERROR, ORPHAN, PROPAGATION);
    /** list and watch. */
    static final List<Parameter> LIST = List.of(ALLOW_BOOKMARKS, CONTINUE, FIELD_SELECTOR, LABEL_SELECTOR, LIMIT,
            RESOURCE_VERSION, RESOURCE_VERSION_MATCH, SEND_INITIAL_EVENTS, TIMEOUT, WATCH);
    /** deletecollection: the list selectors plus the delete options. */
    static final List<Parameter> DELETE_COLLECTION = List.of(CONTINUE, DRY_RUN, FIELD_SELECTOR, GRACE,
            IGNORE_STORE_READ_ERROR, LABEL_SELECTOR, LIMIT, ORPHAN, PROPAGATION, RESOURCE_VERSION,
            RESOURCE_VERSION_MATCH, SEND_INITIAL_EVENTS, TIMEOUT);
    /** log of a pod. */
    static final List<Parameter> LOG = List.of(
            Parameter.query("container", "string", "The container to read; optional for one-container pods."),
            Parameter.query("follow", "boolean", "Stream the log as it grows."),
            Parameter.query("insecureSkipTLSVerifyBackend", "boolean",
                    "Do not verify the kubelet's serving certificate when fetching the log."),
            Parameter.query("limitBytes", "integer", "Stop after this many bytes."),
            Parameter.query("previous", "boolean", "Read the log of the previous, terminated instance."),
            Parameter.query("sinceSeconds", "integer", "Only lines newer than this many seconds."),
            Parameter.query("stream", "string", "Which stream to read: All, Stdout or Stderr."),
            Parameter.query("tailLines", "integer", "Only this many lines from the end."),
            Parameter.query("timestamps", "boolean", "Prefix every line with its RFC 3339 timestamp."));

    /** The query of a pod's exec, attach or portforward (upstream's Pod*Options). */
    static List<Parameter> connect(String subresource) {
        Parameter container = Parameter.query("container", "string", "The container to connect to.");
        Parameter stdin = Parameter.query("stdin", "boolean", "Redirect the standard input stream.");
        Parameter stdout = Parameter.query("stdout", "boolean", "Redirect the standard output stream.");
        Parameter stderr = Parameter.query("stderr", "boolean", "Redirect the standard error stream.");
        Parameter tty = Parameter.query("tty", "boolean", "Allocate a terminal.");
        return switch (subresource) {
            case "exec" -> List.of(Parameter.query("command", "string", "The command to run, one argument per value."),
                    container, stderr, stdin, stdout, tty);
            case "attach" -> List.of(container, stderr, stdin, stdout, tty);
            default -> List.of(Parameter.query("ports", "integer", "The ports to forward."));
        };
    }

    private QueryParameters() {
    }
}
