package io.kube4j.scheduler.run;

import io.fabric8.kubernetes.api.model.Pod;
import io.kube4j.scheduler.framework.Resources;
import org.junit.jupiter.api.Test;

import static io.kube4j.scheduler.testing.Fixtures.node;
import static io.kube4j.scheduler.testing.Fixtures.on;
import static io.kube4j.scheduler.testing.Fixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SchedulerCacheTest {

    private final SchedulerCache cache = new SchedulerCache();

    private long cpuMillis(String node) {
        Resources r = cache.snapshot().get(node).requested();
        return r.milliCpu();
    }

    @Test
    void assumedAndBoundPodsCountOnTheirNodes() {
        cache.addOrUpdateNode(node("n1", "cpu", "4").build());
        cache.addOrUpdateNode(node("n2", "cpu", "4").build());
        cache.addOrUpdatePod(on(pod("bound", "cpu", "1").build(), "n1"));
        Pod pending = pod("pending", "cpu", "2").build();
        cache.assume(pending, "n2");

        assertThat(cpuMillis("n1")).isEqualTo(1000);
        assertThat(cpuMillis("n2")).isEqualTo(2000);
        assertThat(pending.getSpec().getNodeName()).as("the queued pod is not modified").isNull();
        assertThat(cache.snapshot().nodeInfos()).extracting(n -> n.name()).containsExactly("n1", "n2");
    }

    @Test
    void forgetDropsOnlyAnUnconfirmedAssumption() {
        cache.addOrUpdateNode(node("n1", "cpu", "4").build());
        Pod a = pod("a", "cpu", "1").build();
        Pod b = pod("b", "cpu", "1").build();
        cache.assume(a, "n1");
        cache.assume(b, "n1");
        cache.addOrUpdatePod(on(pod("b", "cpu", "1").build(), "n1"));

        assertThat(cache.isAssumed("default/a")).isTrue();
        assertThat(cache.isAssumed("default/b")).isFalse();
        cache.forget(a);
        cache.forget(b);
        assertThat(cache.contains("default/a")).isFalse();
        assertThat(cache.contains("default/b")).isTrue();
        assertThat(cpuMillis("n1")).isEqualTo(1000);
    }

    @Test
    void assumingACachedPodTwiceIsRefused() {
        Pod a = pod("a").build();
        cache.assume(a, "n1");
        assertThatThrownBy(() -> cache.assume(a, "n2")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> cache.addOrUpdatePod(pod("x").build())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void removedPodsAndNodesLeaveTheSnapshot() {
        cache.addOrUpdateNode(node("n1", "cpu", "4").build());
        cache.addOrUpdateNode(node("n2", "cpu", "4").build());
        Pod p = on(pod("p", "cpu", "1").build(), "n1");
        cache.addOrUpdatePod(p);
        cache.removePod(p);
        cache.removeNode("n2");

        assertThat(cpuMillis("n1")).isZero();
        assertThat(cache.nodeCount()).isEqualTo(1);
        assertThat(cache.snapshot().get("n2")).isNull();
    }
}
