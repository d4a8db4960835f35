package io.kube4j.apiserver.apply;

import io.kube4j.apiserver.errors.ApiException;
import io.kube4j.apiserver.errors.FieldError;
import io.kube4j.apiserver.patch.JsonValues;
import io.kube4j.apiserver.patch.ModelSchema;
import io.kube4j.apiserver.patch.ModelSchema.Shape;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Server-side apply ({@code application/apply-patch+yaml}): merges an applied configuration into
 * the live object and records what the applier now owns in {@code metadata.managedFields}.
 *
 * <ul>
 *   <li>The applier's {@code Apply} entry becomes exactly the set of fields the configuration
 *       sets; fields other managers also own with the same value become shared.</li>
 *   <li>A field the configuration would change that another manager owns is a conflict: 409 with
 *       upstream's message, unless {@code force}, in which case the other managers lose it.</li>
 *   <li>Fields the applier owned before, no longer sends, and nobody else owns are removed from
 *       the object (list elements as a whole).</li>
 *   <li>Lists merge by their list type ({@link io.kube4j.apiserver.patch.PatchMetadata}).</li>
 * </ul>
 * Pure function: the inputs are never mutated; thread-safe. Deciding whether the applied object
 * may create (namespace, name, kind match) and validating the result is the caller's job.
 */
public final class ServerSideApply {

    private ServerSideApply() {
    }

    /**
     * Applies {@code applied} as {@code manager}.
     *
     * @param live       the current object, or null to create
     * @param applied    the applied configuration (decoded from YAML or JSON)
     * @param modelType  the fabric8 class of the object, null if unknown
     * @param manager    the {@code fieldManager} query parameter
     * @param force      the {@code force} query parameter
     * @param apiVersion the group/version of the request, e.g. {@code apps/v1}
     * @param now        the time recorded for changed entries (kept to the second)
     * @return the merged object with {@code metadata.managedFields} updated
     * @throws ApiException.Invalid    no field manager was given (upstream's PatchOptions error)
     * @throws ApiException.BadRequest the configuration carries managedFields or a list-map element
     *                                 without its keys
     * @throws ApiException.Conflict   other managers own fields it would change, and not {@code force}
     */
    public static ObjectNode apply(ObjectNode live, ObjectNode applied, Class<?> modelType, String manager,
                                   boolean force, String apiVersion, Instant now) {
        requireManager(manager);
        JsonNode sentManaged = applied.path("metadata").get("managedFields");
        if (sentManaged != null && !sentManaged.isNull()) {
            throw new ApiException.BadRequest("metadata.managedFields must be nil");
        }
        Shape shape = ModelSchema.of(modelType);
        ObjectNode liveObj = live == null ? JsonNodeFactory.instance.objectNode() : live.deepCopy();
        List<ManagerEntry> entries = ManagerEntry.read(liveObj);
        if (liveObj.get("metadata") instanceof ObjectNode meta) {
            meta.remove("managedFields");
        }
        JsonNode liveStripped = ManagedFields.strip(liveObj);

        ManagedSet appliedSet = FieldSetWalker.of(ManagedFields.strip(applied), shape, false);
        ObjectNode merged = ApplyMerge.mergeObject(liveObj.deepCopy(), applied, shape, FieldPath.ROOT);
        JsonNode mergedStripped = ManagedFields.strip(merged);
        ManagedSet changed = ManagedFields.changedLeaves(appliedSet, liveStripped, mergedStripped, shape);

        ManagerEntry self = new ManagerEntry(manager, ManagerEntry.APPLY, apiVersion, null, "", ManagedSet.EMPTY);
        ManagerEntry previous = null;
        List<ManagerEntry> others = new ArrayList<>();
        List<ApplyConflicts.Conflict> conflicts = new ArrayList<>();
        for (ManagerEntry e : entries) {
            if (e.sameManager(self)) {
                previous = e;
                continue;
            }
            ManagedSet clash = e.fields().intersect(changed);
            clash.paths().forEach(p -> conflicts.add(new ApplyConflicts.Conflict(e, p)));
            others.add(force ? e.withFields(e.fields().minus(clash)) : e);
        }
        if (!conflicts.isEmpty() && !force) {
            throw ApplyConflicts.error(conflicts);
        }

        ManagedSet othersOwn = others.stream().map(ManagerEntry::fields).reduce(ManagedSet.EMPTY, ManagedSet::union);
        ManagedSet before = previous == null ? ManagedSet.EMPTY : previous.fields();
        removeAbandoned(merged, shape, before.minus(appliedSet).minus(othersOwn), othersOwn.union(appliedSet));

        boolean objectChanged = !JsonValues.equal(liveStripped, ManagedFields.strip(merged));
        boolean setChanged = previous == null || !previous.fields().equals(appliedSet)
                || !java.util.Objects.equals(previous.apiVersion(), apiVersion);
        String time = objectChanged || setChanged ? ManagedFields.seconds(now) : previous.time();
        List<ManagerEntry> out = new ArrayList<>(others);
        out.add(new ManagerEntry(manager, ManagerEntry.APPLY, apiVersion, time, "", appliedSet));
        ManagerEntry.write(merged, out);
        return merged;
    }

    /** Upstream's check that an apply names its manager. */
    public static void requireManager(String manager) {
        if (manager == null || manager.isEmpty()) {
            throw new ApiException.Invalid("PatchOptions", "meta.k8s.io", "",
                    List.of(FieldError.required("fieldManager", "is required for apply patch")));
        }
        if (manager.length() > ManagedFields.MAX_MANAGER_LENGTH) {
            throw new ApiException.Invalid("PatchOptions", "meta.k8s.io", "",
                    List.of(FieldError.tooLong("fieldManager", manager, ManagedFields.MAX_MANAGER_LENGTH)));
        }
    }

    /**
     * Removes fields the applier gave up, deepest first, except where another manager still owns
     * something below; then removes maps and lists that the removal left empty and nobody owns.
     */
    private static void removeAbandoned(ObjectNode obj, Shape shape, ManagedSet abandoned, ManagedSet stillOwned) {
        List<FieldPath> removed = new ArrayList<>();
        Set<FieldPath> parents = new TreeSet<>();
        // Ancestors sort first: a list element goes as a whole before its fields (and its key) would.
        for (FieldPath p : abandoned.paths()) {
            if (stillOwned.hasDescendant(p) || removed.stream().anyMatch(r -> r.isAncestorOf(p))) {
                continue;
            }
            Values.remove(obj, shape, p);
            removed.add(p);
            for (FieldPath up = p.parent(); !up.isRoot(); up = up.parent()) {
                parents.add(up);
            }
        }
        // Maps and lists the removal emptied go too, unless somebody owns them; structs stay.
        for (FieldPath up : new TreeSet<>(parents).descendingSet()) {
            if (!stillOwned.contains(up) && !stillOwned.hasDescendant(up)
                    && !(Values.shapeAt(shape, up) instanceof Shape.Struct)
                    && Values.emptyContainer(Values.get(obj, shape, up))) {
                Values.remove(obj, shape, up);
            }
        }
    }
}
