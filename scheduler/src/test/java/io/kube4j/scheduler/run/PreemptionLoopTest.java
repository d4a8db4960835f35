package io.kube4j.scheduler.run;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.kube4j.scheduler.run.RecordingWriter.Call;
import org.junit.jupiter.api.Test;

import static io.kube4j.scheduler.testing.Fixtures.node;
import static io.kube4j.scheduler.testing.Fixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;

/** The scheduling loop carrying out DefaultPreemption's decision through the ClusterWriter. */
class PreemptionLoopTest extends LoopFixture {

    private static Pod withPriority(Pod p, int priority) {
        p.getSpec().setPriority(priority);
        return p;
    }

    @Test
    void victimsAreEvictedAndThePreemptorNominated() throws InterruptedException {
        cache.addOrUpdateNode(node("n1", "cpu", "1", "memory", "4Gi").build());
        Pod low = withPriority(pod("low", "cpu", "1").build(), 1);
        low.getSpec().setNodeName("n1");
        cache.addOrUpdatePod(low);
        submit(withPriority(pod("high", "cpu", "1").build(), 100));
        runOnce();

        assertThat(writer.of("preempt")).containsExactly(new Call("preempt", "default/low", "default/high", "n1"));
        assertThat(writer.of("nominate")).containsExactly(new Call("nominate", "default/high", "n1", ""));
        assertThat(writer.of("bind")).isEmpty();
        assertThat(writer.of("condition")).containsExactly(new Call("condition", "default/high", "Unschedulable",
                "0/1 nodes are available: 1 Insufficient cpu."));
    }

    @Test
    void aStaleNominationIsClearedWhenPreemptionCannotHelp() throws InterruptedException {
        cache.addOrUpdateNode(node("n1", "cpu", "1", "memory", "4Gi").build());
        Pod same = withPriority(pod("same", "cpu", "1").build(), 100);
        same.getSpec().setNodeName("n1");
        cache.addOrUpdatePod(same);
        Pod p = withPriority(pod("p", "cpu", "1").build(), 100);
        p.setStatus(new PodStatusBuilder().withNominatedNodeName("n1").build());
        submit(p);
        runOnce();

        assertThat(writer.of("preempt")).isEmpty();
        assertThat(writer.of("nominate")).containsExactly(new Call("nominate", "default/p", "", ""));
    }
}
