package io.kube4j.apiserver.resources.apps;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateStatefulSetStrategy;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetPersistentVolumeClaimRetentionPolicy;
import io.fabric8.kubernetes.api.model.apps.StatefulSetSpec;
import io.fabric8.kubernetes.api.model.apps.StatefulSetUpdateStrategy;
import io.kube4j.apiserver.errors.FieldError;
import io.kube4j.apiserver.registry.ResourceStrategy;
import io.kube4j.apiserver.validation.NameRules;
import java.util.ArrayList;
import java.util.List;

/**
 * apps/v1 StatefulSet, as upstream's statefulset strategy, {@code SetDefaults_StatefulSet} and
 * {@code ValidateStatefulSet*}: OrderedReady, RollingUpdate with partition 0, Retain/Retain claim
 * retention, replicas 1, revisionHistoryLimit 10; only replicas, ordinals, template,
 * updateStrategy, persistentVolumeClaimRetentionPolicy and minReadySeconds may change; status kept
 * apart from spec. Stateless; thread-safe.
 */
public final class StatefulSetStrategy implements ResourceStrategy<StatefulSet> {

    private static final String FORBIDDEN_UPDATE = "updates to statefulset spec for fields other than 'replicas', "
            + "'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and "
            + "'minReadySeconds' are forbidden";

    @Override
    public void prepareForCreate(StatefulSet ss) {
        ss.setStatus(null);
    }

    @Override
    public void prepareForUpdate(StatefulSet ss, StatefulSet old) {
        ss.setStatus(Copies.deepCopy(old.getStatus()));
    }

    @Override
    public void applyDefaults(StatefulSet ss) {
        if (ss.getSpec() == null) {
            ss.setSpec(new StatefulSetSpec());
        }
        StatefulSetSpec s = ss.getSpec();
        if (Checks.str(s.getPodManagementPolicy()).isEmpty()) {
            s.setPodManagementPolicy("OrderedReady");
        }
        if (s.getUpdateStrategy() == null) {
            s.setUpdateStrategy(new StatefulSetUpdateStrategy());
        }
        StatefulSetUpdateStrategy us = s.getUpdateStrategy();
        if (Checks.str(us.getType()).isEmpty()) {
            us.setType("RollingUpdate");
            if (us.getRollingUpdate() == null) {
                us.setRollingUpdate(new RollingUpdateStatefulSetStrategy());
            }
        }
        if (us.getType().equals("RollingUpdate") && us.getRollingUpdate() != null
                && us.getRollingUpdate().getPartition() == null) {
            us.getRollingUpdate().setPartition(0);
        }
        if (s.getPersistentVolumeClaimRetentionPolicy() == null) {
            s.setPersistentVolumeClaimRetentionPolicy(new StatefulSetPersistentVolumeClaimRetentionPolicy());
        }
        StatefulSetPersistentVolumeClaimRetentionPolicy p = s.getPersistentVolumeClaimRetentionPolicy();
        if (Checks.str(p.getWhenDeleted()).isEmpty()) {
            p.setWhenDeleted("Retain");
        }
        if (Checks.str(p.getWhenScaled()).isEmpty()) {
            p.setWhenScaled("Retain");
        }
        if (s.getReplicas() == null) {
            s.setReplicas(1);
        }
        if (s.getRevisionHistoryLimit() == null) {
            s.setRevisionHistoryLimit(10);
        }
        PodTemplateRules.applyDefaults(s.getTemplate());
    }

    @Override
    public List<FieldError> validate(StatefulSet ss) {
        List<FieldError> errs = new ArrayList<>();
        String name = ss.getMetadata() == null ? "" : Checks.str(ss.getMetadata().getName());
        // Pods are named after the set, so its name must be a DNS label; the caller has already
        // reported names that are not even subdomains.
        if (!name.isEmpty() && NameRules.isDns1123Subdomain(name).isEmpty()) {
            NameRules.isDns1123Label(name).forEach(m -> errs.add(FieldError.invalid("metadata.name", name, m)));
        }
        errs.addAll(validateSpec(spec(ss)));
        return errs;
    }

    private static List<FieldError> validateSpec(StatefulSetSpec s) {
        List<FieldError> errs = new ArrayList<>();
        String policy = Checks.str(s.getPodManagementPolicy());
        switch (policy) {
            case "" -> errs.add(FieldError.required("spec.podManagementPolicy", ""));
            case "OrderedReady", "Parallel" -> { }
            default -> errs.add(FieldError.invalid("spec.podManagementPolicy", policy,
                    "must be 'OrderedReady' or 'Parallel'"));
        }
        StatefulSetUpdateRules.updateStrategy(errs, s.getUpdateStrategy());
        StatefulSetUpdateRules.retentionPolicy(errs, s.getPersistentVolumeClaimRetentionPolicy());
        Checks.nonNegative(errs, s.getReplicas(), "spec.replicas");
        Checks.nonNegative(errs, s.getMinReadySeconds(), "spec.minReadySeconds");
        if (s.getOrdinals() != null) {
            Checks.nonNegative(errs, s.getOrdinals().getStart(), "spec.ordinals.start");
        }
        String service = Checks.str(s.getServiceName());
        if (!service.isEmpty()) {
            NameRules.isDns1035Label(service).forEach(m -> errs.add(FieldError.invalid("spec.serviceName", service, m)));
        }
        if (s.getSelector() == null) {
            errs.add(FieldError.required("spec.selector", ""));
        } else {
            Selectors.validate(errs, s.getSelector(), "spec.selector");
            if (Selectors.isEmpty(s.getSelector())) {
                errs.add(FieldError.invalid("spec.selector", Copies.shown(s.getSelector()),
                        "empty selector is invalid for statefulset"));
            }
        }
        if (s.getSelector() != null && !Selectors.convertible(s.getSelector())) {
            errs.add(FieldError.invalid("spec.selector", Copies.shown(s.getSelector()), ""));
        } else if (s.getTemplate() == null) {
            errs.add(FieldError.required("spec.template", ""));
        } else {
            ReplicaTemplates.selectorMatches(errs, s.getSelector(), s.getTemplate(), "spec.template");
            errs.addAll(PodTemplateRules.validate(s.getTemplate(), "spec.template"));
        }
        if (s.getTemplate() != null) {
            ReplicaTemplates.alwaysRestarts(errs, s.getTemplate(), "spec.template", "StatefulSet");
        }
        claimTemplates(errs, s.getVolumeClaimTemplates());
        return errs;
    }

    private static void claimTemplates(List<FieldError> errs, List<PersistentVolumeClaim> claims) {
        if (claims == null) {
            return;
        }
        for (int i = 0; i < claims.size(); i++) {
            PersistentVolumeClaim c = claims.get(i);
            String name = c.getMetadata() == null ? "" : Checks.str(c.getMetadata().getName());
            String path = "spec.volumeClaimTemplates[" + i + "].metadata.name";
            if (name.isEmpty()) {
                errs.add(FieldError.required(path, "name or generateName is required"));
            } else {
                NameRules.isDns1123Subdomain(name).forEach(m -> errs.add(FieldError.invalid(path, name, m)));
            }
        }
    }

    @Override
    public List<FieldError> validateUpdate(StatefulSet ss, StatefulSet old) {
        List<FieldError> errs = validateSpec(spec(ss));
        StatefulSetSpec clone = Copies.deepCopy(spec(ss));
        StatefulSetSpec was = spec(old);
        clone.setReplicas(was.getReplicas());
        clone.setTemplate(was.getTemplate());
        clone.setUpdateStrategy(was.getUpdateStrategy());
        clone.setMinReadySeconds(was.getMinReadySeconds());
        clone.setOrdinals(was.getOrdinals());
        clone.setPersistentVolumeClaimRetentionPolicy(was.getPersistentVolumeClaimRetentionPolicy());
        if (!Copies.semanticEqual(clone, was)) {
            errs.add(FieldError.forbidden("spec", FORBIDDEN_UPDATE));
        }
        return errs;
    }

    @Override
    public void prepareForStatusUpdate(StatefulSet ss, StatefulSet old) {
        ss.setSpec(Copies.deepCopy(old.getSpec()));
        ss.getMetadata().setLabels(Copies.deepCopy(old.getMetadata().getLabels()));
    }

    @Override
    public List<FieldError> validateStatusUpdate(StatefulSet ss, StatefulSet old) {
        return StatefulSetUpdateRules.status(ss.getStatus(), old.getStatus());
    }

    private static StatefulSetSpec spec(StatefulSet ss) {
        return ss.getSpec() == null ? new StatefulSetSpec() : ss.getSpec();
    }
}
