package io.kube4j.apiserver.http;

import io.kube4j.apiserver.json.KubeJson;
import io.kube4j.apiserver.registry.ResourceType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The discovery documents, built once from the registered resources: legacy {@code /api},
 * {@code /apis}, {@code /apis/GROUP} and per group-version {@code APIResourceList}s, and the
 * aggregated discovery ({@code apidiscovery.k8s.io} v2 and v2beta1) that kubectl asks for first.
 * Immutable after construction; thread-safe.
 */
final class Discovery {

    static final List<String> VERBS = List.of("create", "delete", "deletecollection", "get", "list", "patch",
            "update", "watch");

    /** Namespaces are deleted one by one upstream: their storage has no collection delete. */
    private static final List<String> NAMESPACE_VERBS = VERBS.stream().filter(v -> !v.equals("deletecollection"))
            .toList();

    /** The verbs {@code type} serves on its main resource. */
    static List<String> verbs(ResourceType type) {
        return type.group().isEmpty() && type.kind().equals("Namespace") ? NAMESPACE_VERBS : VERBS;
    }

    private final List<ResourceType> types;
    private final Map<String, List<ResourceType>> byGroupVersion = new LinkedHashMap<>();

    Discovery(List<ResourceType> types) {
        this.types = List.copyOf(types);
        for (ResourceType t : types) {
            byGroupVersion.computeIfAbsent(t.apiVersion(), k -> new ArrayList<>()).add(t);
        }
    }

    ObjectNode apiVersions() {
        ObjectNode n = KubeJson.json().createObjectNode();
        n.put("kind", "APIVersions");
        n.putArray("versions").add("v1");
        ArrayNode addr = n.putArray("serverAddressByClientCIDRs");
        addr.addObject().put("clientCIDR", "0.0.0.0/0").put("serverAddress", "");
        return n;
    }

    ObjectNode groupList() {
        ObjectNode n = KubeJson.json().createObjectNode();
        n.put("kind", "APIGroupList");
        n.put("apiVersion", "v1");
        ArrayNode groups = n.putArray("groups");
        for (String group : groups()) {
            groups.add(group(group));
        }
        return n;
    }

    Optional<ObjectNode> group(String name, boolean withKind) {
        if (!groups().contains(name)) {
            return Optional.empty();
        }
        ObjectNode g = group(name);
        if (withKind) {
            ObjectNode out = KubeJson.json().createObjectNode();
            out.put("kind", "APIGroup");
            out.put("apiVersion", "v1");
            out.setAll(g);
            return Optional.of(out);
        }
        return Optional.of(g);
    }

    private List<String> groups() {
        List<String> out = new ArrayList<>();
        for (ResourceType t : types) {
            if (!t.group().isEmpty() && !out.contains(t.group())) {
                out.add(t.group());
            }
        }
        return out;
    }

    private ObjectNode group(String name) {
        ObjectNode g = KubeJson.json().createObjectNode();
        g.put("name", name);
        ArrayNode versions = g.putArray("versions");
        String version = types.stream().filter(t -> t.group().equals(name)).findFirst().orElseThrow().version();
        versions.addObject().put("groupVersion", name + "/" + version).put("version", version);
        g.putObject("preferredVersion").put("groupVersion", name + "/" + version).put("version", version);
        return g;
    }

    /** The APIResourceList of {@code v1} or {@code apps/v1}. */
    Optional<ObjectNode> resourceList(String groupVersion) {
        List<ResourceType> list = byGroupVersion.get(groupVersion);
        if (list == null) {
            return Optional.empty();
        }
        ObjectNode n = KubeJson.json().createObjectNode();
        n.put("kind", "APIResourceList");
        n.put("apiVersion", "v1");
        n.put("groupVersion", groupVersion);
        ArrayNode resources = n.putArray("resources");
        for (ResourceType t : list) {
            ObjectNode r = resources.addObject();
            r.put("name", t.plural());
            r.put("singularName", t.singular());
            r.put("namespaced", t.namespaced());
            r.put("kind", t.kind());
            strings(r.putArray("verbs"), verbs(t));
            if (!t.shortNames().isEmpty()) {
                strings(r.putArray("shortNames"), t.shortNames());
            }
            if (!t.categories().isEmpty()) {
                strings(r.putArray("categories"), t.categories());
            }
            for (String sub : t.subresources().stream().sorted().toList()) {
                Sub s = sub(t, sub);
                ObjectNode sr = resources.addObject();
                sr.put("name", t.plural() + "/" + sub);
                sr.put("singularName", "");
                sr.put("namespaced", t.namespaced());
                if (!s.group().equals(t.group()) || !s.version().equals(t.version())) {
                    sr.put("group", s.group());
                    sr.put("version", s.version());
                }
                sr.put("kind", s.kind());
                strings(sr.putArray("verbs"), s.verbs());
            }
        }
        return Optional.of(n);
    }

    /** What a subresource takes and returns. */
    record Sub(String group, String version, String kind, List<String> verbs) {
    }

    static Sub sub(ResourceType t, String name) {
        return switch (name) {
            case "scale" -> new Sub("autoscaling", "v1", "Scale", List.of("get", "patch", "update"));
            case "binding" -> new Sub(t.group(), t.version(), "Binding", List.of("create"));
            case "eviction" -> new Sub("policy", "v1", "Eviction", List.of("create"));
            case "log" -> new Sub(t.group(), t.version(), t.kind(), List.of("get"));
            case "exec" -> new Sub(t.group(), t.version(), "PodExecOptions", List.of("create", "get"));
            case "attach" -> new Sub(t.group(), t.version(), "PodAttachOptions", List.of("create", "get"));
            case "portforward" -> new Sub(t.group(), t.version(), "PodPortForwardOptions", List.of("create", "get"));
            case "finalize" -> new Sub(t.group(), t.version(), t.kind(), List.of("update"));
            case "token" -> new Sub("authentication.k8s.io", "v1", "TokenRequest", List.of("create"));
            case "proxy" -> new Sub(t.group(), t.version(), t.kind() + "ProxyOptions",
                    List.of("create", "delete", "get", "patch", "update"));
            default -> new Sub(t.group(), t.version(), t.kind(), List.of("get", "patch", "update"));
        };
    }

    /**
     * The aggregated discovery document for {@code /api} (legacy core) or {@code /apis} (named
     * groups), in {@code apidiscovery.k8s.io/VERSION}.
     */
    ObjectNode aggregated(boolean core, String discoveryVersion) {
        ObjectNode n = KubeJson.json().createObjectNode();
        n.put("kind", "APIGroupDiscoveryList");
        n.put("apiVersion", "apidiscovery.k8s.io/" + discoveryVersion);
        n.putObject("metadata");
        ArrayNode items = n.putArray("items");
        List<String> names = core ? List.of("") : groups();
        for (String group : names) {
            ObjectNode item = items.addObject();
            ObjectNode meta = item.putObject("metadata");
            meta.put("name", group);
            meta.put("creationTimestamp", (String) null);
            ArrayNode versions = item.putArray("versions");
            ObjectNode v = versions.addObject();
            String version = core ? "v1" : types.stream().filter(t -> t.group().equals(group)).findFirst()
                    .orElseThrow().version();
            v.put("version", version);
            ArrayNode resources = v.putArray("resources");
            for (ResourceType t : types) {
                if (!t.group().equals(group)) {
                    continue;
                }
                ObjectNode r = resources.addObject();
                r.put("resource", t.plural());
                r.putObject("responseKind").put("group", t.group()).put("version", t.version()).put("kind", t.kind());
                r.put("scope", t.namespaced() ? "Namespaced" : "Cluster");
                r.put("singularResource", t.singular());
                strings(r.putArray("verbs"), verbs(t));
                if (!t.shortNames().isEmpty()) {
                    strings(r.putArray("shortNames"), t.shortNames());
                }
                if (!t.categories().isEmpty()) {
                    strings(r.putArray("categories"), t.categories());
                }
                if (!t.subresources().isEmpty()) {
                    ArrayNode subs = r.putArray("subresources");
                    for (String sub : t.subresources().stream().sorted().toList()) {
                        Sub s = sub(t, sub);
                        ObjectNode so = subs.addObject();
                        so.put("subresource", sub);
                        so.putObject("responseKind").put("group", s.group()).put("version", s.version())
                                .put("kind", s.kind());
                        strings(so.putArray("verbs"), s.verbs());
                    }
                }
            }
            v.put("freshness", "Current");
        }
        return n;
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }
}
