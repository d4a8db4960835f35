package io.kube4j.scheduler.plugins;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.kube4j.scheduler.core.FitError;
import io.kube4j.scheduler.core.Profile;
import io.kube4j.scheduler.core.ScheduleOne;
import io.kube4j.scheduler.framework.CycleState;
import io.kube4j.scheduler.framework.Snapshot;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static io.kube4j.scheduler.plugins.SpreadFixtures.exists;
import static io.kube4j.scheduler.plugins.SpreadFixtures.foos;
import static io.kube4j.scheduler.plugins.SpreadFixtures.n;
import static io.kube4j.scheduler.plugins.SpreadFixtures.p;
import static io.kube4j.scheduler.plugins.SpreadFixtures.spread;
import static io.kube4j.scheduler.plugins.SpreadFixtures.tsc;
import static io.kube4j.scheduler.testing.Fixtures.node;
import static io.kube4j.scheduler.testing.Fixtures.withLabels;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** PodTopologySpread inside the default profile: a whole scheduling cycle. */
class PodTopologySpreadScheduleTest {

    private static Node zonedWithRoom(String name, String zone) {
        return withLabels(node(name, "cpu", "4", "memory", "8Gi").build(), "zone", zone, SpreadFixtures.HOST, name);
    }

    @Test
    void theDefaultProfileSendsTheSpreadPodToTheEmptierZone() throws FitError {
        List<Node> nodes = List.of(zonedWithRoom("a", "zone1"), zonedWithRoom("b", "zone1"), zonedWithRoom("x", "zone2"),
                withLabels(node("c", "cpu", "4", "memory", "8Gi").build(), "other", "label"));
        List<Pod> existing = new ArrayList<>(foos("a", 1));
        existing.addAll(foos("b", 1));
        Pod pod = spread(p("p", null, "foo", ""), tsc(1, "zone", SpreadConstraint.DO_NOT_SCHEDULE, exists("foo")).build());
        for (int seed = 0; seed < 5; seed++) {
            var algo = new ScheduleOne(Profile.defaults(), new Random(seed));
            assertThat(algo.schedulePod(new CycleState(), pod, Snapshot.of(nodes, existing)).suggestedHost()).isEqualTo("x");
        }
    }

    @Test
    void whenNoNodeSatisfiesTheConstraintsTheFitErrorCountsBothReasons() {
        List<Node> nodes = List.of(zonedWithRoom("a", "zone1"), zonedWithRoom("x", "zone2"), n("c"));
        List<Pod> existing = new ArrayList<>(foos("a", 1));
        existing.addAll(foos("x", 1));
        Pod pod = spread(p("p", null, "foo", ""),
                tsc(1, "zone", SpreadConstraint.DO_NOT_SCHEDULE, exists("foo")).withMinDomains(3).build());
        var algo = new ScheduleOne(Profile.defaults(), new Random(1));
        FitError err = catchThrowableOfType(FitError.class, () -> algo.schedulePod(new CycleState(), pod, Snapshot.of(nodes, existing)));
        assertThat(err).isNotNull();
        assertThat(err.getMessage()).contains("1 node(s) didn't match pod topology spread constraints (missing required label)")
                .contains("2 node(s) didn't match pod topology spread constraints.");
        assertThat(err.diagnosis().unschedulablePlugins()).contains(PodTopologySpread.NAME);
    }
}
