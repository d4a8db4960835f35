package io.kube4j.controllers.daemonset;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.kube4j.controllers.history.ControllerHistory;
import io.kube4j.controllers.history.TemplateRevisions;
import io.kube4j.controllers.machinery.Api;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A DaemonSet's ControllerRevisions (upstream's constructHistory and cleanupHistory): the current
 * revision is the one holding the template (created, or an older equal one renumbered to be the
 * newest), duplicates of it are deleted, and old revisions no pod uses are truncated to
 * {@code revisionHistoryLimit} (default 10). A hash collision bumps {@code status.collisionCount}.
 * Thread-safe: state lives in the API objects.
 */
final class DaemonSetHistory {

    /** The current revision and the others the DaemonSet owns. */
    record Revisions(ControllerRevision current, List<ControllerRevision> old) {
        String hash() {
            return current.getMetadata().getLabels().get(ControllerHistory.HASH_LABEL);
        }
    }

    private final Api api;
    private final ControllerHistory history;

    DaemonSetHistory(Api api, ControllerHistory history) {
        this.api = api;
        this.history = history;
    }

    Revisions construct(DaemonSet ds) {
        List<ControllerRevision> all = history.claim(ds, ds.getSpec().getSelector());
        long next = ControllerHistory.nextRevision(all);
        Integer collisions = ds.getStatus() == null ? null : ds.getStatus().getCollisionCount();
        ControllerRevision wanted = ControllerHistory.newRevision(ds, TemplateRevisions.dataOf(ds.getSpec().getTemplate()), next,
                collisions, ds.getSpec().getTemplate().getMetadata() == null ? null : ds.getSpec().getTemplate().getMetadata().getLabels());
        List<ControllerRevision> equal = ControllerHistory.equalTo(all, wanted);
        ControllerRevision current;
        if (equal.isEmpty()) {
            var created = history.create(ds, wanted, collisions == null ? 0 : collisions);
            current = created.revision();
            if (created.collisionCount() != (collisions == null ? 0 : collisions)) {
                api.patchStatus(DaemonSet.class, ds.getMetadata().getNamespace(), ds.getMetadata().getName(), Api.PatchKind.MERGE,
                        "{\"status\":{\"collisionCount\":" + created.collisionCount() + "}}");
            }
        } else {
            // Keep the newest equal revision; its duplicates go (upstream's dedupCurHistories).
            ControllerRevision keep = equal.getLast();
            for (ControllerRevision dup : equal) {
                if (dup != keep) {
                    api.delete(ControllerRevision.class, dup.getMetadata().getNamespace(), dup.getMetadata().getName(), Api.Deletion.DEFAULT);
                }
            }
            all = new ArrayList<>(all.stream().filter(r -> r == keep || !equal.contains(r)).toList());
            long max = ControllerHistory.nextRevision(all.stream().filter(r -> r != keep).toList());
            current = keep.getRevision() != null && keep.getRevision() >= max ? keep : history.renumber(keep, max);
        }
        String currentName = current.getMetadata().getName();
        List<ControllerRevision> old = all.stream().filter(r -> !r.getMetadata().getName().equals(currentName)).toList();
        return new Revisions(current, old);
    }

    /** Truncates {@code revisions.old()} to the history limit, keeping any revision a pod still uses. */
    void cleanup(DaemonSet ds, Revisions revisions, List<Pod> pods) {
        int limit = ds.getSpec().getRevisionHistoryLimit() == null ? 10 : ds.getSpec().getRevisionHistoryLimit();
        if (revisions.old().size() <= limit) {
            return;
        }
        Set<String> liveHashes = new HashSet<>();
        liveHashes.add(revisions.hash());
        for (Pod p : pods) {
            if (p.getMetadata().getLabels() != null && p.getMetadata().getLabels().get(ControllerHistory.HASH_LABEL) != null) {
                liveHashes.add(p.getMetadata().getLabels().get(ControllerHistory.HASH_LABEL));
            }
        }
        Set<String> live = new HashSet<>();
        for (ControllerRevision r : revisions.old()) {
            if (liveHashes.contains(r.getMetadata().getLabels() == null ? null : r.getMetadata().getLabels().get(ControllerHistory.HASH_LABEL))) {
                live.add(r.getMetadata().getName());
            }
        }
        history.truncate(revisions.old(), live, limit - live.size());
    }
}
