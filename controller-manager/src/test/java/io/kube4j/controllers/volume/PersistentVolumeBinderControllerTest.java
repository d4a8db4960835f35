package io.kube4j.controllers.volume;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import io.kube4j.controllers.testing.FakeCluster;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PersistentVolumeBinderControllerTest {

    private final FakeCluster fake = new FakeCluster();

    static PersistentVolume pv(String name, String size, String cls, String... modes) {
        return new PersistentVolumeBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec()
                .withCapacity(Map.of("storage", new Quantity(size))).withAccessModes(modes.length == 0 ? List.of("ReadWriteOnce") : List.of(modes))
                .withStorageClassName(cls).withPersistentVolumeReclaimPolicy("Retain").withNewHostPath().withPath("/tmp/" + name).endHostPath()
                .endSpec().withNewStatus().withPhase("Available").endStatus().build();
    }

    static PersistentVolumeClaim pvc(String size, String cls, String... modes) {
        return new PersistentVolumeClaimBuilder().withNewMetadata().withName("c").withNamespace("default").endMetadata().withNewSpec()
                .withAccessModes(modes.length == 0 ? List.of("ReadWriteOnce") : List.of(modes)).withStorageClassName(cls)
                .withNewResources().addToRequests("storage", new Quantity(size)).endResources().endSpec()
                .withNewStatus().withPhase("Pending").endStatus().build();
    }

    static StorageClass sc(String name, String provisioner, String mode, boolean dflt) {
        var b = new StorageClassBuilder().withNewMetadata().withName(name).endMetadata().withProvisioner(provisioner).withVolumeBindingMode(mode);
        if (dflt) {
            b.editMetadata().addToAnnotations("storageclass.kubernetes.io/is-default-class", "true").endMetadata();
        }
        return b.build();
    }

    static <T> T with(T o, UnaryOperator<T> f) {
        return f.apply(o);
    }

    static Stream<Arguments> claims() {
        return Stream.of(
                Arguments.of("smallest that fits", pvc("1500Mi", ""),
                        List.of(pv("big", "5Gi", ""), pv("fit", "2Gi", ""), pv("small", "1Gi", ""), pv("rwx", "2Gi", "", "ReadWriteMany")),
                        List.of(), "fit", null),
                Arguments.of("access modes must be offered", pvc("1Gi", "", "ReadWriteMany"), List.of(pv("rwo", "2Gi", "")), List.of(), null, "FailedBinding"),
                Arguments.of("superset of access modes is fine", pvc("1Gi", "", "ReadWriteOnce"),
                        List.of(pv("both", "2Gi", "", "ReadWriteOnce", "ReadOnlyMany")), List.of(), "both", null),
                Arguments.of("class must match", pvc("1Gi", "fast"), List.of(pv("slow", "2Gi", "slow")),
                        List.of(sc("fast", "example.com/fast", "Immediate", false)), null, "ExternalProvisioning"),
                Arguments.of("class matches", pvc("1Gi", "fast"), List.of(pv("slow", "1Gi", "slow"), pv("quick", "10Gi", "fast")),
                        List.of(sc("fast", "example.com/fast", "Immediate", false)), "quick", null),
                Arguments.of("no volume and no class", pvc("1Gi", ""), List.of(), List.of(), null, "FailedBinding"),
                Arguments.of("volume mode must match", with(pvc("1Gi", ""), c -> { c.getSpec().setVolumeMode("Block"); return c; }),
                        List.of(pv("fs", "2Gi", "")), List.of(), null, "FailedBinding"),
                Arguments.of("selector", with(pvc("1Gi", ""), c -> { c.getSpec().setSelector(new LabelSelectorBuilder().addToMatchLabels("tier", "gold").build()); return c; }),
                        List.of(pv("plain", "1Gi", ""), with(pv("gold", "3Gi", ""), v -> { v.getMetadata().setLabels(Map.of("tier", "gold")); return v; })),
                        List.of(), "gold", null),
                Arguments.of("pre-bound claim", with(pvc("1Gi", ""), c -> { c.getSpec().setVolumeName("named"); return c; }),
                        List.of(pv("small", "1Gi", ""), pv("named", "8Gi", "")), List.of(), "named", null),
                Arguments.of("pre-bound claim to a volume too small", with(pvc("4Gi", ""), c -> { c.getSpec().setVolumeName("named"); return c; }),
                        List.of(pv("named", "1Gi", "")), List.of(), null, "VolumeMismatch"),
                Arguments.of("pre-bound volume", pvc("1Gi", ""),
                        List.of(pv("small", "1Gi", ""), with(pv("reserved", "8Gi", ""), v -> { v.getSpec().setClaimRef(
                                new ObjectReferenceBuilder().withNamespace("default").withName("c").build()); return v; })), List.of(), "reserved", null),
                Arguments.of("volume reserved for another claim", pvc("1Gi", ""),
                        List.of(with(pv("theirs", "8Gi", ""), v -> { v.getSpec().setClaimRef(
                                new ObjectReferenceBuilder().withNamespace("default").withName("other").build()); return v; })), List.of(), null, "FailedBinding"),
                Arguments.of("wait for first consumer", pvc("1Gi", "local"), List.of(pv("l", "1Gi", "local")),
                        List.of(sc("local", "kubernetes.io/no-provisioner", "WaitForFirstConsumer", false)), null, "WaitForFirstConsumer"),
                Arguments.of("no provisioner", pvc("1Gi", "local"), List.of(),
                        List.of(sc("local", "kubernetes.io/no-provisioner", "Immediate", false)), null, "ProvisioningFailed"),
                Arguments.of("default class assigned, then bound", pvc("1Gi", null), List.of(pv("std", "1Gi", "standard")),
                        List.of(sc("standard", "kubernetes.io/no-provisioner", "Immediate", true)), "std", null),
                Arguments.of("no class binds to classless volumes first", pvc("1Gi", null), List.of(pv("none", "1Gi", ""), pv("std", "1Gi", "standard")),
                        List.of(sc("standard", "kubernetes.io/no-provisioner", "Immediate", true)), "none", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("claims")
    void bindsClaims(String name, PersistentVolumeClaim claim, List<PersistentVolume> pvs, List<StorageClass> classes,
            String expected, String event) throws Exception {
        fake.seed(claim);
        pvs.forEach(fake::seed);
        classes.forEach(fake::seed);
        var ctrl = new PersistentVolumeBinderController(fake.context());
        ctrl.sync("claim:default/c");
        ctrl.sync("claim:default/c");
        PersistentVolumeClaim c = fake.stored(PersistentVolumeClaim.class, "default", "c");
        if (expected == null) {
            assertThat(c.getMetadata().getAnnotations()).doesNotContainKey("pv.kubernetes.io/bind-completed");
            assertThat(c.getStatus().getPhase()).isEqualTo("Pending");
            assertThat(fake.stored(PersistentVolume.class)).allSatisfy(v -> assertThat(v.getStatus().getPhase()).isEqualTo("Available"));
        } else {
            PersistentVolume v = fake.stored(PersistentVolume.class, null, expected);
            assertThat(c.getSpec().getVolumeName()).isEqualTo(expected);
            assertThat(c.getMetadata().getAnnotations()).containsEntry("pv.kubernetes.io/bind-completed", "yes");
            boolean claimPreBound = claim.getSpec().getVolumeName() != null;
            assertThat(c.getMetadata().getAnnotations().containsKey("pv.kubernetes.io/bound-by-controller")).isEqualTo(!claimPreBound);
            assertThat(c.getStatus().getPhase()).isEqualTo("Bound");
            assertThat(c.getStatus().getCapacity()).isEqualTo(v.getSpec().getCapacity());
            assertThat(c.getStatus().getAccessModes()).isEqualTo(v.getSpec().getAccessModes());
            assertThat(v.getSpec().getClaimRef().getUid()).isEqualTo(c.getMetadata().getUid());
            assertThat(v.getSpec().getClaimRef().getName()).isEqualTo("c");
            assertThat(v.getStatus().getPhase()).isEqualTo("Bound");
            boolean volumePreBound = pvs.stream().filter(p -> p.getMetadata().getName().equals(expected)).findFirst().orElseThrow().getSpec().getClaimRef() != null;
            assertThat(v.getMetadata().getAnnotations() != null && v.getMetadata().getAnnotations().containsKey("pv.kubernetes.io/bound-by-controller"))
                    .isEqualTo(!volumePreBound);
        }
        if (event != null) {
            assertThat(fake.events().reasons()).contains(event);
        }
        fake.clearActions();
        ctrl.sync("claim:default/c");
        if (expected != null) {
            assertThat(fake.actions()).as("a bound claim's sync writes nothing").isEmpty();
        }
    }

    @Test
    void failedBindingMessageAsUpstream() throws Exception {
        fake.seed(pvc("1Gi", ""));
        new PersistentVolumeBinderController(fake.context()).sync("claim:default/c");
        assertThat(fake.events().all()).singleElement().satisfies(e ->
                assertThat(e.message()).isEqualTo("no persistent volumes available for this claim and no storage class is set"));
    }

    private PersistentVolumeBinderController bound(String policy, Map<String, String> annotations) throws Exception {
        PersistentVolume v = pv("v", "1Gi", "");
        v.getSpec().setPersistentVolumeReclaimPolicy(policy);
        v.getMetadata().setAnnotations(annotations);
        fake.seed(pvc("1Gi", ""), v);
        var ctrl = new PersistentVolumeBinderController(fake.context());
        ctrl.sync("claim:default/c");
        assertThat(fake.stored(PersistentVolume.class, null, "v").getStatus().getPhase()).isEqualTo("Bound");
        fake.remove(fake.stored(PersistentVolumeClaim.class, "default", "c"));
        ctrl.sync("volume:v");
        return ctrl;
    }

    @Test
    void retainedVolumeIsReleasedWhenItsClaimGoes() throws Exception {
        bound("Retain", null);
        PersistentVolume v = fake.stored(PersistentVolume.class, null, "v");
        assertThat(v.getStatus().getPhase()).isEqualTo("Released");
        assertThat(v.getSpec().getClaimRef()).isNotNull();
    }

    @Test
    void deletePolicyDeletesTheVolumeObject() throws Exception {
        bound("Delete", null);
        assertThat(fake.stored(PersistentVolume.class, null, "v")).isNull();
    }

    @Test
    void provisionedVolumeIsLeftToItsProvisioner() throws Exception {
        bound("Delete", Map.of("pv.kubernetes.io/provisioned-by", "example.com/p"));
        assertThat(fake.stored(PersistentVolume.class, null, "v").getStatus().getPhase()).isEqualTo("Released");
    }

    @Test
    void recyclePolicyFails() throws Exception {
        bound("Recycle", null);
        assertThat(fake.stored(PersistentVolume.class, null, "v").getStatus().getPhase()).isEqualTo("Failed");
        assertThat(fake.events().reasons()).contains("VolumeFailedRecycle");
    }

    @Test
    void boundClaimWhoseVolumeIsGoneIsLost() throws Exception {
        fake.seed(pvc("1Gi", ""), pv("v", "1Gi", ""));
        var ctrl = new PersistentVolumeBinderController(fake.context());
        ctrl.sync("claim:default/c");
        fake.remove(fake.stored(PersistentVolume.class, null, "v"));
        ctrl.sync("claim:default/c");
        assertThat(fake.stored(PersistentVolumeClaim.class, "default", "c").getStatus().getPhase()).isEqualTo("Lost");
        assertThat(fake.events().all()).anySatisfy(e -> {
            assertThat(e.reason()).isEqualTo("ClaimLost");
            assertThat(e.message()).isEqualTo("Bound claim has lost its PersistentVolume. Data on the volume is lost!");
        });
    }

    @Test
    void unusedVolumeBecomesAvailableAndAControllerBindingToAClaimBoundElsewhereIsUndone() throws Exception {
        PersistentVolume fresh = pv("fresh", "1Gi", "");
        fresh.setStatus(null);
        PersistentVolumeClaim c = pvc("1Gi", "");
        c.getSpec().setVolumeName("other");
        fake.seed(fresh, c);
        PersistentVolumeClaim stored = fake.stored(PersistentVolumeClaim.class, "default", "c");
        PersistentVolume stale = pv("stale", "1Gi", "");
        stale.getMetadata().setAnnotations(Map.of("pv.kubernetes.io/bound-by-controller", "yes"));
        stale.getSpec().setClaimRef(new ObjectReferenceBuilder().withNamespace("default").withName("c")
                .withUid(stored.getMetadata().getUid()).build());
        stale.getStatus().setPhase("Bound");
        fake.seed(stale);
        var ctrl = new PersistentVolumeBinderController(fake.context());
        ctrl.sync("volume:fresh");
        ctrl.sync("volume:stale");
        assertThat(fake.stored(PersistentVolume.class, null, "fresh").getStatus().getPhase()).isEqualTo("Available");
        PersistentVolume undone = fake.stored(PersistentVolume.class, null, "stale");
        assertThat(undone.getSpec().getClaimRef()).isNull();
        assertThat(undone.getStatus().getPhase()).isEqualTo("Available");
    }
}
