package io.kube4j.scheduler.plugins;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorTermBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import io.fabric8.kubernetes.api.model.TopologySelectorLabelRequirementBuilder;
import io.fabric8.kubernetes.api.model.TopologySelectorTermBuilder;

import java.util.List;
import java.util.Map;

/** Claims, volumes, classes and pods for VolumeBinding tests. */
final class VolumeFixtures {

    static final String NS = "default";
    static final String HOSTNAME = "kubernetes.io/hostname";

    private VolumeFixtures() {
    }

    /** A pod in {@link #NS} using the named claims. */
    static Pod podWithClaims(String name, String... claims) {
        PodBuilder b = new PodBuilder().withNewMetadata().withName(name).withNamespace(NS).withUid(name + "-uid")
                .endMetadata().withNewSpec().addNewContainer().withName("c").withImage("busybox").endContainer().endSpec();
        for (String c : claims) {
            b.editSpec().addNewVolume().withName("v-" + c).withNewPersistentVolumeClaim().withClaimName(c)
                    .endPersistentVolumeClaim().endVolume().endSpec();
        }
        return b.build();
    }

    /** A pod with one generic ephemeral volume {@code vol} (its claim is {@code <name>-<vol>}). */
    static Pod podWithEphemeral(String name, String vol) {
        return new PodBuilder(podWithClaims(name)).editSpec().addNewVolume().withName(vol).withNewEphemeral()
                .withNewVolumeClaimTemplate().withNewSpec().withAccessModes("ReadWriteOnce").endSpec()
                .endVolumeClaimTemplate().endEphemeral().endVolume().endSpec().build();
    }

    /** An unbound ReadWriteOnce claim of {@code storageClass} (null: none) requesting {@code size}. */
    static PersistentVolumeClaimBuilder claim(String name, String storageClass, String size) {
        return new PersistentVolumeClaimBuilder().withNewMetadata().withName(name).withNamespace(NS)
                .withUid(name + "-uid").withResourceVersion("1").endMetadata()
                .withNewSpec().withStorageClassName(storageClass).withAccessModes("ReadWriteOnce")
                .withNewResources().withRequests(Map.of("storage", new Quantity(size))).endResources().endSpec();
    }

    static PersistentVolumeClaim bound(String name, String volume) {
        return claim(name, "local", "1Gi").editSpec().withVolumeName(volume).endSpec().build();
    }

    /** An available ReadWriteOnce volume of {@code storageClass} and {@code size}, pinned to {@code node} (null: anywhere). */
    static PersistentVolumeBuilder volume(String name, String storageClass, String size, String node) {
        PersistentVolumeBuilder b = new PersistentVolumeBuilder().withNewMetadata().withName(name)
                .withResourceVersion("1").endMetadata()
                .withNewSpec().withStorageClassName(storageClass).withAccessModes("ReadWriteOnce")
                .withCapacity(Map.of("storage", new Quantity(size))).withNewLocal().withPath("/mnt/" + name).endLocal()
                .endSpec();
        if (node != null) {
            b.editSpec().withNewNodeAffinity().withNewRequired().withNodeSelectorTerms(new NodeSelectorTermBuilder()
                    .withMatchExpressions(new NodeSelectorRequirementBuilder().withKey(HOSTNAME).withOperator("In")
                            .withValues(node).build()).build())
                    .endRequired().endNodeAffinity().endSpec();
        }
        return b;
    }

    static StorageClass waitingClass(String name, String provisioner) {
        return new StorageClassBuilder().withNewMetadata().withName(name).endMetadata().withProvisioner(provisioner)
                .withVolumeBindingMode("WaitForFirstConsumer").build();
    }

    static StorageClass immediateClass(String name) {
        return new StorageClassBuilder().withNewMetadata().withName(name).endMetadata()
                .withProvisioner("example.com/fast").withVolumeBindingMode("Immediate").build();
    }

    /** A waiting class that may only provision where {@code zone} label is {@code value}. */
    static StorageClass zonedClass(String name, String value) {
        return new StorageClassBuilder(waitingClass(name, "example.com/zonal")).withAllowedTopologies(
                new TopologySelectorTermBuilder().withMatchLabelExpressions(new TopologySelectorLabelRequirementBuilder()
                        .withKey("topology.kubernetes.io/zone").withValues(List.of(value)).build()).build()).build();
    }

    static io.fabric8.kubernetes.api.model.LabelSelector selector(String key, String value) {
        return new LabelSelectorBuilder().withMatchLabels(Map.of(key, value)).build();
    }
}
