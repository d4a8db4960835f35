package io.kube4j.controllers.replicaset;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.ReplicationControllerCondition;
import io.fabric8.kubernetes.api.model.ReplicationControllerStatus;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kube4j.controllers.machinery.Selectors;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * core/v1 ReplicationControllers for the replica engine: an equality map selector (the apiserver
 * defaults it to the template's labels). Stateless.
 */
record ReplicationControllerKind() implements ReplicaKind<ReplicationController> {

    @Override
    public Class<ReplicationController> type() {
        return ReplicationController.class;
    }

    @Override
    public String kind() {
        return "ReplicationController";
    }

    @Override
    public Predicate<Map<String, String>> selector(ReplicationController owner) {
        return Selectors.ofMap(owner.getSpec().getSelector());
    }

    @Override
    public boolean selectorEmpty(ReplicationController owner) {
        return owner.getSpec().getSelector() == null || owner.getSpec().getSelector().isEmpty();
    }

    @Override
    public int replicas(ReplicationController owner) {
        return owner.getSpec().getReplicas() == null ? 1 : owner.getSpec().getReplicas();
    }

    @Override
    public int minReadySeconds(ReplicationController owner) {
        return ReplicaStatus.orZero(owner.getSpec().getMinReadySeconds());
    }

    @Override
    public PodTemplateSpec template(ReplicationController owner) {
        return owner.getSpec().getTemplate();
    }

    @Override
    public ReplicaStatus status(ReplicationController owner) {
        ReplicationControllerStatus s = owner.getStatus() == null ? new ReplicationControllerStatus() : owner.getStatus();
        List<ReplicaStatus.Condition> conditions = new ArrayList<>();
        if (s.getConditions() != null) {
            for (ReplicationControllerCondition c : s.getConditions()) {
                conditions.add(new ReplicaStatus.Condition(c.getType(), c.getStatus(), c.getReason(), c.getMessage(), c.getLastTransitionTime()));
            }
        }
        return new ReplicaStatus(ReplicaStatus.orZero(s.getReplicas()), ReplicaStatus.orZero(s.getFullyLabeledReplicas()),
                ReplicaStatus.orZero(s.getReadyReplicas()), ReplicaStatus.orZero(s.getAvailableReplicas()),
                s.getObservedGeneration() == null ? 0 : s.getObservedGeneration(), conditions);
    }

    @Override
    public ReplicationController withStatus(ReplicationController owner, ReplicaStatus status) {
        ReplicationController copy = Serialization.clone(owner);
        ReplicationControllerStatus s = copy.getStatus() == null ? new ReplicationControllerStatus() : copy.getStatus();
        s.setReplicas(status.replicas());
        s.setFullyLabeledReplicas(status.fullyLabeledReplicas());
        s.setReadyReplicas(status.readyReplicas());
        s.setAvailableReplicas(status.availableReplicas());
        s.setObservedGeneration(status.observedGeneration());
        List<ReplicationControllerCondition> conditions = new ArrayList<>();
        for (ReplicaStatus.Condition c : status.conditions()) {
            conditions.add(new ReplicationControllerCondition(c.lastTransitionTime(), c.message(), c.reason(), c.status(), c.type()));
        }
        s.setConditions(conditions.isEmpty() ? null : conditions);
        copy.setStatus(s);
        return copy;
    }
}
