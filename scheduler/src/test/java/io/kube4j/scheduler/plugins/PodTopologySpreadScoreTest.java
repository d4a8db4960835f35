package io.kube4j.scheduler.plugins;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.kube4j.scheduler.framework.Snapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static io.kube4j.scheduler.plugins.SpreadFixtures.HOST;
import static io.kube4j.scheduler.plugins.SpreadFixtures.exists;
import static io.kube4j.scheduler.plugins.SpreadFixtures.foos;
import static io.kube4j.scheduler.plugins.SpreadFixtures.n;
import static io.kube4j.scheduler.plugins.SpreadFixtures.p;
import static io.kube4j.scheduler.plugins.SpreadFixtures.scoreAll;
import static io.kube4j.scheduler.plugins.SpreadFixtures.spread;
import static io.kube4j.scheduler.plugins.SpreadFixtures.tsc;
import static io.kube4j.scheduler.plugins.SpreadFixtures.zoned;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Score cases with the numbers upstream's scoring tests document: per node
 * {@code round(sum(count * ln(domains + 2) + maxSkew - 1))}, then reversed onto 0..100.
 * Nodes missing from {@code expected} failed filtering but still hold counted pods.
 */
class PodTopologySpreadScoreTest {

    private static final String ANY = SpreadConstraint.SCHEDULE_ANYWAY;

    record Case(String name, Pod pod, List<Node> nodes, List<Pod> existing, Map<String, Long> expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** expected: alternating node name and score, for the feasible nodes only. */
    private static Case c(String name, Pod pod, List<Node> nodes, List<Pod> existing, Object... expected) {
        return new Case(name, pod, nodes, existing, ordered(expected));
    }

    /** Alternating node name and score, in order. */
    private static Map<String, Long> ordered(Object... kv) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], ((Number) kv[i + 1]).longValue());
        }
        return m;
    }

    private static Pod incoming(TopologySpreadConstraint... cs) {
        return spread(p("p", null, "foo", ""), cs);
    }

    private static List<Node> hosts(String... names) {
        return Stream.of(names).map(x -> n(x, HOST, x)).toList();
    }

    @SafeVarargs
    private static List<Pod> concat(List<Pod>... lists) {
        List<Pod> out = new ArrayList<>();
        for (List<Pod> l : lists) {
            out.addAll(l);
        }
        return out;
    }

    static Stream<Case> cases() {
        TopologySpreadConstraint host1 = tsc(1, HOST, ANY, exists("foo")).build();
        TopologySpreadConstraint zone1 = tsc(1, "zone", ANY, exists("foo")).build();
        List<Pod> spread2103 = concat(foos("a", 2), foos("b", 1), foos("d", 3));
        List<Pod> spread4213 = concat(foos("a", 4), foos("b", 2), foos("x", 1), foos("y", 3));
        Pod otherNs = p("p-ns", "a", "foo", "");
        otherNs.getMetadata().setNamespace("ns1");
        Pod terminating = p("p-term", "a", "foo", "");
        terminating.getMetadata().setDeletionTimestamp("2026-01-01T00:00:00Z");
        Pod selective = incoming(tsc(1, "node", ANY, exists("foo")).build());
        selective.getSpec().setNodeSelector(Map.of("foo", ""));
        Pod selectiveIgnore = incoming(tsc(1, "node", ANY, exists("foo")).withNodeAffinityPolicy("Ignore").build());
        selectiveIgnore.getSpec().setNodeSelector(Map.of("foo", ""));
        List<Node> abcByNode = List.of(n("a", "node", "a", "foo", ""), n("b", "node", "b", "foo", ""), n("c", "node", "c"));
        Pod fooBar = spread(p("p", null, "foo", "", "bar", ""), zone1, tsc(1, HOST, ANY, exists("bar")).build());
        List<Pod> mixed = List.of(p("p-a1", "a", "foo", ""), p("p-b1", "b", "foo", "", "bar", ""),
                p("p-y1", "y", "foo", ""), p("p-y2", "y", "bar", ""));
        return Stream.of(
                c("hostname, no existing pods: all best", incoming(host1), hosts("a", "b"), List.of(), "a", 100, "b", 100),
                c("hostname, spread 2/1/0/3", incoming(host1), hosts("a", "b", "c", "d"), spread2103,
                        "a", 20, "b", 60, "c", 100, "d", 0),
                c("hostname, spread 2/1/0/3, maxSkew 2 waters differences down",
                        incoming(tsc(2, HOST, ANY, exists("foo")).build()), hosts("a", "b", "c", "d"), spread2103,
                        "a", 33, "b", 66, "c", 100, "d", 16),
                c("a null selector counts nothing", incoming(tsc(1, HOST, ANY, null).build()), hosts("a", "b", "c", "d"),
                        spread2103, "a", 100, "b", 100, "c", 100, "d", 100),
                c("hostname, 3 of 4 nodes feasible", incoming(host1), hosts("a", "b", "x", "y"), spread4213,
                        "a", 33, "b", 83, "x", 100),
                c("a feasible node without the key scores 0", incoming(host1),
                        List.of(n("a", HOST, "a"), n("b", "n", "b"), n("x", HOST, "x"), n("y", HOST, "y")), spread4213,
                        "a", 16, "b", 0, "x", 100),
                c("zone, 3 of 4 nodes feasible: infeasible nodes' pods count in their zone", incoming(zone1),
                        List.of(zoned("a", "zone1"), zoned("b", "zone1"), zoned("x", "zone2"), zoned("y", "zone2")), spread4213,
                        "a", 75, "b", 75, "x", 100),
                c("zone and hostname, 2 of 4 feasible", incoming(zone1, host1),
                        List.of(zoned("a", "zone1"), zoned("b", "zone1"), zoned("x", "zone2"), zoned("y", "zone2")),
                        concat(foos("a", 2), foos("b", 1), foos("x", 2), foos("y", 4)), "a", 100, "x", 63),
                c("zone and hostname with different selectors", fooBar,
                        List.of(zoned("a", "zone1"), zoned("b", "zone1"), zoned("x", "zone2"), zoned("y", "zone2")), mixed,
                        "a", 60, "b", 20, "x", 100, "y", 60),
                c("pods in another namespace do not count", incoming(host1), hosts("a", "b"),
                        concat(List.of(otherNs), foos("a", 1), foos("b", 2)), "a", 100, "b", 33),
                c("terminating pods do not count", incoming(host1), hosts("a", "b"),
                        concat(List.of(terminating), foos("b", 1)), "a", 100, "b", 0),
                c("nodeAffinityPolicy Honor: pods on nodes the pod cannot use are not counted", selective, abcByNode,
                        concat(foos("a", 2), foos("b", 1), foos("c", 1)), "a", 0, "b", 33, "c", 100),
                c("nodeAffinityPolicy Ignore: they are", selectiveIgnore, abcByNode,
                        concat(foos("a", 2), foos("b", 1), foos("c", 1)), "a", 66, "b", 100, "c", 100),
                c("minDomains has no effect on scoring", incoming(tsc(2, "node", ANY, exists("foo")).withMinDomains(10).build()),
                        List.of(n("a", "node", "a"), n("b", "node", "b"), n("c", "node", "c")),
                        concat(foos("a", 2), foos("b", 2), foos("c", 1)), "a", 75, "b", 75, "c", 100));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void score(Case c) {
        Map<String, Long> got = scoreAll(new PodTopologySpread(), c.pod(), Snapshot.of(c.nodes(), c.existing()),
                c.expected().keySet());
        assertThat(got).containsExactlyEntriesOf(c.expected());
    }

    @Test
    void systemDefaultsSpreadOwnedPodsByHostnameWhenNodesHaveNoZone() {
        // 4/3/2/1 matching pods on zone-less nodes; the Service selects foo.
        List<Pod> existing = concat(foos("a", 4), foos("b", 3), foos("c", 2), foos("d", 1));
        var plugin = new PodTopologySpread(pod -> List.of(new LabelSelectorBuilder().withMatchLabels(Map.of("foo", "")).build()));
        Map<String, Long> got = scoreAll(plugin, p("p", null, "foo", ""), Snapshot.of(hosts("a", "b", "c", "d"), existing),
                Set.of("a", "b", "c", "d"));
        assertThat(got).containsExactlyEntriesOf(ordered("a", 44, "b", 66, "c", 77, "d", 100));
    }

    @Test
    void systemDefaultsNeedAnOwnerSelector() {
        Snapshot s = Snapshot.of(hosts("a", "b"), foos("a", 3));
        Set<String> all = Set.of("a", "b");
        assertThat(scoreAll(new PodTopologySpread(), p("p", null, "foo", ""), s, all).values()).containsOnly(-1L);
        assertThat(scoreAll(new PodTopologySpread(pod -> List.of(new LabelSelectorBuilder().build())),
                p("p", null, "foo", ""), s, all).values()).as("an empty owner selector").containsOnly(-1L);
        assertThat(scoreAll(new PodTopologySpread(pod -> List.of(exists("foo"))), p("p", null, "foo", ""), s, all).values())
                .as("3 pods on a: 3 * ln(4) + 3 - 1 against 0 + 3 - 1").containsExactly(33L, 100L);
    }

    @Test
    void ownConstraintsReplaceTheDefaults() {
        // A pod with only DoNotSchedule constraints gets no soft spreading, even with owners.
        Pod pod = spread(p("p", null, "foo", ""), tsc(1, "zone", SpreadConstraint.DO_NOT_SCHEDULE, exists("foo")).build());
        var plugin = new PodTopologySpread(x -> List.of(exists("foo")));
        Map<String, Long> got = scoreAll(plugin, pod, Snapshot.of(hosts("a", "b"), foos("a", 3)), Set.of("a", "b"));
        assertThat(got.values()).containsOnly(-1L);
    }

    @Test
    void listDefaultingRequiresAllTopologyKeys() {
        // With explicit defaults a node lacking the zone key is ignored (scores 0), unlike system defaulting.
        TopologySpreadConstraint zone = tsc(1, "zone", ANY, null).build();
        var plugin = new PodTopologySpread(List.of(zone), x -> List.of(exists("foo")));
        Snapshot s = Snapshot.of(List.of(zoned("a", "zone1"), zoned("b", "zone2"), n("c", HOST, "c")), foos("a", 1));
        assertThat(scoreAll(plugin, p("p", null, "foo", ""), s, Set.of("a", "b", "c")))
                .containsExactlyEntriesOf(ordered("a", 0, "b", 100, "c", 0));
    }
}
