package io.kube4j.scheduler.plugins;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.kube4j.scheduler.framework.ClusterEvent;
import io.kube4j.scheduler.framework.Code;
import io.kube4j.scheduler.framework.CycleState;
import io.kube4j.scheduler.framework.NodeInfo;
import io.kube4j.scheduler.framework.Status;
import io.kube4j.scheduler.plugins.volumes.VolumeListers;
import io.kube4j.scheduler.plugins.volumes.VolumeWriter;
import io.kube4j.scheduler.testing.PluginHarness;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.kube4j.scheduler.plugins.VolumeFixtures.HOSTNAME;
import static io.kube4j.scheduler.plugins.VolumeFixtures.bound;
import static io.kube4j.scheduler.plugins.VolumeFixtures.claim;
import static io.kube4j.scheduler.plugins.VolumeFixtures.podWithClaims;
import static io.kube4j.scheduler.plugins.VolumeFixtures.volume;
import static io.kube4j.scheduler.plugins.VolumeFixtures.waitingClass;
import static io.kube4j.scheduler.testing.Fixtures.node;
import static io.kube4j.scheduler.testing.Fixtures.withLabels;
import static org.assertj.core.api.Assertions.assertThat;

/** Reserve, Unreserve and PreBind of VolumeBinding: which volumes are chosen, assumed and written. */
class VolumeBindingBindTest {

    private static final Node NODE_A = withLabels(node("node-a", "cpu", "4").build(), HOSTNAME, "node-a");
    private static final NodeInfo A = PluginHarness.nodeInfo(NODE_A);

    /** Records the writes PreBind asks for. */
    static final class RecordingVolumeWriter implements VolumeWriter {
        final List<String> writes = new ArrayList<>();
        RuntimeException failure;

        @Override
        public void bind(PersistentVolume volume, PersistentVolumeClaim claim) {
            if (failure != null) {
                throw failure;
            }
            writes.add("bind " + volume.getMetadata().getName() + " " + claim.getMetadata().getName());
        }

        @Override
        public void selectNode(PersistentVolumeClaim claim, String nodeName) {
            writes.add("select " + claim.getMetadata().getName() + " " + nodeName);
        }
    }

    private final RecordingVolumeWriter writer = new RecordingVolumeWriter();
    private final VolumeListers listers = VolumeListers.of(
            List.of(claim("small", "local", "3Gi").build(), claim("other", "local", "3Gi").build(),
                    claim("dyn", "dynamic", "1Gi").build(), bound("done", "pv-bound")),
            List.of(volume("pv-10", "local", "10Gi", "node-a").build(), volume("pv-5", "local", "5Gi", "node-a").build(),
                    volume("pv-bound", "local", "1Gi", "node-a").build()),
            List.of(waitingClass("local", "kubernetes.io/no-provisioner"), waitingClass("dynamic", "example.com/csi")));
    private final VolumeBinding plugin = new VolumeBinding(listers, writer);

    private CycleState filtered(Pod pod) {
        CycleState state = new CycleState();
        assertThat(plugin.preFilter(state, pod, List.of(A)).status().isSuccess()).isTrue();
        assertThat(plugin.filter(state, pod, A).isSuccess()).isTrue();
        return state;
    }

    @Test
    void theSmallestFittingVolumeIsBoundAndProvisioningSelectsTheNode() {
        Pod pod = podWithClaims("p", "small", "dyn");
        CycleState state = filtered(pod);
        assertThat(plugin.reserve(state, pod, "node-a").isSuccess()).isTrue();
        assertThat(plugin.assumedVolumes()).containsExactly("pv-5");
        assertThat(plugin.preBind(state, pod, "node-a").isSuccess()).isTrue();
        assertThat(writer.writes).containsExactly("bind pv-5 small", "select dyn node-a");
        assertThat(plugin.assumedVolumes()).isEmpty();
    }

    @Test
    void anAssumedVolumeIsNotOfferedToAnotherPodUntilUnreserved() {
        Pod first = podWithClaims("p1", "small");
        CycleState s1 = filtered(first);
        plugin.reserve(s1, first, "node-a");

        Pod second = podWithClaims("p2", "other");
        CycleState s2 = filtered(second);
        plugin.reserve(s2, second, "node-a");
        assertThat(plugin.assumedVolumes()).containsExactlyInAnyOrder("pv-5", "pv-10");

        Pod third = podWithClaims("p3", "small");
        CycleState s3 = new CycleState();
        plugin.preFilter(s3, third, List.of(A));
        // Both volumes are assumed: p3's own claim "small" still owns pv-5, so it may take it again.
        assertThat(plugin.filter(s3, third, A).isSuccess()).isTrue();

        plugin.unreserve(s2, second, "node-a");
        assertThat(plugin.assumedVolumes()).containsExactly("pv-5");
    }

    @Test
    void aVolumeTakenByAnotherClaimIsABindConflict() {
        VolumeBinding fresh = new VolumeBinding(VolumeListers.of(
                List.of(claim("a", "local", "1Gi").build(), claim("b", "local", "1Gi").build()),
                List.of(volume("only", "local", "1Gi", "node-a").build()),
                List.of(waitingClass("local", "kubernetes.io/no-provisioner"))), writer);
        Pod pa = podWithClaims("pa", "a");
        CycleState sa = new CycleState();
        fresh.preFilter(sa, pa, List.of(A));
        fresh.filter(sa, pa, A);
        fresh.reserve(sa, pa, "node-a");
        Pod pb = podWithClaims("pb", "b");
        CycleState sb = new CycleState();
        fresh.preFilter(sb, pb, List.of(A));
        Status s = fresh.filter(sb, pb, A);
        assertThat(s.code()).isEqualTo(Code.UNSCHEDULABLE_AND_UNRESOLVABLE);
        assertThat(s.reasons()).containsExactly(VolumeBinding.ERR_BIND_CONFLICT);
    }

    @Test
    void boundClaimsNeedNoWrites() {
        Pod pod = podWithClaims("p", "done");
        CycleState state = filtered(pod);
        assertThat(plugin.reserve(state, pod, "node-a").isSuccess()).isTrue();
        assertThat(plugin.preBind(state, pod, "node-a").isSuccess()).isTrue();
        assertThat(writer.writes).isEmpty();
    }

    @Test
    void aFailedWriteIsAnErrorAndKeepsTheAssumptionForUnreserve() {
        writer.failure = new IllegalStateException("conflict");
        Pod pod = podWithClaims("p", "small");
        CycleState state = filtered(pod);
        plugin.reserve(state, pod, "node-a");
        Status s = plugin.preBind(state, pod, "node-a");
        assertThat(s.code()).isEqualTo(Code.ERROR);
        assertThat(s.message()).contains("conflict");
        assertThat(plugin.assumedVolumes()).containsExactly("pv-5");
        plugin.unreserve(state, pod, "node-a");
        assertThat(plugin.assumedVolumes()).isEmpty();
    }

    @Test
    void claimVolumeAndClassChangesRequeue() {
        assertThat(plugin.eventsToRegister()).contains(
                new ClusterEvent("PersistentVolumeClaim", ClusterEvent.Action.ADD),
                new ClusterEvent("PersistentVolume", ClusterEvent.Action.UPDATE),
                new ClusterEvent("StorageClass", ClusterEvent.Action.ADD), ClusterEvent.NODE_ADD);
    }
}
