package io.kube4j.scheduler.run;

import io.fabric8.kubernetes.api.model.Pod;
import io.kube4j.scheduler.framework.NodeInfo;
import io.kube4j.scheduler.framework.Snapshot;
import org.junit.jupiter.api.Test;

import static io.kube4j.scheduler.testing.Fixtures.node;
import static io.kube4j.scheduler.testing.Fixtures.on;
import static io.kube4j.scheduler.testing.Fixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;

/** The incremental snapshot: unchanged nodes are shared, changed ones cloned, old snapshots stay as they were. */
class SchedulerCacheSnapshotTest {

    private final SchedulerCache cache = new SchedulerCache();

    @Test
    void onlyChangedNodesAreClonedAndEarlierSnapshotsDoNotChange() {
        cache.addOrUpdateNode(node("n1", "cpu", "4").build());
        cache.addOrUpdateNode(node("n2", "cpu", "4").build());
        Snapshot first = cache.snapshot();
        assertThat(cache.snapshot()).as("nothing changed").isSameAs(first);

        cache.assume(pod("a", "cpu", "1").build(), "n2");
        Snapshot second = cache.snapshot();

        assertThat(second.get("n1")).as("unchanged node shared").isSameAs(first.get("n1"));
        assertThat(second.get("n2")).isNotSameAs(first.get("n2"));
        assertThat(second.get("n2").requested().milliCpu()).isEqualTo(1000);
        assertThat(first.get("n2").requested().milliCpu()).as("the earlier snapshot is not mutated").isZero();
        assertThat(first.get("n2").pods()).isEmpty();
    }

    @Test
    void confirmingUpdatingAndRemovingPodsKeepsTheCountsRight() {
        cache.addOrUpdateNode(node("n1", "cpu", "4").build());
        Pod a = pod("a", "cpu", "1").build();
        cache.assume(a, "n1");
        cache.addOrUpdatePod(on(pod("a", "cpu", "1").build(), "n1"));
        cache.addOrUpdatePod(on(pod("b", "cpu", "2").build(), "n1"));
        assertThat(cache.snapshot().get("n1").requested().milliCpu()).isEqualTo(3000);
        assertThat(cache.snapshot().get("n1").pods()).hasSize(2);

        cache.removePod(pod("b").build());
        assertThat(cache.snapshot().get("n1").requested().milliCpu()).isEqualTo(1000);
        cache.forget(a);
        assertThat(cache.snapshot().get("n1").requested().milliCpu()).as("a confirmed pod is not forgotten").isEqualTo(1000);
    }

    @Test
    void podsOfAnUnknownNodeCountOnceItAppearsAndNodeUpdatesKeepPods() {
        cache.addOrUpdatePod(on(pod("early", "cpu", "1").build(), "late"));
        assertThat(cache.snapshot().numNodes()).isZero();

        cache.addOrUpdateNode(node("late", "cpu", "4").build());
        NodeInfo before = cache.snapshot().get("late");
        assertThat(before.requested().milliCpu()).isEqualTo(1000);

        cache.addOrUpdateNode(node("late", "cpu", "8").build());
        NodeInfo after = cache.snapshot().get("late");
        assertThat(after.allocatable().milliCpu()).isEqualTo(8000);
        assertThat(after.requested().milliCpu()).as("pods survive a node update").isEqualTo(1000);

        cache.removeNode("late");
        assertThat(cache.snapshot().numNodes()).isZero();
        cache.addOrUpdateNode(node("late", "cpu", "4").build());
        assertThat(cache.snapshot().get("late").pods()).as("pods wait for the node to come back").hasSize(1);
    }
}
