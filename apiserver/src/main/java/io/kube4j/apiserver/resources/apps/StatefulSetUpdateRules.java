package io.kube4j.apiserver.resources.apps;

import io.fabric8.kubernetes.api.model.apps.RollingUpdateStatefulSetStrategy;
import io.fabric8.kubernetes.api.model.apps.StatefulSetPersistentVolumeClaimRetentionPolicy;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.fabric8.kubernetes.api.model.apps.StatefulSetUpdateStrategy;
import io.kube4j.apiserver.errors.FieldError;
import java.util.ArrayList;
import java.util.List;

/** The StatefulSet rules for update strategy, claim retention and status. Stateless. */
final class StatefulSetUpdateRules {

    private StatefulSetUpdateRules() {
    }

    static void updateStrategy(List<FieldError> errs, StatefulSetUpdateStrategy us) {
        String type = us == null ? "" : Checks.str(us.getType());
        switch (type) {
            case "" -> errs.add(FieldError.required("spec.updateStrategy", ""));
            case "OnDelete" -> {
                if (us.getRollingUpdate() != null) {
                    errs.add(FieldError.invalid("spec.updateStrategy.rollingUpdate",
                            Copies.shown(us.getRollingUpdate()), "only allowed for updateStrategy 'RollingUpdate'"));
                }
            }
            case "RollingUpdate" -> {
                RollingUpdateStatefulSetStrategy ru = us.getRollingUpdate();
                if (ru != null) {
                    String path = "spec.updateStrategy.rollingUpdate";
                    Checks.nonNegative(errs, ru.getPartition(), path + ".partition");
                    if (ru.getMaxUnavailable() != null) {
                        Checks.intOrPercent(errs, ru.getMaxUnavailable(), path + ".maxUnavailable");
                        if (Checks.intOrPercentValue(ru.getMaxUnavailable()) == 0) {
                            errs.add(FieldError.invalid(path + ".maxUnavailable",
                                    Copies.shown(ru.getMaxUnavailable()), "cannot be 0"));
                        }
                        Checks.notMoreThan100Percent(errs, ru.getMaxUnavailable(), path + ".maxUnavailable");
                    }
                }
            }
            default -> errs.add(FieldError.invalid("spec.updateStrategy", Copies.shown(us),
                    "must be 'RollingUpdate' or 'OnDelete'"));
        }
    }

    static void retentionPolicy(List<FieldError> errs, StatefulSetPersistentVolumeClaimRetentionPolicy p) {
        if (p == null) {
            return;
        }
        retentionType(errs, p.getWhenDeleted(), "spec.persistentVolumeClaimRetentionPolicy.whenDeleted");
        retentionType(errs, p.getWhenScaled(), "spec.persistentVolumeClaimRetentionPolicy.whenScaled");
    }

    private static void retentionType(List<FieldError> errs, String value, String path) {
        String v = Checks.str(value);
        if (!v.equals("Retain") && !v.equals("Delete")) {
            errs.add(FieldError.notSupported(path, v, List.of("Retain", "Delete")));
        }
    }

    static List<FieldError> status(StatefulSetStatus st, StatefulSetStatus old) {
        List<FieldError> errs = new ArrayList<>();
        StatefulSetStatus s = st == null ? new StatefulSetStatus() : st;
        int replicas = Checks.intOr(s.getReplicas(), 0);
        int ready = Checks.intOr(s.getReadyReplicas(), 0);
        int current = Checks.intOr(s.getCurrentReplicas(), 0);
        int updated = Checks.intOr(s.getUpdatedReplicas(), 0);
        int available = Checks.intOr(s.getAvailableReplicas(), 0);
        Checks.nonNegative(errs, replicas, "status.replicas");
        Checks.nonNegative(errs, ready, "status.readyReplicas");
        Checks.nonNegative(errs, current, "status.currentReplicas");
        Checks.nonNegative(errs, updated, "status.updatedReplicas");
        Checks.nonNegative(errs, available, "status.availableReplicas");
        Checks.nonNegative(errs, s.getObservedGeneration(), "status.observedGeneration");
        Checks.nonNegative(errs, s.getCollisionCount(), "status.collisionCount");
        StatusCounts.notAbove(errs, "status.readyReplicas", ready, replicas, "status.replicas");
        StatusCounts.notAbove(errs, "status.currentReplicas", current, replicas, "status.replicas");
        StatusCounts.notAbove(errs, "status.updatedReplicas", updated, replicas, "status.replicas");
        StatusCounts.notAbove(errs, "status.availableReplicas", available, replicas, "status.replicas");
        StatusCounts.notAbove(errs, "status.availableReplicas", available, ready, "status.readyReplicas");
        StatusCounts.notDecremented(errs, s.getCollisionCount(), old == null ? null : old.getCollisionCount());
        return errs;
    }
}
