package io.kube4j.scheduler.plugins;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.kube4j.scheduler.framework.Code;
import io.kube4j.scheduler.framework.CycleState;
import io.kube4j.scheduler.framework.Status;
import io.kube4j.scheduler.plugins.volumes.VolumeListers;
import io.kube4j.scheduler.plugins.volumes.VolumeWriter;
import io.kube4j.scheduler.testing.PluginHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static io.kube4j.scheduler.plugins.VolumeFixtures.HOSTNAME;
import static io.kube4j.scheduler.plugins.VolumeFixtures.bound;
import static io.kube4j.scheduler.plugins.VolumeFixtures.claim;
import static io.kube4j.scheduler.plugins.VolumeFixtures.immediateClass;
import static io.kube4j.scheduler.plugins.VolumeFixtures.podWithClaims;
import static io.kube4j.scheduler.plugins.VolumeFixtures.podWithEphemeral;
import static io.kube4j.scheduler.plugins.VolumeFixtures.selector;
import static io.kube4j.scheduler.plugins.VolumeFixtures.volume;
import static io.kube4j.scheduler.plugins.VolumeFixtures.waitingClass;
import static io.kube4j.scheduler.plugins.VolumeFixtures.zonedClass;
import static io.kube4j.scheduler.testing.Fixtures.node;
import static io.kube4j.scheduler.testing.Fixtures.withLabels;
import static org.assertj.core.api.Assertions.assertThat;

class VolumeBindingFilterTest {

    private static final Node NODE_A = withLabels(node("node-a", "cpu", "4").build(), HOSTNAME, "node-a",
            "topology.kubernetes.io/zone", "z1");
    private static final Node NODE_B = withLabels(node("node-b", "cpu", "4").build(), HOSTNAME, "node-b",
            "topology.kubernetes.io/zone", "z2");
    private static final List<StorageClass> CLASSES = List.of(waitingClass("local", "kubernetes.io/no-provisioner"),
            waitingClass("dynamic", "example.com/csi"), immediateClass("fast"), zonedClass("zoned", "z1"));

    record Case(String name, Pod pod, List<PersistentVolumeClaim> claims, List<PersistentVolume> volumes, Node node,
                Code code, List<String> reasons) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Case ok(String name, Pod pod, List<PersistentVolumeClaim> claims, List<PersistentVolume> volumes,
                           Node node) {
        return new Case(name, pod, claims, volumes, node, Code.SUCCESS, List.of());
    }

    private static Case rejected(String name, Pod pod, List<PersistentVolumeClaim> claims,
                                 List<PersistentVolume> volumes, Node node, String... reasons) {
        return new Case(name, pod, claims, volumes, node, Code.UNSCHEDULABLE_AND_UNRESOLVABLE, List.of(reasons));
    }

    static Stream<Case> cases() {
        Pod usesData = podWithClaims("p", "data");
        PersistentVolumeClaim waiting = claim("data", "local", "3Gi").build();
        return Stream.of(
                ok("no claims: skipped", podWithClaims("p"), List.of(), List.of(), NODE_A),
                rejected("missing claim", usesData, List.of(), List.of(), NODE_A,
                        "persistentvolumeclaim \"data\" not found"),
                rejected("claim being deleted", usesData,
                        List.of(claim("data", "local", "1Gi").editMetadata().withDeletionTimestamp("2026-01-01T00:00:00Z")
                                .endMetadata().build()), List.of(), NODE_A,
                        "persistentvolumeclaim \"data\" is being deleted"),
                rejected("unbound immediate class", usesData, List.of(claim("data", "fast", "1Gi").build()),
                        List.of(), NODE_A, VolumeBinding.ERR_UNBOUND_IMMEDIATE),
                rejected("unbound without class binds immediately", usesData, List.of(claim("data", null, "1Gi").build()),
                        List.of(), NODE_A, VolumeBinding.ERR_UNBOUND_IMMEDIATE),
                ok("bound volume pinned to this node", usesData, List.of(bound("data", "pv-a")),
                        List.of(volume("pv-a", "local", "1Gi", "node-a").build()), NODE_A),
                rejected("bound volume pinned to another node", usesData, List.of(bound("data", "pv-a")),
                        List.of(volume("pv-a", "local", "1Gi", "node-a").build()), NODE_B, VolumeBinding.ERR_NODE_CONFLICT),
                ok("bound volume without node affinity", usesData, List.of(bound("data", "pv-any")),
                        List.of(volume("pv-any", "local", "1Gi", null).build()), NODE_B),
                rejected("bound to a missing volume", usesData, List.of(bound("data", "gone")), List.of(), NODE_A,
                        VolumeBinding.ERR_PV_NOT_EXIST),
                ok("waiting claim, local volume on this node", usesData, List.of(waiting),
                        List.of(volume("pv-a", "local", "5Gi", "node-a").build()), NODE_A),
                rejected("waiting claim, local volume on another node", usesData, List.of(waiting),
                        List.of(volume("pv-a", "local", "5Gi", "node-a").build()), NODE_B, VolumeBinding.ERR_BIND_CONFLICT),
                rejected("waiting claim, volume too small", usesData, List.of(waiting),
                        List.of(volume("pv-a", "local", "2Gi", "node-a").build()), NODE_A, VolumeBinding.ERR_BIND_CONFLICT),
                rejected("waiting claim, access modes missing", usesData, List.of(waiting),
                        List.of(volume("pv-a", "local", "5Gi", "node-a").editSpec().withAccessModes("ReadOnlyMany")
                                .endSpec().build()), NODE_A, VolumeBinding.ERR_BIND_CONFLICT),
                rejected("waiting claim, other storage class", usesData, List.of(waiting),
                        List.of(volume("pv-a", "other", "5Gi", "node-a").build()), NODE_A, VolumeBinding.ERR_BIND_CONFLICT),
                rejected("waiting claim, volume claimed by another claim", usesData, List.of(waiting),
                        List.of(volume("pv-a", "local", "5Gi", "node-a").editSpec().withNewClaimRef()
                                .withNamespace("default").withName("other").endClaimRef().endSpec().build()),
                        NODE_A, VolumeBinding.ERR_BIND_CONFLICT),
                rejected("waiting claim, volume released", usesData, List.of(waiting),
                        List.of(volume("pv-a", "local", "5Gi", "node-a").withNewStatus().withPhase("Released")
                                .endStatus().build()), NODE_A, VolumeBinding.ERR_BIND_CONFLICT),
                rejected("waiting claim, selector does not match", usesData,
                        List.of(claim("data", "local", "1Gi").editSpec().withSelector(selector("tier", "gold")).endSpec().build()),
                        List.of(volume("pv-a", "local", "5Gi", "node-a").editMetadata().addToLabels("tier", "bronze")
                                .endMetadata().build()), NODE_A, VolumeBinding.ERR_BIND_CONFLICT),
                ok("waiting claim, selector matches", usesData,
                        List.of(claim("data", "local", "1Gi").editSpec().withSelector(selector("tier", "gold")).endSpec().build()),
                        List.of(volume("pv-a", "local", "5Gi", "node-a").editMetadata().addToLabels("tier", "gold")
                                .endMetadata().build()), NODE_A),
                ok("waiting claim pre-bound by the volume's claimRef", usesData, List.of(waiting),
                        List.of(volume("pv-a", "local", "5Gi", "node-a").editSpec().withNewClaimRef()
                                .withNamespace("default").withName("data").endClaimRef().endSpec().build()), NODE_A),
                ok("waiting claim, dynamic provisioning", podWithClaims("p", "dyn"),
                        List.of(claim("dyn", "dynamic", "1Gi").build()), List.of(), NODE_B),
                ok("waiting claim, provisioning allowed in the node's zone", podWithClaims("p", "z"),
                        List.of(claim("z", "zoned", "1Gi").build()), List.of(), NODE_A),
                rejected("waiting claim, provisioning not allowed in the node's zone", podWithClaims("p", "z"),
                        List.of(claim("z", "zoned", "1Gi").build()), List.of(), NODE_B, VolumeBinding.ERR_BIND_CONFLICT),
                rejected("bound conflict and unbound conflict together", podWithClaims("p", "data", "w"),
                        List.of(bound("data", "pv-a"), claim("w", "local", "1Gi").build()),
                        List.of(volume("pv-a", "local", "1Gi", "node-a").build()), NODE_B,
                        VolumeBinding.ERR_NODE_CONFLICT, VolumeBinding.ERR_BIND_CONFLICT),
                ok("ephemeral claim owned by the pod", podWithEphemeral("p", "scratch"),
                        List.of(claim("p-scratch", "dynamic", "1Gi").editMetadata().withOwnerReferences(
                                new OwnerReferenceBuilder().withApiVersion("v1").withKind("Pod").withName("p")
                                        .withUid("p-uid").withController(true).build()).endMetadata().build()),
                        List.of(), NODE_A),
                rejected("ephemeral claim not created yet", podWithEphemeral("p", "scratch"), List.of(), List.of(), NODE_A,
                        "waiting for ephemeral volume controller to create the persistentvolumeclaim \"p-scratch\""),
                rejected("lost claim", usesData, List.of(new io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder(
                                bound("data", "pv-gone")).withNewStatus().withPhase("Lost").endStatus().build()),
                        List.of(), NODE_A,
                        "persistentvolumeclaim \"data\" bound to non-existent persistentvolume \"pv-gone\""),
                rejected("a missing claim is reported before another claim's unknown class", podWithClaims("p", "odd", "data"),
                        List.of(claim("odd", "nope", "1Gi").build()), List.of(), NODE_A,
                        "persistentvolumeclaim \"data\" not found"),
                rejected("ephemeral claim of someone else", podWithEphemeral("p", "scratch"),
                        List.of(claim("p-scratch", "dynamic", "1Gi").build()), List.of(), NODE_A,
                        "PVC default/p-scratch was not created for pod default/p (pod is not owner)"));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void filter(Case c) {
        var plugin = new VolumeBinding(VolumeListers.of(c.claims(), c.volumes(), CLASSES), VolumeWriter.UNSUPPORTED);
        Status s = PluginHarness.filter(plugin, c.pod(), PluginHarness.nodeInfo(c.node()));
        assertThat(s.code()).isEqualTo(c.code());
        assertThat(s.reasons()).isEqualTo(c.reasons());
    }

    @Test
    void podsWithoutClaimsSkipThePlugin() {
        var plugin = new VolumeBinding(VolumeListers.EMPTY, VolumeWriter.UNSUPPORTED);
        assertThat(plugin.preFilter(new CycleState(), podWithClaims("p"), List.of()).status().isSkip()).isTrue();
    }

    @Test
    void aClaimOfAnUnknownClassIsAnError() {
        var plugin = new VolumeBinding(VolumeListers.of(List.of(claim("data", "nope", "1Gi").build()), List.of(),
                CLASSES), VolumeWriter.UNSUPPORTED);
        Status s = plugin.preFilter(new CycleState(), podWithClaims("p", "data"), List.of()).status();
        assertThat(s.code()).isEqualTo(Code.ERROR);
        assertThat(s.message()).contains("\"nope\" not found");
    }
}
