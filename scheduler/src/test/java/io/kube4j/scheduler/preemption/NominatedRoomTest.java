package io.kube4j.scheduler.preemption;

import io.fabric8.kubernetes.api.model.Pod;
import io.kube4j.scheduler.core.FitError;
import io.kube4j.scheduler.core.Profile;
import io.kube4j.scheduler.core.ScheduleOne;
import io.kube4j.scheduler.core.ScheduleResult;
import io.kube4j.scheduler.framework.CycleState;
import io.kube4j.scheduler.framework.Snapshot;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.kube4j.scheduler.preemption.PreemptionFixtures.node;
import static io.kube4j.scheduler.preemption.PreemptionFixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Filter counts the pods nominated to a node that have at least the incoming pod's priority, so
 * the room preemption made for them is not taken by lower-priority pods.
 */
class NominatedRoomTest {

    @ParameterizedTest(name = "incoming priority {0}, nominated priority {1}: fits = {2}")
    @CsvSource({
            "1, 50, false",   // a lower-priority pod may not take the nominated pod's room
            "50, 50, false",  // nor may one of equal priority
            "100, 50, true",  // a higher-priority pod ignores the nomination
            "1, 0, true"})    // a nominated pod of lower priority holds nothing against it
    void nominatedPodsHoldTheirRoom(int incoming, int nominatedPriority, boolean fits) throws FitError {
        Pod top = pod("top", nominatedPriority, 0, null);
        top.getStatus().setNominatedNodeName("n1");
        ScheduleOne algo = new ScheduleOne(Profile.defaults(), new Random(1));
        algo.useNominatedPods(() -> Map.of("n1", List.of(top)));
        Snapshot snapshot = Snapshot.of(List.of(node("n1", "2")), List.of(pod("running", 1000, 0, "n1")));
        Pod p = pod("incoming", incoming, 0, null);
        if (fits) {
            ScheduleResult r = algo.schedulePod(new CycleState(), p, snapshot);
            assertThat(r.suggestedHost()).isEqualTo("n1");
        } else {
            FitError e = catchThrowableOfType(FitError.class, () -> algo.schedulePod(new CycleState(), p, snapshot));
            assertThat(e).isNotNull();
            assertThat(e.getMessage()).isEqualTo("0/1 nodes are available: 1 Insufficient cpu.");
        }
    }
}
