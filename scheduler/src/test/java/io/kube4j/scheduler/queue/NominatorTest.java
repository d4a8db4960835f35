package io.kube4j.scheduler.queue;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.kube4j.scheduler.plugins.PrioritySort;
import io.kube4j.scheduler.testing.FakeClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The queue's nominator: which pending pods hold room on which node, through the queue's own calls. */
class NominatorTest {

    private final SchedulingQueue queue = new SchedulingQueue(new PrioritySort(), List.of(),
            QueueingEvents.of(List.of()), new FakeClock(), BackoffPolicy.DEFAULT,
            SchedulingQueue.DEFAULT_MAX_IN_UNSCHEDULABLE);

    private static Pod pod(String name, String nominatedNode) {
        Pod p = io.kube4j.scheduler.testing.Fixtures.pod(name).build();
        p.setStatus(new PodStatus());
        p.getStatus().setNominatedNodeName(nominatedNode);
        return p;
    }

    private Map<String, List<String>> names() {
        return queue.nominatedPodsByNode().entrySet().stream().collect(java.util.stream.Collectors.toMap(
                Map.Entry::getKey, e -> e.getValue().stream().map(p -> p.getMetadata().getName()).sorted().toList()));
    }

    @Test
    void indexesNominatedPodsByNodeAndFollowsUpdatesAndDeletes() {
        queue.add(pod("plain", null));
        assertThat(queue.nominatedPodsByNode()).isEmpty();

        queue.add(pod("a", "n1"));
        queue.add(pod("b", "n1"));
        queue.add(pod("c", "n2"));
        assertThat(names()).isEqualTo(Map.of("n1", List.of("a", "b"), "n2", List.of("c")));

        queue.update(pod("b", "n2"));
        queue.update(pod("c", ""));
        assertThat(names()).isEqualTo(Map.of("n1", List.of("a"), "n2", List.of("b")));

        queue.delete(pod("a", "n1"));
        assertThat(names()).isEqualTo(Map.of("n2", List.of("b")));
    }

    @Test
    void aPoppedPodKeepsItsRoomUntilDeletedAndTheViewIsStableBetweenChanges() throws InterruptedException {
        queue.add(pod("a", "n1"));
        Map<String, List<Pod>> before = queue.nominatedPodsByNode();
        assertThat(queue.pop(Duration.ZERO).pod().getMetadata().getName()).isEqualTo("a");
        // In flight (popped, not yet bound): upstream's nominator still counts it.
        assertThat(queue.nominatedPodsByNode()).isSameAs(before).containsOnlyKeys("n1");

        queue.delete(pod("a", "n1"));
        assertThat(queue.nominatedPodsByNode()).isEmpty();
    }
}
