package io.kube4j.apiserver.http;

import io.kube4j.apiserver.apply.ManagedFields;
import io.kube4j.apiserver.errors.ApiException;
import io.kube4j.apiserver.json.KubeJson;
import io.kube4j.apiserver.registry.ResourceType;
import io.kube4j.apiserver.rest.DeleteOptionsValues;
import io.kube4j.apiserver.rest.DeleteOutcome;
import io.kube4j.apiserver.rest.WriteOptions;
import io.kube4j.apiserver.storage.StorageCodec;
import io.kube4j.apiserver.watch.CachedObject;
import io.kube4j.apiserver.watch.WatchFilter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.http.HttpHeader;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * CREATE, UPDATE (PUT), PATCH, DELETE and DELETECOLLECTION of a resource's main object and its
 * {@code status} subresource: decode the body, check it is the kind the path names, run the
 * generic write path, answer with the stored object (201 on create) or a delete's Status.
 */
final class WriteVerbs {

    private final ReadVerbs reads;
    private final Patches patches;
    private final FieldValidation fieldValidation;
    private final Clock clock = Clock.systemUTC();

    WriteVerbs(ReadVerbs reads, Patches patches, FieldValidation fieldValidation) {
        this.reads = reads;
        this.patches = patches;
        this.fieldValidation = fieldValidation;
    }

    void create(Call call) {
        ObjectNode body = Bodies.object(call.request());
        checkKind(call.resource().type(), body);
        WriteOptions options = call.writeOptions();
        fieldValidation.check(call, body, options);
        ObjectNode created = call.resource().store().create(call.info().namespace(),
                recordUpdate(call, options, null, body), options);
        reads.respond(call, 201, created);
    }

    void update(Call call) {
        ObjectNode body = Bodies.object(call.request());
        ResourceType type = call.resource().type();
        checkKind(type, body);
        WriteOptions options = call.writeOptions();
        fieldValidation.check(call, body, options);
        String sub = call.info().subresource();
        boolean[] created = new boolean[1];
        ObjectNode result = call.resource().store().update(call.info().namespace(), call.info().name(), old -> {
            created[0] = old == null;
            return recordUpdate(call, options, old, body);
        }, sub, type.typedStrategy().allowCreateOnUpdate(), options);
        reads.respond(call, created[0] ? 201 : 200, result);
    }

    void patch(Call call) {
        byte[] raw = Bodies.read(call.request());
        String contentType = Bodies.contentType(call.request());
        ResourceType type = call.resource().type();
        WriteOptions options = call.writeOptions();
        boolean apply = contentType.equals("application/apply-patch+yaml") || contentType.equals("application/apply-patch+json");
        if (apply && options.fieldManager().isEmpty()) {
            throw new ApiException.BadRequest("PATCH, application/apply-patch+yaml requires fieldManager to be set");
        }
        boolean force = call.flag("force");
        ObjectNode result = call.resource().store().update(call.info().namespace(), call.info().name(),
                old -> {
                    ObjectNode patched = patches.apply(type, contentType, old, raw, options, force);
                    return apply ? patched : recordUpdate(call, options, old, patched);
                },
                call.info().subresource(), apply, options);
        reads.respond(call, 200, result);
    }

    void delete(Call call) {
        DeleteOptionsValues options = deleteOptions(call);
        DeleteOutcome outcome = call.resource().store().delete(call.info().namespace(), call.info().name(), options);
        ResourceType type = call.resource().type();
        if (outcome.deleted() && !returnsDeletedObject(type)) {
            ObjectNode status = KubeJson.json().createObjectNode();
            status.put("kind", "Status");
            status.put("apiVersion", "v1");
            status.putObject("metadata");
            status.put("status", "Success");
            ObjectNode details = status.putObject("details");
            details.put("name", call.info().name());
            if (!type.group().isEmpty()) {
                details.put("group", type.group());
            }
            details.put("kind", type.plural());
            details.put("uid", outcome.object().path("metadata").path("uid").asString(""));
            Responses.object(call.response(), call.callback(), 200, MediaType.JSON, status);
            return;
        }
        reads.respond(call, 200, outcome.object());
    }

    /**
     * Field ownership of a create, update or non-apply patch, as upstream's field manager records it
     * on every write: the {@code fieldManager} parameter, else the User-Agent's first segment
     * ({@code kubectl-client-side-apply}, {@code kubectl-create}, ...), as an {@code Update} entry.
     */
    private ObjectNode recordUpdate(Call call, WriteOptions options, ObjectNode old, ObjectNode written) {
        ResourceType type = call.resource().type();
        String manager = ManagedFields.managerOrUserAgent(options.fieldManager(),
                call.request().getHeaders().get(HttpHeader.USER_AGENT));
        String sub = call.info().subresource();
        return ManagedFields.recordUpdate(old, written, type.javaType(), manager, type.apiVersion(),
                sub == null ? "" : sub, clock.instant());
    }

    /** Upstream's stores that answer a delete with the object rather than a Status. */
    private static boolean returnsDeletedObject(ResourceType type) {
        return type.group().isEmpty() && (type.kind().equals("Pod") || type.kind().equals("Namespace"));
    }

    void deleteCollection(Call call) {
        DeleteOptionsValues options = deleteOptions(call);
        WatchFilter filter = Selectors.filter(call);
        Resource r = call.resource();
        r.cache().waitFor(r.storeRevision(), ReadVerbs.FRESHNESS_WAIT);
        List<CachedObject> victims = r.cache().list(filter).items();
        List<ObjectNode> deleted = new ArrayList<>();
        for (CachedObject o : victims) {
            try {
                deleted.add(r.store().delete(o.namespace().isEmpty() ? null : o.namespace(), o.name(), options).object());
            } catch (ApiException.NotFound gone) {
                // deleted by someone else meanwhile: nothing to do
            }
        }
        ObjectNode list = KubeJson.json().createObjectNode();
        list.put("kind", r.type().listKind());
        list.put("apiVersion", r.type().apiVersion());
        list.putObject("metadata");
        ArrayNode items = list.putArray("items");
        deleted.forEach(items::add);
        Responses.object(call.response(), call.callback(), 200, call.media() == MediaType.YAML ? MediaType.YAML
                : MediaType.JSON, list);
    }

    private static DeleteOptionsValues deleteOptions(Call call) {
        DeleteOptionsValues fromQuery = call.deleteOptionsFromQuery();
        byte[] raw = Bodies.read(call.request());
        if (raw.length == 0) {
            return fromQuery;
        }
        JsonNode body = Bodies.parse(raw, Bodies.contentType(call.request()));
        String kind = body.path("kind").asString("DeleteOptions");
        if (!kind.equals("DeleteOptions")) {
            throw new ApiException.BadRequest("expected a DeleteOptions body, got " + kind);
        }
        DeleteOptionsValues.Propagation propagation = body.has("propagationPolicy") || body.has("orphanDependents")
                ? Call.propagation(body.path("propagationPolicy").asString(null),
                        body.has("orphanDependents") ? body.get("orphanDependents").asString() : null)
                : fromQuery.propagation();
        Long grace = fromQuery.gracePeriodSeconds();
        if (body.has("gracePeriodSeconds") && !body.get("gracePeriodSeconds").isNull()) {
            grace = body.get("gracePeriodSeconds").asLong();
        }
        JsonNode pre = body.path("preconditions");
        boolean dryRun = fromQuery.dryRun() || body.path("dryRun").toString().contains("All");
        return new DeleteOptionsValues(propagation, grace,
                pre.has("uid") ? pre.get("uid").asString() : null,
                pre.has("resourceVersion") ? pre.get("resourceVersion").asString() : null, dryRun);
    }

    /** The body's apiVersion and kind, when given, must be the path's. */
    static void checkKind(ResourceType type, ObjectNode body) {
        String apiVersion = body.path("apiVersion").asString("");
        String kind = body.path("kind").asString("");
        if (!apiVersion.isEmpty() && !apiVersion.equals(type.apiVersion())) {
            throw new ApiException.BadRequest("the API version in the data (" + apiVersion
                    + ") does not match the expected API version (" + type.apiVersion() + ")");
        }
        if (!kind.isEmpty() && !kind.equals(type.kind())) {
            throw new ApiException.BadRequest(kind + " in version \"" + type.version() + "\" cannot be handled as a "
                    + type.kind() + ": the kind in the data (" + kind + ") does not match the expected kind ("
                    + type.kind() + ")");
        }
        body.put("apiVersion", type.apiVersion());
        body.put("kind", type.kind());
        StorageCodec.metadata(body);
    }
}
