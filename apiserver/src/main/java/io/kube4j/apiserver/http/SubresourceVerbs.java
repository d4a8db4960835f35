package io.kube4j.apiserver.http;

import io.kube4j.apiserver.errors.ApiException;
import io.kube4j.apiserver.json.KubeJson;
import io.kube4j.apiserver.proxy.PodConnect;
import io.kube4j.apiserver.proxy.ResourceProxy;
import io.kube4j.apiserver.registry.ResourceType;
import io.kube4j.apiserver.rest.DeleteOptionsValues;
import io.kube4j.apiserver.rest.WriteOptions;
import io.kube4j.apiserver.serviceaccount.TokenRequests;
import io.kube4j.apiserver.storage.StorageCodec;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The subresources that are not the object itself: {@code scale} (autoscaling/v1 Scale over
 * {@code spec.replicas}), {@code pods/binding} (the scheduler's bind), {@code pods/eviction},
 * {@code namespaces/finalize}, {@code pods/log}, {@code exec}, {@code attach} and {@code portforward}
 * (proxied to the node's kubelet by {@link PodConnect}), {@code serviceaccounts/token} (a signed
 * service-account token) and {@code nodes|pods|services/proxy} ({@link ResourceProxy}).
 */
final class SubresourceVerbs {

    private final ReadVerbs reads;
    private final Patches patches;

    private final PodEviction eviction;
    private final PodConnect connect;
    private final Clock clock = Clock.systemUTC();
    private final TokenRequests tokens;
    private final ResourceProxy proxies;

    SubresourceVerbs(ReadVerbs reads, Patches patches, PodEviction eviction, PodConnect connect) {
        this(reads, patches, eviction, connect, null);
    }

    /** @param tokens issues {@code serviceaccounts/token}, or null when this server issues none (404) */
    SubresourceVerbs(ReadVerbs reads, Patches patches, PodEviction eviction, PodConnect connect, TokenRequests tokens) {
        this(reads, patches, eviction, connect, tokens, null);
    }

    /** @param proxies serves {@code nodes|pods|services/proxy}, or null when this server proxies nothing (404) */
    SubresourceVerbs(ReadVerbs reads, Patches patches, PodEviction eviction, PodConnect connect, TokenRequests tokens,
            ResourceProxy proxies) {
        this.proxies = proxies;
        this.reads = reads;
        this.patches = patches;
        this.eviction = eviction;
        this.connect = connect;
        this.tokens = tokens;
    }

    void handle(Call call) {
        String sub = call.info().subresource();
        String verb = call.info().verb();
        switch (sub) {
            case "scale" -> scale(call, verb);
            case "binding" -> require(verb, "create", () -> bind(call));
            case "eviction" -> require(verb, "create", () -> evict(call));
            case "finalize" -> require(verb, "update", () -> finalizeNamespace(call));
            case "log" -> require(verb, "get", () -> connect.log(call));
            case "exec", "attach", "portforward" -> {
                // GET (WebSocket clients) or POST (SPDY clients), as upstream's connect verbs.
                if (!verb.equals("get") && !verb.equals("create")) {
                    throw new ApiException.MethodNotAllowed();
                }
                connect.stream(call);
            }
            case "token" -> require(verb, "create", () -> token(call));
            case "proxy" -> {
                if (proxies == null) {
                    throw new ApiException.NotFound("the server could not find the requested resource");
                }
                proxies.handle(call);
            }
            default -> throw new ApiException.NotFound("the server could not find the requested resource");
        }
    }

    private static void require(String verb, String wanted, Runnable action) {
        if (!verb.equals(wanted)) {
            throw new ApiException.MethodNotAllowed();
        }
        action.run();
    }

    private void scale(Call call, String verb) {
        Resource r = call.resource();
        String ns = call.info().namespace();
        String name = call.info().name();
        switch (verb) {
            case "get" -> Responses.object(call.response(), call.callback(), 200, MediaType.JSON,
                    toScale(r.type(), r.store().get(ns, name)));
            case "update", "patch" -> {
                byte[] raw = Bodies.read(call.request());
                String ct = Bodies.contentType(call.request());
                WriteOptions options = call.writeOptions();
                ObjectNode updated = r.store().update(ns, name, old -> {
                    ObjectNode scale = toScale(r.type(), old);
                    ObjectNode wanted = verb.equals("update") ? Bodies.parseObject(raw, ct)
                            : patches.applyToScale(ct, scale, raw);
                    String rv = wanted.path("metadata").path("resourceVersion").asString("");
                    if (!rv.isEmpty()) {
                        StorageCodec.metadata(old).put("resourceVersion", rv);
                    } else {
                        StorageCodec.metadata(old).remove("resourceVersion");
                    }
                    JsonNode replicas = wanted.path("spec").path("replicas");
                    ObjectNode spec = old.get("spec") instanceof ObjectNode s ? s : old.putObject("spec");
                    spec.put("replicas", replicas.isMissingNode() || replicas.isNull() ? 0 : replicas.asInt());
                    return old;
                }, null, false, options);
                Responses.object(call.response(), call.callback(), 200, MediaType.JSON, toScale(r.type(), updated));
            }
            default -> throw new ApiException.MethodNotAllowed();
        }
    }

    /** The autoscaling/v1 Scale view of a scalable object. */
    static ObjectNode toScale(ResourceType type, ObjectNode object) {
        ObjectNode scale = KubeJson.json().createObjectNode();
        scale.put("kind", "Scale");
        scale.put("apiVersion", "autoscaling/v1");
        ObjectNode meta = scale.putObject("metadata");
        JsonNode om = object.path("metadata");
        for (String f : new String[] {"name", "namespace", "uid", "resourceVersion", "creationTimestamp"}) {
            if (om.has(f)) {
                meta.set(f, om.get(f));
            }
        }
        scale.putObject("spec").put("replicas", object.path("spec").path("replicas").asInt(0));
        ObjectNode status = scale.putObject("status");
        status.put("replicas", object.path("status").path("replicas").asInt(0));
        JsonNode selector = object.path("spec").path("selector");
        Map<String, String> labels = new TreeMap<>();
        JsonNode matchLabels = type.kind().equals("ReplicationController") ? selector : selector.path("matchLabels");
        matchLabels.properties().forEach(e -> labels.put(e.getKey(), e.getValue().asString("")));
        StringJoiner joined = new StringJoiner(",");
        labels.forEach((k, v) -> joined.add(k + "=" + v));
        for (JsonNode expr : selector.path("matchExpressions")) {
            StringJoiner values = new StringJoiner(",");
            expr.path("values").forEach(v -> values.add(v.asString("")));
            String key = expr.path("key").asString("");
            switch (expr.path("operator").asString("")) {
                case "In" -> joined.add(key + " in (" + values + ")");
                case "NotIn" -> joined.add(key + " notin (" + values + ")");
                case "Exists" -> joined.add(key);
                case "DoesNotExist" -> joined.add("!" + key);
                default -> { }
            }
        }
        if (joined.length() > 0) {
            status.put("selector", joined.toString());
        }
        return scale;
    }

    private void bind(Call call) {
        ObjectNode binding = Bodies.object(call.request());
        String node = binding.path("target").path("name").asString("");
        String name = call.info().name();
        if (node.isEmpty()) {
            throw new ApiException.Invalid("Binding", "", name, java.util.List.of(
                    io.kube4j.apiserver.errors.FieldError.required("target.name", "")));
        }
        call.resource().store().update(call.info().namespace(), name, old -> {
            String current = old.path("spec").path("nodeName").asString("");
            if (!current.isEmpty()) {
                throw new ApiException.Conflict(call.resource().type().plural(), "", name,
                        "pod " + name + " is already assigned to node \"" + current + "\"");
            }
            if (old.path("metadata").has("deletionTimestamp")) {
                throw new ApiException.Conflict(call.resource().type().plural(), "", name,
                        "pod " + name + " is being deleted, cannot be assigned to a host");
            }
            ((ObjectNode) old.path("spec")).put("nodeName", node);
            markScheduled(old);
            JsonNode annotations = binding.path("metadata").path("annotations");
            if (annotations.isObject() && !annotations.isEmpty()) {
                ObjectNode meta = StorageCodec.metadata(old);
                ObjectNode a = meta.get("annotations") instanceof ObjectNode an ? an : meta.putObject("annotations");
                a.setAll((ObjectNode) annotations);
            }
            StorageCodec.metadata(old).remove("resourceVersion");
            String uid = binding.path("metadata").path("uid").asString("");
            if (!uid.isEmpty()) {
                // A precondition, as upstream: the update refuses a pod re-created under this name.
                StorageCodec.metadata(old).put("uid", uid);
            }
            return old;
        }, "binding", false, call.writeOptions());
        success(call, 201);
    }

    /** Sets the pod's {@code PodScheduled} condition to True, as upstream's binding does. */
    private void markScheduled(ObjectNode pod) {
        ObjectNode status = pod.get("status") instanceof ObjectNode st ? st : pod.putObject("status");
        ArrayNode conditions = status.get("conditions") instanceof ArrayNode a ? a : status.putArray("conditions");
        String now = DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(ChronoUnit.SECONDS));
        for (JsonNode c : conditions) {
            if (c.path("type").asString("").equals("PodScheduled") && c instanceof ObjectNode condition) {
                if (!condition.path("status").asString("").equals("True")) {
                    condition.put("lastTransitionTime", now);
                }
                condition.put("status", "True");
                condition.remove("reason");
                condition.remove("message");
                return;
            }
        }
        conditions.addObject().put("type", "PodScheduled").put("status", "True").putNull("lastProbeTime")
                .put("lastTransitionTime", now);
    }

    private void evict(Call call) {
        eviction.evict(call);
        success(call, 201);
    }

    private void finalizeNamespace(Call call) {
        ObjectNode body = Bodies.object(call.request());
        JsonNode finalizers = body.path("spec").path("finalizers");
        ObjectNode result = call.resource().store().update(null, call.info().name(), old -> {
            ObjectNode spec = old.get("spec") instanceof ObjectNode s ? s : old.putObject("spec");
            if (finalizers.isArray()) {
                spec.set("finalizers", finalizers);
            } else {
                spec.remove("finalizers");
            }
            StorageCodec.metadata(old).remove("resourceVersion");
            return old;
        }, "finalize", false, call.writeOptions());
        reads.respond(call, 200, result);
    }

    /** {@code POST serviceaccounts/NAME/token}: a TokenRequest in, the same with its token out (201). */
    private void token(Call call) {
        if (tokens == null) {
            throw new ApiException.NotFound("the server could not find the requested resource");
        }
        ObjectNode request = Bodies.object(call.request());
        ObjectNode issued = tokens.create(call.info().namespace(), call.info().name(), request);
        Responses.object(call.response(), call.callback(), 201, MediaType.negotiate(
                call.request().getHeaders().get(org.eclipse.jetty.http.HttpHeader.ACCEPT),
                io.kube4j.apiserver.protobuf.KubeProtobuf.supports("authentication.k8s.io/v1", "TokenRequest")), issued);
    }

    private static void success(Call call, int code) {
        ObjectNode status = KubeJson.json().createObjectNode();
        status.put("kind", "Status");
        status.put("apiVersion", "v1");
        status.putObject("metadata");
        status.put("status", "Success");
        status.put("code", code);
        Responses.object(call.response(), call.callback(), code, MediaType.JSON, status);
    }
}
