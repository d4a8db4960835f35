package io.kube4j.apiserver.openapi;

import io.kube4j.apiserver.json.KubeJson;
import io.kube4j.apiserver.schema.Definition;
import io.kube4j.apiserver.schema.GroupVersionKind;
import io.kube4j.apiserver.schema.ListSemantics;
import io.kube4j.apiserver.schema.Property;
import io.kube4j.apiserver.schema.TypeRef;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Renders {@link Definition}s and {@link TypeRef}s as JSON schemas in the shape upstream's
 * documents use: a reference with a description is {@code allOf: [{$ref}]} in v3 and a sibling
 * {@code $ref} in v2; IntOrString and Quantity are {@code oneOf} in v3 and strings in v2; list
 * properties carry the {@code x-kubernetes-list-*} and {@code x-kubernetes-patch-*} extensions.
 * Stateless and thread-safe.
 */
final class SchemaRenderer {

    private final Flavor flavor;

    SchemaRenderer(Flavor flavor) {
        this.flavor = flavor;
    }

    /** The schema of a named definition. */
    ObjectNode definition(Definition d) {
        ObjectNode n = KubeJson.json().createObjectNode();
        if (d.description() != null) {
            n.put("description", d.description());
        }
        switch (d.kind()) {
            case STRUCT -> {
                n.put("type", "object");
                if (!d.properties().isEmpty()) {
                    ObjectNode props = n.putObject("properties");
                    for (Property p : d.properties().values()) {
                        props.set(p.name(), property(p));
                    }
                }
                if (!d.required().isEmpty()) {
                    ArrayNode req = n.putArray("required");
                    d.required().forEach(req::add);
                }
            }
            case OPEN_OBJECT -> n.put("type", "object");
            case STRING -> {
                n.put("type", "string");
                if (d.format() != null) {
                    n.put("format", d.format());
                }
            }
            case INT_OR_STRING -> {
                n.put("format", "int-or-string");
                if (flavor == Flavor.V3) {
                    oneOf(n, "integer", "string");
                } else {
                    n.put("type", "string");
                }
                n.put("x-kubernetes-int-or-string", true);
            }
            case QUANTITY -> {
                if (flavor == Flavor.V3) {
                    oneOf(n, "string", "number");
                } else {
                    n.put("type", "string");
                }
            }
        }
        if (!d.gvks().isEmpty()) {
            ArrayNode kinds = n.putArray("x-kubernetes-group-version-kind");
            for (GroupVersionKind k : d.gvks()) {
                kinds.add(gvk(k));
            }
        }
        return n;
    }

    /** {@code {"group":..,"kind":..,"version":..}}. */
    static ObjectNode gvk(GroupVersionKind k) {
        ObjectNode o = KubeJson.json().createObjectNode();
        o.put("group", k.group());
        o.put("kind", k.kind());
        o.put("version", k.version());
        return o;
    }

    /** The schema of a reference to definition {@code name}. */
    ObjectNode ref(String name) {
        ObjectNode n = KubeJson.json().createObjectNode();
        n.put("$ref", flavor.ref(name));
        return n;
    }

    private ObjectNode property(Property p) {
        ObjectNode n;
        if (p.type() instanceof TypeRef.Ref r && p.description() != null) {
            n = KubeJson.json().createObjectNode();
            if (flavor == Flavor.V3) {
                // a $ref's siblings are ignored in 3.0, so the description goes beside an allOf
                n.putArray("allOf").add(ref(r.name()));
            } else {
                n.put("$ref", flavor.ref(r.name()));
            }
        } else {
            n = type(p.type());
        }
        if (p.description() != null) {
            n.put("description", p.description());
        }
        ListSemantics list = p.list();
        if (list != null) {
            if (!list.mapKeys().isEmpty()) {
                ArrayNode keys = n.putArray("x-kubernetes-list-map-keys");
                list.mapKeys().forEach(keys::add);
            }
            if (list.listType() != null) {
                n.put("x-kubernetes-list-type", list.listType());
            }
            if (list.patchMergeKey() != null) {
                n.put("x-kubernetes-patch-merge-key", list.patchMergeKey());
            }
            if (list.patchStrategy() != null) {
                n.put("x-kubernetes-patch-strategy", list.patchStrategy());
            }
        }
        return n;
    }

    private ObjectNode type(TypeRef t) {
        return switch (t) {
            case TypeRef.Ref r -> ref(r.name());
            case TypeRef.Primitive p -> {
                ObjectNode n = KubeJson.json().createObjectNode();
                n.put("type", p.type());
                if (p.format() != null) {
                    n.put("format", p.format());
                }
                yield n;
            }
            case TypeRef.ArrayOf a -> {
                ObjectNode n = KubeJson.json().createObjectNode();
                n.put("type", "array");
                n.set("items", type(a.items()));
                yield n;
            }
            case TypeRef.MapOf m -> {
                ObjectNode n = KubeJson.json().createObjectNode();
                n.put("type", "object");
                n.set("additionalProperties", type(m.values()));
                yield n;
            }
            case TypeRef.FreeForm f -> {
                ObjectNode n = KubeJson.json().createObjectNode();
                n.put("x-kubernetes-preserve-unknown-fields", true);
                yield n;
            }
        };
    }

    private static void oneOf(ObjectNode n, String... types) {
        ArrayNode one = n.putArray("oneOf");
        for (String t : types) {
            one.addObject().put("type", t);
        }
    }
}
