package io.kube4j.apiserver.openapi;

import io.kube4j.apiserver.registry.ResourceType;
import io.kube4j.apiserver.schema.GroupVersionKind;
import io.kube4j.apiserver.schema.TypeModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The paths and operations of one resource, laid out as upstream lays them out: the collection
 * (list, create, deletecollection), the object (read, replace, patch, delete), the cross-namespace
 * list, the deprecated {@code /watch/} paths, and one path per subresource. Stateless; one call
 * per resource.
 */
final class ResourcePaths {

    private static final List<String> PRODUCES = List.of("application/json", "application/yaml",
            "application/vnd.kubernetes.protobuf");
    private static final List<String> PRODUCES_STREAM = List.of("application/json", "application/yaml",
            "application/vnd.kubernetes.protobuf", "application/json;stream=watch",
            "application/vnd.kubernetes.protobuf;stream=watch");
    private static final List<String> ANY = List.of("*/*");
    private static final List<String> PATCH_TYPES = List.of("application/json-patch+json",
            "application/merge-patch+json", "application/strategic-merge-patch+json", "application/apply-patch+yaml");
    private static final String STATUS = "io.k8s.apimachinery.pkg.apis.meta.v1.Status";
    private static final String WATCH_EVENT = "io.k8s.apimachinery.pkg.apis.meta.v1.WatchEvent";
    private static final String DELETE_OPTIONS = "io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions";
    private static final String PATCH = "io.k8s.apimachinery.pkg.apis.meta.v1.Patch";

    private final ResourceType r;
    private final String kindDef;
    private final String listDef;
    private final GroupVersionKind gvk;
    private final String tag;
    private final String idPart;

    private ResourcePaths(TypeModel model, ResourceType r) {
        this.r = r;
        this.kindDef = model.nameOf(r.javaType()).orElseThrow();
        this.listDef = model.definition(nameBeside(kindDef, r.listKind())).map(d -> d.name()).orElse(null);
        this.gvk = new GroupVersionKind(r.group(), r.version(), r.kind());
        this.tag = OperationNames.tag(r.group(), r.version());
        String scope = r.namespaced() ? "Namespaced" : "";
        this.idPart = OperationNames.groupVersion(r.group(), r.version()) + scope + r.kind();
    }

    /** The path items of {@code r}, whose model class must be in {@code model}. */
    static List<PathItem> of(TypeModel model, ResourceType r) {
        return new ResourcePaths(model, r).build(model);
    }

    private List<PathItem> build(TypeModel model) {
        String base = r.pathPrefix();
        String scoped = r.namespaced() ? base + "/namespaces/{namespace}/" + r.plural() : base + "/" + r.plural();
        String object = scoped + "/{name}";
        List<Parameter> collectionParams = r.namespaced()
                ? List.of(QueryParameters.NAMESPACE, QueryParameters.PRETTY) : List.of(QueryParameters.PRETTY);
        List<Parameter> objectParams = r.namespaced()
                ? List.of(QueryParameters.NAME, QueryParameters.NAMESPACE, QueryParameters.PRETTY)
                : List.of(QueryParameters.NAME, QueryParameters.PRETTY);
        String gv = OperationNames.groupVersion(r.group(), r.version());
        List<PathItem> items = new ArrayList<>();
        items.add(new PathItem(scoped, collectionParams, List.of(
                op("get", "list" + idPart, "list", "list or watch objects of kind " + r.kind(), gvk,
                        QueryParameters.LIST, null, PRODUCES_STREAM, ok(listDef)),
                op("post", "create" + idPart, "post", "create a " + r.kind(), gvk,
                        QueryParameters.CREATE, kindDef, PRODUCES, created(kindDef)),
                op("delete", "delete" + gv + "Collection" + idPart.substring(gv.length()), "deletecollection",
                        "delete a collection of " + r.kind(), gvk, QueryParameters.DELETE_COLLECTION,
                        DELETE_OPTIONS, PRODUCES, ok(STATUS)))));
        items.add(new PathItem(object, objectParams, List.of(
                op("get", "read" + idPart, "get", "read the specified " + r.kind(), gvk, List.of(), null,
                        PRODUCES, ok(kindDef)),
                op("put", "replace" + idPart, "put", "replace the specified " + r.kind(), gvk,
                        QueryParameters.REPLACE, kindDef, PRODUCES, replaced(kindDef)),
                op("patch", "patch" + idPart, "patch", "partially update the specified " + r.kind(), gvk,
                        QueryParameters.PATCH, PATCH, PRODUCES, replaced(kindDef)),
                op("delete", "delete" + idPart, "delete", "delete a " + r.kind(), gvk, QueryParameters.DELETE,
                        DELETE_OPTIONS, PRODUCES, deleted()))));
        String watchScoped = r.namespaced() ? base + "/watch/namespaces/{namespace}/" + r.plural()
                : base + "/watch/" + r.plural();
        items.add(new PathItem(watchScoped, collectionParams, List.of(op("get", "watch" + idPart + "List",
                "watchlist", "watch changes to a list of " + r.kind() + "; deprecated, use the watch parameter "
                        + "of the list operation", gvk, QueryParameters.LIST, null, PRODUCES_STREAM, ok(WATCH_EVENT)))));
        items.add(new PathItem(watchScoped + "/{name}", objectParams, List.of(op("get", "watch" + idPart, "watch",
                "watch changes to an object of kind " + r.kind() + "; deprecated, use the watch parameter of the "
                        + "list operation with a fieldSelector on the name", gvk, QueryParameters.LIST, null,
                PRODUCES_STREAM, ok(WATCH_EVENT)))));
        if (r.namespaced()) {
            String all = gv + r.kind();
            items.add(new PathItem(base + "/" + r.plural(), List.of(QueryParameters.PRETTY), List.of(op("get",
                    "list" + all + "ForAllNamespaces", "list", "list or watch objects of kind " + r.kind()
                            + " in all namespaces", gvk, QueryParameters.LIST, null, PRODUCES_STREAM, ok(listDef)))));
            items.add(new PathItem(base + "/watch/" + r.plural(), List.of(QueryParameters.PRETTY), List.of(op("get",
                    "watch" + all + "ListForAllNamespaces", "watchlist", "watch changes to a list of " + r.kind()
                            + " in all namespaces; deprecated", gvk, QueryParameters.LIST, null, PRODUCES_STREAM,
                    ok(WATCH_EVENT)))));
        }
        for (String sub : r.subresources().stream().sorted().toList()) {
            if (sub.equals("proxy")) {
                items.addAll(proxy(object));
                continue;
            }
            List<Operation> ops = subresource(model, sub);
            if (!ops.isEmpty()) {
                items.add(new PathItem(object + "/" + sub, objectParams, ops));
            }
        }
        return items;
    }

    private List<Operation> subresource(TypeModel model, String sub) {
        String suffix = OperationNames.capitalize(sub);
        String body = model.subresourceBody(sub).orElse(kindDef);
        GroupVersionKind bodyKind = model.definition(body).flatMap(d -> d.gvks().stream().findFirst()).orElse(gvk);
        return switch (sub) {
            case "status", "scale" -> List.of(
                    op("get", "read" + idPart + suffix, "get", "read " + sub + " of the specified " + r.kind(),
                            bodyKind, List.of(), null, PRODUCES, ok(body)),
                    op("put", "replace" + idPart + suffix, "put", "replace " + sub + " of the specified " + r.kind(),
                            bodyKind, QueryParameters.REPLACE, body, PRODUCES, replaced(body)),
                    op("patch", "patch" + idPart + suffix, "patch", "partially update " + sub + " of the specified "
                            + r.kind(), bodyKind, QueryParameters.PATCH, PATCH, PRODUCES, replaced(body)));
            case "binding", "eviction", "token" -> List.of(op("post", "create" + idPart + suffix, "post",
                    "create " + sub + " of a " + r.kind(), bodyKind, QueryParameters.CREATE, body, PRODUCES,
                    created(body)));
            case "finalize" -> List.of(op("put", "replace" + idPart + suffix, "put",
                    "replace finalize of the specified " + r.kind(), gvk, QueryParameters.REPLACE, kindDef,
                    PRODUCES, replaced(kindDef)));
            case "log" -> List.of(op("get", "read" + idPart + suffix, "get", "read log of the specified " + r.kind(),
                    gvk, QueryParameters.LOG, null, List.of("text/plain", "application/json", "application/yaml",
                            "application/vnd.kubernetes.protobuf"), ok("")));
            case "exec", "attach", "portforward" -> connect(sub, suffix);
            default -> List.of();
        };
    }

    /** The connect operations (GET and POST) of a pod's exec, attach or portforward, as upstream lists them. */
    private List<Operation> connect(String sub, String suffix) {
        String gv = OperationNames.groupVersion(r.group(), r.version());
        String rest = idPart.substring(gv.length());
        GroupVersionKind options = new GroupVersionKind(r.group(), r.version(), switch (sub) {
            case "exec" -> "PodExecOptions";
            case "attach" -> "PodAttachOptions";
            default -> "PodPortForwardOptions";
        });
        List<Parameter> params = QueryParameters.connect(sub);
        List<Operation> ops = new ArrayList<>();
        for (String method : List.of("get", "post")) {
            String m = method.equals("get") ? "Get" : "Post";
            ops.add(new Operation(method, "connect" + gv + m + rest + suffix, "connect",
                    "connect " + method.toUpperCase(java.util.Locale.ROOT) + " requests to " + sub + " of " + r.kind(),
                    tag, options, params, null, ANY, List.of("*/*"), ok("")));
        }
        return ops;
    }

    /**
     * The connect operations of {@code nodes|pods|services/proxy} as upstream lists them: every
     * method, on {@code .../proxy} (the path as a query parameter) and {@code .../proxy/{path}}.
     */
    private List<PathItem> proxy(String object) {
        String gv = OperationNames.groupVersion(r.group(), r.version());
        String rest = idPart.substring(gv.length());
        GroupVersionKind options = new GroupVersionKind(r.group(), r.version(), r.kind() + "ProxyOptions");
        List<Parameter> ids = r.namespaced() ? List.of(QueryParameters.NAME, QueryParameters.NAMESPACE)
                : List.of(QueryParameters.NAME);
        List<PathItem> items = new ArrayList<>();
        for (boolean withPath : new boolean[] {false, true}) {
            List<Parameter> params = new ArrayList<>(ids);
            params.add(withPath ? Parameter.path("path", "The path to send on to the " + r.kind().toLowerCase(
                    java.util.Locale.ROOT) + ".") : Parameter.query("path", "string", "The path to send on to the "
                            + r.kind().toLowerCase(java.util.Locale.ROOT) + "."));
            List<Operation> ops = new ArrayList<>();
            for (String method : List.of("delete", "get", "head", "options", "patch", "post", "put")) {
                String m = Character.toUpperCase(method.charAt(0)) + method.substring(1);
                ops.add(new Operation(method, "connect" + gv + m + rest + "Proxy" + (withPath ? "WithPath" : ""),
                        "connect", "connect " + method.toUpperCase(java.util.Locale.ROOT) + " requests to proxy of "
                                + r.kind(), tag, options, List.of(), null, ANY, ANY, ok("")));
            }
            items.add(new PathItem(object + "/proxy" + (withPath ? "/{path}" : ""), params, ops));
        }
        return items;
    }

    private Operation op(String method, String id, String action, String description, GroupVersionKind kind,
            List<Parameter> params, String body, List<String> produces, Map<String, String> responses) {
        List<String> consumes = "patch".equals(method) ? PATCH_TYPES : ANY;
        return new Operation(method, id, action, description, tag, kind, params, body, consumes, produces, responses);
    }

    private static String nameBeside(String definition, String simpleName) {
        return definition.substring(0, definition.lastIndexOf('.') + 1) + simpleName;
    }

    private static Map<String, String> ok(String def) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("200", def);
        m.put("401", null);
        return m;
    }

    private static Map<String, String> created(String def) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("200", def);
        m.put("201", def);
        m.put("202", def);
        m.put("401", null);
        return m;
    }

    private static Map<String, String> replaced(String def) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("200", def);
        m.put("201", def);
        m.put("401", null);
        return m;
    }

    private Map<String, String> deleted() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("200", kindDef);
        m.put("202", kindDef);
        m.put("401", null);
        return m;
    }
}
