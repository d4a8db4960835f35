package io.kube4j.controllers.replicaset;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetCondition;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kube4j.controllers.machinery.Selectors;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** apps/v1 ReplicaSets for the replica engine: a LabelSelector. Stateless. */
record ReplicaSetKind() implements ReplicaKind<ReplicaSet> {

    @Override
    public Class<ReplicaSet> type() {
        return ReplicaSet.class;
    }

    @Override
    public String kind() {
        return "ReplicaSet";
    }

    @Override
    public Predicate<Map<String, String>> selector(ReplicaSet owner) {
        return Selectors.of(owner.getSpec().getSelector());
    }

    @Override
    public boolean selectorEmpty(ReplicaSet owner) {
        return owner.getSpec().getSelector() == null || Selectors.empty(owner.getSpec().getSelector());
    }

    @Override
    public int replicas(ReplicaSet owner) {
        return owner.getSpec().getReplicas() == null ? 1 : owner.getSpec().getReplicas();
    }

    @Override
    public int minReadySeconds(ReplicaSet owner) {
        return ReplicaStatus.orZero(owner.getSpec().getMinReadySeconds());
    }

    @Override
    public PodTemplateSpec template(ReplicaSet owner) {
        return owner.getSpec().getTemplate();
    }

    @Override
    public ReplicaStatus status(ReplicaSet owner) {
        ReplicaSetStatus s = owner.getStatus() == null ? new ReplicaSetStatus() : owner.getStatus();
        List<ReplicaStatus.Condition> conditions = new ArrayList<>();
        if (s.getConditions() != null) {
            for (ReplicaSetCondition c : s.getConditions()) {
                conditions.add(new ReplicaStatus.Condition(c.getType(), c.getStatus(), c.getReason(), c.getMessage(), c.getLastTransitionTime()));
            }
        }
        return new ReplicaStatus(ReplicaStatus.orZero(s.getReplicas()), ReplicaStatus.orZero(s.getFullyLabeledReplicas()),
                ReplicaStatus.orZero(s.getReadyReplicas()), ReplicaStatus.orZero(s.getAvailableReplicas()),
                s.getObservedGeneration() == null ? 0 : s.getObservedGeneration(), conditions);
    }

    @Override
    public ReplicaSet withStatus(ReplicaSet owner, ReplicaStatus status) {
        ReplicaSet copy = Serialization.clone(owner);
        ReplicaSetStatus s = copy.getStatus() == null ? new ReplicaSetStatus() : copy.getStatus();
        s.setReplicas(status.replicas());
        s.setFullyLabeledReplicas(status.fullyLabeledReplicas());
        s.setReadyReplicas(status.readyReplicas());
        s.setAvailableReplicas(status.availableReplicas());
        s.setObservedGeneration(status.observedGeneration());
        List<ReplicaSetCondition> conditions = new ArrayList<>();
        for (ReplicaStatus.Condition c : status.conditions()) {
            conditions.add(new ReplicaSetCondition(c.lastTransitionTime(), c.message(), c.reason(), c.status(), c.type()));
        }
        s.setConditions(conditions.isEmpty() ? null : conditions);
        copy.setStatus(s);
        return copy;
    }
}
