package io.kube4j.scheduler.plugins;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.kube4j.scheduler.core.FitError;
import io.kube4j.scheduler.core.Profile;
import io.kube4j.scheduler.core.ScheduleOne;
import io.kube4j.scheduler.core.WeightedScorePlugin;
import io.kube4j.scheduler.framework.CycleState;
import io.kube4j.scheduler.framework.Snapshot;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static io.kube4j.scheduler.plugins.PodAffinityFixtures.labels;
import static io.kube4j.scheduler.plugins.PodAffinityFixtures.labelledPod;
import static io.kube4j.scheduler.plugins.PodAffinityFixtures.matchLabels;
import static io.kube4j.scheduler.plugins.PodAffinityFixtures.term;
import static io.kube4j.scheduler.plugins.PodAffinityFixtures.weighted;
import static io.kube4j.scheduler.plugins.PodAffinityFixtures.withAffinity;
import static io.kube4j.scheduler.plugins.PodAffinityFixtures.withAntiAffinity;
import static io.kube4j.scheduler.testing.Fixtures.node;
import static io.kube4j.scheduler.testing.Fixtures.withLabels;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** InterPodAffinity inside a whole scheduling cycle, next to the default plugins. */
class InterPodAffinityScheduleTest {

    private static final String HOST = "kubernetes.io/hostname";
    private static final String ZONE = "topology.kubernetes.io/zone";

    /** The default profile plus InterPodAffinity with its default weight. */
    static ScheduleOne scheduler() {
        Profile defaults = Profile.defaults();
        Profile.Builder b = Profile.builder(Profile.DEFAULT_SCHEDULER_NAME);
        defaults.plugins().values().forEach(pl -> b.add(pl, defaults.score().stream()
                .filter(w -> w.plugin().name().equals(pl.name())).mapToInt(WeightedScorePlugin::weight).findFirst().orElse(1)));
        b.add(new InterPodAffinity(), InterPodAffinity.DEFAULT_WEIGHT);
        return new ScheduleOne(b.build(), new Random(3));
    }

    static List<Node> nodes() {
        List<Node> nodes = new ArrayList<>();
        String[] zones = {"z1", "z1", "z2"};
        for (int i = 0; i < 3; i++) {
            String name = "n" + i;
            nodes.add(withLabels(node(name, "cpu", "4", "memory", "8Gi").build(), HOST, name, ZONE, zones[i]));
        }
        return nodes;
    }

    static Pod replica(int i) {
        Pod p = labelledPod("web-" + i, "default", null, labels("app", "web"));
        return withAntiAffinity(p, List.of(term(HOST, matchLabels("app", "web"))), List.of());
    }

    @Test
    void requiredAntiAffinitySpreadsReplicasOnePerHostThenFails() throws FitError {
        ScheduleOne algo = scheduler();
        List<Pod> placed = new ArrayList<>();
        Set<String> hosts = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            Pod p = replica(i);
            String host = algo.schedulePod(new CycleState(), p, Snapshot.of(nodes(), placed)).suggestedHost();
            p.getSpec().setNodeName(host);
            placed.add(p);
            hosts.add(host);
        }
        assertThat(hosts).containsExactlyInAnyOrder("n0", "n1", "n2");
        FitError err = catchThrowableOfType(FitError.class,
                () -> algo.schedulePod(new CycleState(), replica(3), Snapshot.of(nodes(), placed)));
        assertThat(err.getMessage()).isEqualTo("0/3 nodes are available: 3 node(s) didn't match pod anti-affinity rules.");
        assertThat(err.diagnosis().unschedulablePlugins()).contains(InterPodAffinity.NAME);
    }

    @Test
    void requiredSelfAffinityStartsAGroupThenKeepsItInOneZone() throws FitError {
        ScheduleOne algo = scheduler();
        List<Pod> placed = new ArrayList<>();
        Set<String> zones = new HashSet<>();
        for (int i = 0; i < 4; i++) {
            Pod p = withAffinity(labelledPod("db-" + i, "default", null, labels("app", "db")),
                    List.of(term(ZONE, matchLabels("app", "db"))), List.of());
            String host = algo.schedulePod(new CycleState(), p, Snapshot.of(nodes(), placed)).suggestedHost();
            p.getSpec().setNodeName(host);
            placed.add(p);
            zones.add(host.equals("n2") ? "z2" : "z1");
        }
        assertThat(zones).hasSize(1);
    }

    @Test
    void preferredAffinityPullsThePodToItsPeer() throws FitError {
        Pod cache = labelledPod("cache", "default", "n2", labels("app", "cache"));
        Pod p = withAffinity(labelledPod("api", "default", null, labels("app", "api")), List.of(),
                List.of(weighted(50, term(HOST, matchLabels("app", "cache")))));
        assertThat(scheduler().schedulePod(new CycleState(), p, Snapshot.of(nodes(), List.of(cache))).suggestedHost())
                .isEqualTo("n2");
        Pod avoider = withAntiAffinity(labelledPod("api2", "default", null, labels("app", "api")), List.of(),
                List.of(weighted(50, term(ZONE, matchLabels("app", "cache")))));
        assertThat(scheduler().schedulePod(new CycleState(), avoider, Snapshot.of(nodes(), List.of(cache))).suggestedHost())
                .isIn("n0", "n1");
    }
}
