package io.kube4j.controllers.history;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kube4j.controllers.machinery.Api;
import io.kube4j.controllers.machinery.ApiErrors;
import io.kube4j.controllers.machinery.ControllerRefs;
import io.kube4j.controllers.machinery.ObjectCache;
import io.kube4j.controllers.machinery.Selectors;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import tools.jackson.databind.ObjectMapper;

/**
 * The ControllerRevisions of one owner kind (upstream's pkg/controller/history): claiming them by
 * selector, building a new revision named {@code <owner>-<hash>}, creating it with hash-collision
 * handling, renumbering a reused revision, and truncating history to {@code revisionHistoryLimit}.
 * Reads go to the shared cache, writes to {@link Api}; API failures propagate (the caller's sync is
 * retried). Thread-safe: holds no state of its own.
 */
public final class ControllerHistory {

    /** The label carrying a revision's hash on revisions and on the pods made from them. */
    public static final String HASH_LABEL = "controller-revision-hash";

    /** Orders revisions oldest first: by revision number, then by name for ties. */
    public static final Comparator<ControllerRevision> BY_REVISION = Comparator
            .comparing((ControllerRevision r) -> r.getRevision() == null ? 0L : r.getRevision())
            .thenComparing(r -> r.getMetadata().getName());

    private static final ObjectMapper JSON = Serialization.jsonMapper();

    private final Api api;
    private final ObjectCache<ControllerRevision> cache;

    public ControllerHistory(Api api, ObjectCache<ControllerRevision> cache) {
        this.api = api;
        this.cache = cache;
    }

    /** A created (or found equal) revision and the collision count it took to get there. */
    public record Created(ControllerRevision revision, int collisionCount) {
    }

    /**
     * The revisions {@code owner} controls after adopting matching orphans and releasing owned
     * revisions its selector no longer matches, oldest first.
     */
    public List<ControllerRevision> claim(HasMetadata owner, LabelSelector selector) {
        var matches = Selectors.of(selector);
        List<ControllerRevision> claimed = ControllerRefs.claim(api, ControllerRevision.class, owner,
                r -> matches.test(r.getMetadata().getLabels()), cache.list(owner.getMetadata().getNamespace()),
                ControllerRefs.ownerStillCurrent(api, owner));
        List<ControllerRevision> sorted = new ArrayList<>(claimed);
        sorted.sort(BY_REVISION);
        return sorted;
    }

    /**
     * A revision (not yet stored) of {@code owner} holding {@code data}, labelled with the pod
     * template's labels and its hash, controlled by {@code owner}.
     */
    public static ControllerRevision newRevision(HasMetadata owner, Map<String, Object> data, long revision,
            Integer collisionCount, Map<String, String> templateLabels) {
        String hash = hash(data, collisionCount);
        Map<String, String> labels = new HashMap<>(templateLabels == null ? Map.of() : templateLabels);
        labels.put(HASH_LABEL, hash);
        ControllerRevision r = new ControllerRevision();
        r.setApiVersion("apps/v1");
        r.setKind("ControllerRevision");
        r.setMetadata(new ObjectMetaBuilder()
                .withName(revisionName(owner.getMetadata().getName(), hash))
                .withNamespace(owner.getMetadata().getNamespace())
                .withLabels(labels)
                .withOwnerReferences(ControllerRefs.newControllerRef(owner))
                .build());
        r.setData(data);
        r.setRevision(revision);
        return r;
    }

    /** The hash of revision data under {@code collisionCount}. */
    public static String hash(Object data, Integer collisionCount) {
        return RevisionHash.of(JSON.writeValueAsString(data), collisionCount);
    }

    /** {@code <prefix>-<hash>}, the prefix cut so the name stays a valid object name. */
    public static String revisionName(String prefix, String hash) {
        String p = prefix.length() > 223 ? prefix.substring(0, 223) : prefix;
        return p + "-" + hash;
    }

    /** Whether two revisions hold the same data (upstream's EqualRevision, by content). */
    public static boolean sameData(ControllerRevision a, ControllerRevision b) {
        return Objects.equals(JSON.valueToTree(a.getData()), JSON.valueToTree(b.getData()));
    }

    /** The revisions in {@code revisions} whose data equals {@code wanted}'s, in the given order. */
    public static List<ControllerRevision> equalTo(List<ControllerRevision> revisions, ControllerRevision wanted) {
        return revisions.stream().filter(r -> sameData(r, wanted)).toList();
    }

    /** One more than the highest revision number in {@code revisions} (1 when empty). */
    public static long nextRevision(List<ControllerRevision> revisions) {
        return revisions.stream().mapToLong(r -> r.getRevision() == null ? 0L : r.getRevision()).max().orElse(0L) + 1;
    }

    /**
     * Creates {@code revision}; when its name is taken by a revision with other data (a hash
     * collision), bumps the collision count, renames and tries again, as upstream. A taken name
     * holding the same data is returned as is.
     */
    public Created create(HasMetadata owner, ControllerRevision revision, int collisionCount) {
        int count = collisionCount;
        for (int attempt = 0; attempt < 100; attempt++) {
            ControllerRevision candidate = Serialization.clone(revision);
            String hash = hash(candidate.getData(), count);
            candidate.getMetadata().setName(revisionName(owner.getMetadata().getName(), hash));
            candidate.getMetadata().getLabels().put(HASH_LABEL, hash);
            try {
                return new Created(api.create(candidate), count);
            } catch (RuntimeException e) {
                if (!ApiErrors.alreadyExists(e)) {
                    throw e;
                }
                ControllerRevision existing = api.get(ControllerRevision.class, candidate.getMetadata().getNamespace(),
                        candidate.getMetadata().getName());
                if (existing != null && sameData(existing, candidate)) {
                    return new Created(existing, count);
                }
                count++;
            }
        }
        throw new IllegalStateException("no free revision name for " + owner.getMetadata().getName() + " after 100 collisions");
    }

    /** Gives {@code revision} the number {@code newRevision} (reusing an old template as the newest). */
    public ControllerRevision renumber(ControllerRevision revision, long newRevision) {
        if (revision.getRevision() != null && revision.getRevision() == newRevision) {
            return revision;
        }
        ControllerRevision copy = Serialization.clone(revision);
        copy.setRevision(newRevision);
        return api.update(copy);
    }

    /**
     * Deletes the oldest revisions not named in {@code live} until at most {@code limit} non-live
     * revisions remain (upstream's truncateHistory / cleanupHistory).
     */
    public void truncate(List<ControllerRevision> revisions, Set<String> live, int limit) {
        List<ControllerRevision> old = new ArrayList<>(revisions.stream().filter(r -> !live.contains(r.getMetadata().getName())).toList());
        old.sort(BY_REVISION);
        for (int i = 0; i < old.size() - Math.max(0, limit); i++) {
            ControllerRevision r = old.get(i);
            try {
                api.delete(ControllerRevision.class, r.getMetadata().getNamespace(), r.getMetadata().getName(), Api.Deletion.DEFAULT);
            } catch (RuntimeException e) {
                if (!ApiErrors.notFound(e)) {
                    throw e;
                }
            }
        }
    }
}
