package io.kube4j.apiserver.http;

import io.kube4j.apiserver.errors.ApiException;
import io.kube4j.apiserver.errors.FieldError;
import io.kube4j.apiserver.json.KubeJson;
import io.kube4j.apiserver.registry.ResourceType;
import io.kube4j.apiserver.storage.ListPage;
import io.kube4j.apiserver.storage.StorageCodec;
import io.kube4j.apiserver.storage.StoredObject;
import io.kube4j.apiserver.watch.CachedObject;
import io.kube4j.apiserver.watch.CachedObjects;
import io.kube4j.apiserver.watch.ResourceCache;
import io.kube4j.apiserver.watch.WatchFilter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * GET of one object and LIST, with upstream's resourceVersion semantics: no resourceVersion is a
 * consistent read (the cache waits until it has caught up with the store's current revision),
 * {@code 0} is "any" (the cache as it is), {@code N} is "not older than N"
 * ({@code resourceVersionMatch=Exact} reads the store at N). Lists with {@code limit} page through
 * the store at one pinned revision, with {@code continue} tokens and {@code remainingItemCount}.
 */
final class ReadVerbs {

    /** How long a read waits for the cache to reach a wanted revision before 504. */
    static final Duration FRESHNESS_WAIT = Duration.ofSeconds(3);

    private final Clock clock;

    ReadVerbs(Clock clock) {
        this.clock = clock;
    }

    void get(Call call) {
        Resource r = call.resource();
        ResourceType type = r.type();
        String rv = call.param("resourceVersion");
        ObjectNode object;
        if ("0".equals(rv)) {
            CachedObject cached = r.cache().get(type.key(call.info().namespace(), call.info().name()))
                    .orElseThrow(() -> new ApiException.NotFound(type.plural(), type.group(), call.info().name()));
            object = StorageCodec.decode(cached.json(), cached.revision());
        } else {
            object = r.store().get(call.info().namespace(), call.info().name());
        }
        respond(call, 200, object);
    }

    /** Writes one object in the negotiated form (Table and PartialObjectMetadata included). */
    void respond(Call call, int code, ObjectNode object) {
        MediaType media = call.media();
        switch (media) {
            case TABLE -> Responses.object(call.response(), call.callback(), code, MediaType.JSON,
                    TableBodies.table(call.resource().type(), List.of(object), null, null, call.param("includeObject"),
                            clock.instant()));
            case PARTIAL_METADATA -> {
                ObjectNode partial = KubeJson.json().createObjectNode();
                partial.put("kind", "PartialObjectMetadata");
                partial.put("apiVersion", "meta.k8s.io/v1");
                partial.set("metadata", object.path("metadata"));
                Responses.object(call.response(), call.callback(), code, MediaType.JSON, partial);
            }
            default -> Responses.object(call.response(), call.callback(), code, media, object);
        }
    }

    void list(Call call) {
        Resource r = call.resource();
        WatchFilter filter = Selectors.filter(call);
        long limit = call.longParam("limit", 0);
        String cont = call.param("continue");
        String rv = call.param("resourceVersion");
        String match = call.param("resourceVersionMatch");
        if (match != null && !match.isEmpty() && (rv == null || rv.isEmpty())) {
            // Upstream validates ListOptions: a 422 on the ListOptions kind, not a 400.
            throw new ApiException.Invalid("ListOptions", "meta.k8s.io", "", List.of(FieldError.forbidden(
                    "resourceVersionMatch", "resourceVersionMatch is forbidden unless resourceVersion is provided")));
        }
        if (cont != null && !cont.isEmpty() && rv != null && !rv.isEmpty() && !rv.equals("0")) {
            throw new ApiException.BadRequest("specifying resource version is not allowed when using continue");
        }
        List<CachedObject> items;
        long revision;
        String nextToken = null;
        Long remaining = null;
        if ((limit > 0 && !"0".equals(rv)) || (cont != null && !cont.isEmpty()) || "Exact".equals(match)) {
            Page page = pageFromStore(call, filter, limit, cont, rv, match);
            items = page.items;
            revision = page.revision;
            nextToken = page.next;
            remaining = page.remaining;
        } else {
            ResourceCache cache = r.cache();
            if (rv == null || rv.isEmpty()) {
                cache.waitFor(r.storeRevision(), FRESHNESS_WAIT);
            } else if (!rv.equals("0")) {
                cache.waitFor(parseRevision(rv), FRESHNESS_WAIT);
            }
            ResourceCache.Snapshot snapshot = cache.list(filter);
            items = snapshot.items();
            revision = snapshot.revision();
            // RV=0 with a limit: upstream serves the whole list from the cache, ignoring the limit.
        }
        writeList(call, items, revision, nextToken, remaining);
    }

    private void writeList(Call call, List<CachedObject> items, long revision, String next, Long remaining) {
        ResourceType type = call.resource().type();
        MediaType media = call.media();
        switch (media) {
            case JSON -> Responses.bytes(call.response(), call.callback(), 200, "application/json",
                    ListBodies.json(type, ListBodies.jsonOf(items), revision, next, remaining));
            case TABLE -> Responses.object(call.response(), call.callback(), 200, MediaType.JSON,
                    TableBodies.table(type, decode(items), Long.toString(revision), next, call.param("includeObject"),
                            clock.instant()));
            case PARTIAL_METADATA -> {
                ObjectNode list = KubeJson.json().createObjectNode();
                list.put("kind", "PartialObjectMetadataList");
                list.put("apiVersion", "meta.k8s.io/v1");
                list.putObject("metadata").put("resourceVersion", Long.toString(revision));
                ArrayNode arr = list.putArray("items");
                for (ObjectNode o : decode(items)) {
                    arr.addObject().put("kind", "PartialObjectMetadata").put("apiVersion", "meta.k8s.io/v1")
                            .set("metadata", o.path("metadata"));
                }
                Responses.object(call.response(), call.callback(), 200, MediaType.JSON, list);
            }
            default -> Responses.object(call.response(), call.callback(), 200, media,
                    KubeJson.json().readTree(ListBodies.json(type, ListBodies.jsonOf(items), revision, next, remaining)));
        }
    }

    private static List<ObjectNode> decode(List<CachedObject> items) {
        List<ObjectNode> out = new ArrayList<>(items.size());
        for (CachedObject o : items) {
            out.add(StorageCodec.decode(o.json(), o.revision()));
        }
        return out;
    }

    private record Page(List<CachedObject> items, long revision, String next, Long remaining) {
    }

    private Page pageFromStore(Call call, WatchFilter filter, long limit, String cont, String rv, String match) {
        ResourceType type = call.resource().type();
        String prefix = type.keyPrefix(call.resource().type().namespaced() ? call.info().namespace() : null);
        long revision = 0;
        String start = null;
        if (cont != null && !cont.isEmpty()) {
            ContinueToken token = ContinueToken.decode(cont);
            revision = token.revision();
            start = prefix + token.start();
        } else if ("Exact".equals(match)) {
            revision = parseRevision(rv);
        }
        CachedObjects objects = new CachedObjects(type);
        List<CachedObject> out = new ArrayList<>();
        boolean selective = call.param("labelSelector") != null || call.param("fieldSelector") != null;
        Long remaining = null;
        String lastKey = null;
        boolean more;
        try {
            while (true) {
                ListPage page = callStore(call, prefix, start, limit, revision);
                // The store's header names its current revision, not the one read at: keep the pinned one.
                revision = revision > 0 ? revision : page.revision();
                int consumed = 0;
                boolean full = false;
                for (StoredObject s : page.items()) {
                    consumed++;
                    lastKey = s.key();
                    CachedObject o = objects.of(s.key(), s.value(), s.modRevision());
                    if (filter.matches(o)) {
                        out.add(o);
                    }
                    if (limit > 0 && out.size() >= limit) {
                        full = true;
                        break;
                    }
                }
                if (!selective && limit > 0) {
                    remaining = page.remaining() + (page.items().size() - consumed);
                }
                if (full || !page.more() || limit == 0) {
                    more = consumed < page.items().size() || page.more();
                    break;
                }
                start = lastKey + "\0";
            }
        } catch (ApiException.Expired e) {
            if (cont != null) {
                throw new ApiException.Expired("The provided continue parameter is too old to display a consistent "
                        + "list result. You can start a new list without the continue parameter, or use the continue "
                        + "token in this response to retrieve the remainder of the results.");
            }
            throw e;
        }
        String next = more && lastKey != null ? new ContinueToken(revision, lastKey.substring(prefix.length()) + "\0").encode() : null;
        return new Page(out, revision, next, next == null ? null : remaining);
    }

    private static ListPage callStore(Call call, String prefix, String start, long limit, long revision) {
        return call.resource().storage().list(prefix, start, limit, revision);
    }

    static long parseRevision(String rv) {
        try {
            long v = Long.parseLong(rv);
            if (v < 0) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new ApiException.BadRequest("invalid resource version: " + rv);
        }
    }
}
