package io.kube4j.controllers.replicaset;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.kube4j.controllers.machinery.Pods;
import io.kube4j.controllers.machinery.Selectors;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Upstream's calculateStatus: counts of the claimed active pods (all, carrying every template label,
 * ready, available after minReadySeconds) and the ReplicaFailure condition, added when creating or
 * deleting pods failed and removed after a clean sync. observedGeneration is left as it was; the
 * writer sets it. Stateless.
 */
final class ReplicaStatusCalculator {

    private ReplicaStatusCalculator() {
    }

    static <T extends HasMetadata> ReplicaStatus calculate(ReplicaKind<T> kind, T owner, List<Pod> claimed,
            RuntimeException manageError, Instant now) {
        var template = kind.template(owner);
        Map<String, String> templateLabels = template == null || template.getMetadata() == null ? null : template.getMetadata().getLabels();
        Predicate<Map<String, String>> fullyLabeled = Selectors.ofMap(templateLabels);
        int minReady = kind.minReadySeconds(owner);
        int labeled = 0;
        int ready = 0;
        int available = 0;
        for (Pod p : claimed) {
            if (fullyLabeled.test(p.getMetadata().getLabels())) {
                labeled++;
            }
            if (Pods.ready(p)) {
                ready++;
                if (Pods.available(p, minReady, now)) {
                    available++;
                }
            }
        }
        ReplicaStatus current = kind.status(owner);
        List<ReplicaStatus.Condition> conditions = new ArrayList<>(current.conditions());
        ReplicaStatus.Condition failure = current.condition(ReplicaStatus.REPLICA_FAILURE);
        if (manageError != null && failure == null) {
            int diff = claimed.size() - kind.replicas(owner);
            String reason = diff < 0 ? "FailedCreate" : diff > 0 ? "FailedDelete" : "";
            conditions.add(new ReplicaStatus.Condition(ReplicaStatus.REPLICA_FAILURE, "True", reason,
                    ReplicaManager.message(manageError), DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.SECONDS))));
        } else if (manageError == null && failure != null) {
            conditions.remove(failure);
        }
        return new ReplicaStatus(claimed.size(), labeled, ready, available, current.observedGeneration(), conditions);
    }
}
