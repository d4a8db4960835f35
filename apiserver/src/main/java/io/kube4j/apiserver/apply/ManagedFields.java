package io.kube4j.apiserver.apply;

import io.kube4j.apiserver.patch.JsonValues;
import io.kube4j.apiserver.patch.ModelSchema;
import io.kube4j.apiserver.patch.ModelSchema.Shape;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Field ownership for writes that are not applies (create, update, JSON/merge/strategic patch):
 * the writer's {@code Update} entry gains every field the write added or changed and loses the
 * fields it removed; every other manager loses the fields the write changed or removed, since it no
 * longer decides them. Pure functions: inputs are never mutated; thread-safe.
 *
 * <p>Fields that are not tracked, as upstream: {@code apiVersion}, {@code kind}, and the system
 * fields of {@code metadata} ({@link #UNTRACKED_METADATA}).
 */
public final class ManagedFields {

    /** Metadata fields no manager owns. */
    public static final Set<String> UNTRACKED_METADATA = Set.of("name", "namespace", "creationTimestamp", "selfLink",
            "uid", "clusterName", "generation", "managedFields", "resourceVersion", "deletionTimestamp",
            "deletionGracePeriodSeconds");

    /** Upstream's limit on a manager name. */
    public static final int MAX_MANAGER_LENGTH = 128;

    private ManagedFields() {
    }

    /**
     * The manager name upstream derives when a request names none: the User-Agent up to its first
     * {@code /} ({@code kubectl-edit/v1.31.0 (linux/amd64) kubernetes/abc} gives {@code kubectl-edit}),
     * at most {@value #MAX_MANAGER_LENGTH} characters.
     */
    public static String defaultManager(String userAgent) {
        String ua = userAgent == null ? "" : userAgent;
        int slash = ua.indexOf('/');
        String prefix = slash >= 0 ? ua.substring(0, slash) : ua;
        return prefix.length() > MAX_MANAGER_LENGTH ? prefix.substring(0, MAX_MANAGER_LENGTH) : prefix;
    }

    /** {@code fieldManager} when given, otherwise {@link #defaultManager} of the User-Agent. */
    public static String managerOrUserAgent(String fieldManager, String userAgent) {
        return fieldManager != null && !fieldManager.isEmpty() ? fieldManager : defaultManager(userAgent);
    }

    /**
     * Records a non-apply write by {@code manager} on the main resource.
     *
     * @param oldObj     the object before the write; null on create
     * @param newObj     the object the write produces
     * @param modelType  the fabric8 class of the object, null if unknown
     * @param apiVersion the group/version the request used, e.g. {@code apps/v1}
     * @return a copy of {@code newObj} with {@code metadata.managedFields} updated
     */
    public static ObjectNode recordUpdate(ObjectNode oldObj, ObjectNode newObj, Class<?> modelType, String manager,
                                          String apiVersion, Instant now) {
        return recordUpdate(oldObj, newObj, modelType, manager, apiVersion, "", now);
    }

    /** As {@link #recordUpdate(ObjectNode, ObjectNode, Class, String, String, Instant)}, for a subresource ({@code scale}, {@code status}). */
    public static ObjectNode recordUpdate(ObjectNode oldObj, ObjectNode newObj, Class<?> modelType, String manager,
                                          String apiVersion, String subresource, Instant now) {
        Shape shape = ModelSchema.of(modelType);
        ObjectNode result = newObj.deepCopy();
        // A client that sends managedFields decides them; one that sends none keeps what was there.
        JsonNode sent = newObj.path("metadata").get("managedFields");
        List<ManagerEntry> entries = ManagerEntry.read(sent != null && !sent.isNull() ? newObj : oldObj);
        JsonNode before = strip(oldObj);
        JsonNode after = strip(newObj);
        ManagedSet oldSet = FieldSetWalker.of(before, shape, true);
        ManagedSet newSet = FieldSetWalker.of(after, shape, true);
        ManagedSet added = newSet.minus(oldSet);
        ManagedSet removed = oldSet.minus(newSet);
        ManagedSet modified = changedLeaves(oldSet.intersect(newSet), before, after, shape);

        ManagerEntry self = new ManagerEntry(manager, ManagerEntry.UPDATE, apiVersion, null, subresource, ManagedSet.EMPTY);
        List<ManagerEntry> out = new ArrayList<>();
        ManagerEntry mine = null;
        ManagedSet lost = modified.union(removed);
        for (ManagerEntry e : entries) {
            if (e.sameManager(self)) {
                mine = e;
            } else {
                out.add(e.withFields(e.fields().minus(lost)));
            }
        }
        ManagedSet prior = mine == null ? ManagedSet.EMPTY : mine.fields();
        ManagedSet owned = prior.union(added).union(modified).minus(removed);
        boolean changed = mine == null || !owned.equals(prior) || !JsonValues.equal(before, after);
        String time = changed ? seconds(now) : mine.time();
        out.add(new ManagerEntry(manager, ManagerEntry.UPDATE, apiVersion, time, subresource, owned));
        ManagerEntry.write(result, out);
        return result;
    }

    /** The paths among {@code common} that are leaves whose value differs between the two objects. */
    static ManagedSet changedLeaves(ManagedSet common, JsonNode before, JsonNode after, Shape shape) {
        Set<FieldPath> out = new TreeSet<>();
        for (FieldPath p : common.paths()) {
            if (common.hasDescendant(p)) {
                continue;
            }
            String last = p.elements().isEmpty() ? "" : p.elements().getLast();
            if (last.startsWith("k:") || last.startsWith("v:")) {
                continue;
            }
            if (!JsonValues.equal(Values.get(before, shape, p), Values.get(after, shape, p))) {
                out.add(p);
            }
        }
        return new ManagedSet(out);
    }

    /** A copy of an object without the fields no manager owns; null stays null. */
    static JsonNode strip(JsonNode obj) {
        if (obj == null) {
            return null;
        }
        ObjectNode copy = ((ObjectNode) obj).deepCopy();
        copy.remove("apiVersion");
        copy.remove("kind");
        if (copy.get("metadata") instanceof ObjectNode meta) {
            UNTRACKED_METADATA.forEach(meta::remove);
            if (meta.isEmpty()) {
                copy.remove("metadata");
            }
        }
        return copy;
    }

    /** RFC 3339 at second precision, as upstream stores managedFields times. */
    static String seconds(Instant now) {
        return now.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
