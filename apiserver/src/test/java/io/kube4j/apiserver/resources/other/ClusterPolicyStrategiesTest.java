package io.kube4j.apiserver.resources.other;

import static io.kube4j.apiserver.resources.apps.Fixtures.summary;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetStatus;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClass;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.kube4j.apiserver.errors.FieldError;
import io.kube4j.apiserver.resources.apps.Fixtures;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** PodDisruptionBudget, PriorityClass and StorageClass. */
class ClusterPolicyStrategiesTest {

    private final PodDisruptionBudgetStrategy pdbs = new PodDisruptionBudgetStrategy();
    private final PriorityClassStrategy priorities = new PriorityClassStrategy();
    private final StorageClassStrategy storageClasses = new StorageClassStrategy();

    static PodDisruptionBudget pdb() {
        return Fixtures.read("""
            metadata: {name: web, namespace: default}
            spec:
              minAvailable: 1
              selector: {matchLabels: {app: web}}
            """, PodDisruptionBudget.class);
    }

    @Test
    void pdbRules() {
        assertThat(pdbs.validate(pdb())).isEmpty();
        PodDisruptionBudget both = pdb();
        both.getSpec().setMaxUnavailable(new IntOrString("10%"));
        assertThat(summary(pdbs.validate(both))).containsExactly("spec FieldValueInvalid");
        assertThat(pdbs.validate(both).getFirst().detail()).isEqualTo("minAvailable and maxUnavailable cannot be both set");
        PodDisruptionBudget over = pdb();
        over.getSpec().setMinAvailable(new IntOrString("101%"));
        assertThat(summary(pdbs.validate(over))).containsExactly("spec.minAvailable FieldValueInvalid");
        PodDisruptionBudget negative = pdb();
        negative.getSpec().setMinAvailable(null);
        negative.getSpec().setMaxUnavailable(new IntOrString(-1));
        assertThat(summary(pdbs.validate(negative))).containsExactly("spec.maxUnavailable FieldValueInvalid");
        PodDisruptionBudget policy = pdb();
        policy.getSpec().setUnhealthyPodEvictionPolicy("Sometimes");
        assertThat(summary(pdbs.validate(policy))).containsExactly("spec.unhealthyPodEvictionPolicy FieldValueNotSupported");
        PodDisruptionBudget badSelector = pdb();
        badSelector.getSpec().getSelector().setMatchLabels(Map.of("app", "a b"));
        assertThat(summary(pdbs.validate(badSelector))).containsExactly("spec.selector.matchLabels FieldValueInvalid");
    }

    @Test
    void pdbStatusAndSpecAreKeptApart() {
        PodDisruptionBudget old = pdb();
        PodDisruptionBudget created = pdb();
        created.setStatus(new PodDisruptionBudgetStatus());
        pdbs.prepareForCreate(created);
        assertThat(created.getStatus()).isNull();
        PodDisruptionBudget statusWrite = pdb();
        statusWrite.getSpec().setMinAvailable(new IntOrString(5));
        statusWrite.setStatus(new PodDisruptionBudgetStatus());
        statusWrite.getStatus().setDisruptionsAllowed(-1);
        pdbs.prepareForStatusUpdate(statusWrite, old);
        assertThat(statusWrite.getSpec().getMinAvailable().getIntVal()).isEqualTo(1);
        assertThat(summary(pdbs.validateStatusUpdate(statusWrite, old)))
                .containsExactly("status.disruptionsAllowed FieldValueInvalid");
    }

    static PriorityClass priority(String name, int value) {
        return Fixtures.read("metadata: {name: %s}\nvalue: %d\n".formatted(name, value), PriorityClass.class);
    }

    @Test
    void priorityClassRules() {
        PriorityClass high = priority("high", 1_000_000);
        priorities.applyDefaults(high);
        assertThat(high.getPreemptionPolicy()).isEqualTo("PreemptLowerPriority");
        assertThat(priorities.validate(high)).isEmpty();
        assertThat(summary(priorities.validate(priority("huge", 1_000_000_001)))).containsExactly("value FieldValueForbidden");
        assertThat(priorities.validate(priority("system-node-critical", 2_000_001_000))).isEmpty();
        List<FieldError> reserved = priorities.validate(priority("system-mine", 5));
        assertThat(reserved).extracting(FieldError::message).containsExactly("metadata.name: Forbidden: priority class "
                + "names with 'system-' prefix are reserved for system use only. error: system-mine is not a known "
                + "system priority class");
        assertThat(summary(priorities.validate(priority("system-cluster-critical", 5))))
                .containsExactly("metadata.name FieldValueForbidden");
        PriorityClass never = priority("low", 1);
        never.setPreemptionPolicy("Sometimes");
        assertThat(summary(priorities.validate(never))).containsExactly("preemptionPolicy FieldValueNotSupported");

        PriorityClass changed = priority("high", 5);
        priorities.applyDefaults(changed);
        assertThat(summary(priorities.validateUpdate(changed, high))).containsExactly("value FieldValueForbidden");
        changed.setValue(1_000_000);
        changed.setPreemptionPolicy("Never");
        assertThat(summary(priorities.validateUpdate(changed, high))).containsExactly("preemptionPolicy FieldValueInvalid");
    }

    static StorageClass storageClass() {
        StorageClass sc = Fixtures.read("""
            metadata: {name: fast}
            provisioner: example.com/fast
            parameters: {type: ssd}
            """, StorageClass.class);
        new StorageClassStrategy().applyDefaults(sc);
        return sc;
    }

    @Test
    void storageClassRules() {
        StorageClass sc = storageClass();
        assertThat(sc.getReclaimPolicy()).isEqualTo("Delete");
        assertThat(sc.getVolumeBindingMode()).isEqualTo("Immediate");
        assertThat(storageClasses.validate(sc)).isEmpty();

        StorageClass bad = storageClass();
        bad.setProvisioner("");
        bad.setReclaimPolicy("Recycle");
        bad.setVolumeBindingMode("Later");
        assertThat(summary(storageClasses.validate(bad))).containsExactly("provisioner FieldValueRequired",
                "reclaimPolicy FieldValueNotSupported", "volumeBindingMode FieldValueNotSupported");
        StorageClass slash = storageClass();
        slash.setProvisioner("a/b/c");
        assertThat(summary(storageClasses.validate(slash))).containsExactly("provisioner FieldValueInvalid");

        StorageClass changed = storageClass();
        changed.setParameters(Map.of("type", "hdd"));
        changed.setProvisioner("example.com/slow");
        changed.setReclaimPolicy("Retain");
        changed.setVolumeBindingMode("WaitForFirstConsumer");
        assertThat(summary(storageClasses.validateUpdate(changed, storageClass()))).containsExactly(
                "parameters FieldValueForbidden", "provisioner FieldValueForbidden",
                "reclaimPolicy FieldValueForbidden", "volumeBindingMode FieldValueInvalid");
        StorageClass expand = storageClass();
        expand.setAllowVolumeExpansion(true);
        assertThat(storageClasses.validateUpdate(expand, storageClass())).isEmpty();
    }
}
