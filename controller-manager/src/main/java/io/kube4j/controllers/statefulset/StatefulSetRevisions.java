package io.kube4j.controllers.statefulset;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.kube4j.controllers.history.ControllerHistory;
import io.kube4j.controllers.history.TemplateRevisions;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A StatefulSet's current and update revisions (upstream's getStatefulSetRevisions and
 * truncateHistory): the update revision holds the set's template — the newest revision if equal,
 * an older equal one renumbered as the newest (a rollback), else a new one; the current revision is
 * the one {@code status.currentRevision} names, or the update revision at first. Revisions no pod
 * uses beyond {@code revisionHistoryLimit} (default 10) are deleted. Thread-safe.
 */
final class StatefulSetRevisions {

    /** The current and update revisions, and the collision count that named the update one. */
    record Revisions(ControllerRevision current, ControllerRevision update, int collisionCount) {
        PodTemplateSpec currentTemplate(StatefulSet set) {
            PodTemplateSpec t = TemplateRevisions.templateOf(current.getData());
            return t == null ? set.getSpec().getTemplate() : t;
        }

        PodTemplateSpec updateTemplate(StatefulSet set) {
            PodTemplateSpec t = TemplateRevisions.templateOf(update.getData());
            return t == null ? set.getSpec().getTemplate() : t;
        }
    }

    private final ControllerHistory history;

    StatefulSetRevisions(ControllerHistory history) {
        this.history = history;
    }

    Revisions get(StatefulSet set, List<ControllerRevision> revisions) {
        int collisions = set.getStatus() == null || set.getStatus().getCollisionCount() == null ? 0 : set.getStatus().getCollisionCount();
        ControllerRevision wanted = ControllerHistory.newRevision(set, TemplateRevisions.dataOf(set.getSpec().getTemplate()),
                ControllerHistory.nextRevision(revisions), collisions,
                set.getSpec().getTemplate().getMetadata() == null ? null : set.getSpec().getTemplate().getMetadata().getLabels());
        List<ControllerRevision> equal = ControllerHistory.equalTo(revisions, wanted);
        ControllerRevision update;
        if (!equal.isEmpty() && ControllerHistory.sameData(revisions.getLast(), equal.getLast())) {
            update = revisions.getLast();
        } else if (!equal.isEmpty()) {
            update = history.renumber(equal.getLast(), wanted.getRevision());
        } else {
            var created = history.create(set, wanted, collisions);
            update = created.revision();
            collisions = created.collisionCount();
        }
        String currentName = set.getStatus() == null ? null : set.getStatus().getCurrentRevision();
        ControllerRevision current = revisions.stream().filter(r -> r.getMetadata().getName().equals(currentName)).findFirst().orElse(update);
        return new Revisions(current, update, collisions);
    }

    /** Deletes the oldest revisions no pod, current or update uses, beyond the history limit. */
    void truncate(StatefulSet set, List<ControllerRevision> revisions, List<Pod> pods, Revisions live) {
        Set<String> keep = new HashSet<>();
        keep.add(live.current().getMetadata().getName());
        keep.add(live.update().getMetadata().getName());
        for (Pod p : pods) {
            String r = StatefulPods.revision(p);
            if (r != null) {
                keep.add(r);
            }
        }
        int limit = set.getSpec().getRevisionHistoryLimit() == null ? 10 : set.getSpec().getRevisionHistoryLimit();
        history.truncate(revisions, keep, limit);
    }
}
