package io.kube4j.apiserver.apply;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * One {@code metadata.managedFields} entry: who ({@code manager}, {@code operation},
 * {@code apiVersion}, {@code subresource}), when, and which fields. Two entries are the same
 * manager when {@link #sameManager} says so: an Apply entry is identified by manager and
 * subresource, an Update entry also by its API version, as upstream keys them. Immutable value.
 *
 * @param time the RFC 3339 time at second precision, or null
 */
public record ManagerEntry(String manager, String operation, String apiVersion, String time, String subresource,
                           ManagedSet fields) {

    public static final String APPLY = "Apply";
    public static final String UPDATE = "Update";

    /** Upstream's order: Apply before Update, then older first, then by manager, version, subresource. */
    static final Comparator<ManagerEntry> ORDER = Comparator.comparing(ManagerEntry::operation)
            .thenComparing(ManagerEntry::instant)
            .thenComparing(ManagerEntry::manager)
            .thenComparing(e -> e.apiVersion == null ? "" : e.apiVersion)
            .thenComparing(e -> e.subresource == null ? "" : e.subresource);

    /** The entry's time; a missing or unreadable one (clients may write managedFields) sorts first. */
    private Instant instant() {
        try {
            return time == null ? Instant.EPOCH : Instant.parse(time);
        } catch (java.time.format.DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }

    public ManagerEntry {
        subresource = subresource == null ? "" : subresource;
    }

    /** Whether {@code other} is the same manager identity (fields and time aside). */
    boolean sameManager(ManagerEntry other) {
        return manager.equals(other.manager) && operation.equals(other.operation)
                && subresource.equals(other.subresource)
                && (operation.equals(APPLY) || java.util.Objects.equals(apiVersion, other.apiVersion));
    }

    ManagerEntry withFields(ManagedSet f) {
        return new ManagerEntry(manager, operation, apiVersion, time, subresource, f);
    }

    ManagerEntry withTime(String t, String version) {
        return new ManagerEntry(manager, operation, version, t, subresource, fields);
    }

    /** How upstream names this manager in conflict messages. */
    String printed() {
        String s = "\"" + manager + "\"";
        if (!subresource.isEmpty()) {
            s += " with subresource \"" + subresource + "\"";
        }
        if (operation.equals(UPDATE)) {
            s += " using " + apiVersion;
        }
        return s;
    }

    /** Reads {@code metadata.managedFields} of an object; entries not in {@code FieldsV1} are skipped. */
    static List<ManagerEntry> read(JsonNode obj) {
        List<ManagerEntry> out = new ArrayList<>();
        JsonNode list = obj == null ? null : obj.path("metadata").get("managedFields");
        if (list == null || !list.isArray()) {
            return out;
        }
        for (JsonNode e : list) {
            if (!e.isObject() || (e.has("fieldsType") && !"FieldsV1".equals(e.get("fieldsType").asString()))) {
                continue;
            }
            out.add(new ManagerEntry(text(e, "manager"), text(e, "operation"), text(e, "apiVersion"),
                    text(e, "time"), text(e, "subresource"), ManagedSet.fromFieldsV1(e.get("fieldsV1"))));
        }
        return out;
    }

    /** Writes entries (empty ones dropped, upstream's order) into {@code obj.metadata.managedFields}. */
    static void write(ObjectNode obj, List<ManagerEntry> entries) {
        ArrayNode list = JsonNodeFactory.instance.arrayNode();
        entries.stream().filter(e -> !e.fields.isEmpty()).sorted(ORDER).forEach(e -> list.add(e.toJson()));
        ObjectNode meta = obj.get("metadata") instanceof ObjectNode m ? m : obj.putObject("metadata");
        if (list.isEmpty()) {
            meta.remove("managedFields");
        } else {
            meta.set("managedFields", list);
        }
    }

    ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("manager", manager);
        o.put("operation", operation);
        if (apiVersion != null) {
            o.put("apiVersion", apiVersion);
        }
        if (time != null) {
            o.put("time", time);
        }
        o.put("fieldsType", "FieldsV1");
        o.set("fieldsV1", fields.toFieldsV1());
        if (!subresource.isEmpty()) {
            o.put("subresource", subresource);
        }
        return o;
    }

    private static String text(JsonNode e, String name) {
        JsonNode v = e.get(name);
        return v == null || v.isNull() ? null : v.asString();
    }
}
