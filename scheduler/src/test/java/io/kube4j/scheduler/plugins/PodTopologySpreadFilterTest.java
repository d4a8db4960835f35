package io.kube4j.scheduler.plugins;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.kube4j.scheduler.framework.Code;
import io.kube4j.scheduler.framework.CycleState;
import io.kube4j.scheduler.framework.NodeInfo;
import io.kube4j.scheduler.framework.Snapshot;
import io.kube4j.scheduler.framework.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.kube4j.scheduler.plugins.PodTopologySpread.ERR_REASON_CONSTRAINTS_NOT_MATCH;
import static io.kube4j.scheduler.plugins.PodTopologySpread.ERR_REASON_NODE_LABEL_NOT_MATCH;
import static io.kube4j.scheduler.plugins.SpreadFixtures.HOST;
import static io.kube4j.scheduler.plugins.SpreadFixtures.exists;
import static io.kube4j.scheduler.plugins.SpreadFixtures.filterAll;
import static io.kube4j.scheduler.plugins.SpreadFixtures.foos;
import static io.kube4j.scheduler.plugins.SpreadFixtures.n;
import static io.kube4j.scheduler.plugins.SpreadFixtures.p;
import static io.kube4j.scheduler.plugins.SpreadFixtures.spread;
import static io.kube4j.scheduler.plugins.SpreadFixtures.tsc;
import static io.kube4j.scheduler.plugins.SpreadFixtures.zoned;
import static io.kube4j.scheduler.testing.Fixtures.taint;
import static io.kube4j.scheduler.testing.Fixtures.withTaints;
import static org.assertj.core.api.Assertions.assertThat;

/** Filter cases after upstream's documented behaviour; "pass" lists the nodes that must fit. */
class PodTopologySpreadFilterTest {

    private static final String DNS = SpreadConstraint.DO_NOT_SCHEDULE;

    record Case(String name, Pod pod, List<Node> nodes, List<Pod> existing, List<String> pass,
                Map<String, String> reasons) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** Every node not in {@code pass} fails with the skew reason unless {@code reasons} says otherwise. */
    private static Case c(String name, Pod pod, List<Node> nodes, List<Pod> existing, List<String> pass,
                          String... nodeReasons) {
        Map<String, String> reasons = new LinkedHashMap<>();
        for (int i = 0; i < nodeReasons.length; i += 2) {
            reasons.put(nodeReasons[i], nodeReasons[i + 1]);
        }
        return new Case(name, pod, nodes, existing, pass, reasons);
    }

    private static List<Node> fourNodesTwoZones() {
        return List.of(zoned("a", "zone1"), zoned("b", "zone1"), zoned("x", "zone2"), zoned("y", "zone2"));
    }

    private static Pod incoming(TopologySpreadConstraint... cs) {
        return spread(p("p", null, "foo", ""), cs);
    }

    private static List<Pod> concat(List<Pod>... lists) {
        List<Pod> out = new ArrayList<>();
        for (List<Pod> l : lists) {
            out.addAll(l);
        }
        return out;
    }

    static Stream<Case> cases() {
        TopologySpreadConstraint zone1 = tsc(1, "zone", DNS, exists("foo")).build();
        TopologySpreadConstraint host1 = tsc(1, HOST, DNS, exists("foo")).build();
        Node tainted = withTaints(zoned("z", "zone3"), taint("dedicated", "x", "NoSchedule"));
        Pod selective = incoming(zone1);
        selective.getSpec().setNodeSelector(Map.of("ok", "true"));
        Pod selectiveIgnore = incoming(tsc(1, "zone", DNS, exists("foo")).withNodeAffinityPolicy("Ignore").build());
        selectiveIgnore.getSpec().setNodeSelector(Map.of("ok", "true"));
        List<Node> threeZones = List.of(n("a", "zone", "zone1", "ok", "true"), n("x", "zone", "zone2", "ok", "true"),
                n("z", "zone", "zone3"));
        Pod hashed = spread(p("p", null, "foo", "", "hash", "v2"),
                tsc(1, "zone", DNS, exists("foo")).withMatchLabelKeys("hash").build());
        Pod otherNs = p("p-other", "a", "foo", "");
        otherNs.getMetadata().setNamespace("other");
        Pod terminating = p("p-term", "a", "foo", "");
        terminating.getMetadata().setDeletionTimestamp("2026-01-01T00:00:00Z");
        return Stream.of(
                c("no existing pods: every node fits", incoming(zone1), fourNodesTwoZones(), List.of(), List.of("a", "b", "x", "y")),
                c("zones 2/1: only the smaller zone fits", incoming(zone1), fourNodesTwoZones(),
                        concat(foos("a", 1), foos("b", 1), foos("x", 1)), List.of("x", "y")),
                c("zones 2/1 with maxSkew 2: every node fits", incoming(tsc(2, "zone", DNS, exists("foo")).build()),
                        fourNodesTwoZones(), concat(foos("a", 1), foos("b", 1), foos("x", 1)), List.of("a", "b", "x", "y")),
                c("a pod outside its own selector does not add itself", spread(p("p", null), zone1), fourNodesTwoZones(),
                        concat(foos("a", 1), foos("b", 1), foos("x", 1)), List.of("a", "b", "x", "y")),
                c("a node without the topology key is unresolvable", incoming(zone1),
                        List.of(zoned("a", "zone1"), n("c", HOST, "c")), List.of(), List.of("a"),
                        "c", ERR_REASON_NODE_LABEL_NOT_MATCH),
                c("zone and hostname: both must hold", incoming(zone1, host1), fourNodesTwoZones(),
                        concat(foos("a", 2), foos("x", 1), foos("y", 1)), List.of("b")),
                c("minDomains above the domain count makes the global minimum 0",
                        incoming(tsc(1, "zone", DNS, exists("foo")).withMinDomains(3).build()),
                        List.of(zoned("a", "zone1"), zoned("x", "zone2")), concat(foos("a", 1), foos("x", 1)), List.of()),
                c("minDomains met keeps the real minimum",
                        incoming(tsc(1, "zone", DNS, exists("foo")).withMinDomains(2).build()),
                        List.of(zoned("a", "zone1"), zoned("x", "zone2")), concat(foos("a", 1), foos("x", 1)), List.of("a", "x")),
                c("nodeAffinityPolicy Honor: zones the pod cannot use are not domains", selective, threeZones,
                        concat(foos("a", 1), foos("x", 1)), List.of("a", "x", "z")),
                c("nodeAffinityPolicy Ignore: the empty excluded zone is the minimum", selectiveIgnore, threeZones,
                        concat(foos("a", 1), foos("x", 1)), List.of("z")),
                c("nodeTaintsPolicy Ignore (default): a tainted empty zone is the minimum", incoming(zone1),
                        List.of(zoned("a", "zone1"), zoned("x", "zone2"), tainted), concat(foos("a", 1), foos("x", 1)), List.of("z")),
                c("nodeTaintsPolicy Honor: untolerated tainted nodes are not domains",
                        incoming(tsc(1, "zone", DNS, exists("foo")).withNodeTaintsPolicy("Honor").build()),
                        List.of(zoned("a", "zone1"), zoned("x", "zone2"), tainted), concat(foos("a", 1), foos("x", 1)),
                        List.of("a", "x", "z")),
                c("without matchLabelKeys old revisions count", incoming(zone1), fourNodesTwoZones(),
                        List.of(p("old1", "a", "foo", "", "hash", "v1"), p("old2", "b", "foo", "", "hash", "v1")), List.of("x", "y")),
                c("matchLabelKeys: pods of another revision are not counted", hashed, fourNodesTwoZones(),
                        List.of(p("old1", "a", "foo", "", "hash", "v1"), p("old2", "b", "foo", "", "hash", "v1")),
                        List.of("a", "b", "x", "y")),
                c("pods in other namespaces and terminating pods are not counted", incoming(zone1), fourNodesTwoZones(),
                        List.of(otherNs, terminating), List.of("a", "b", "x", "y")),
                c("a null labelSelector matches no pod", incoming(tsc(1, "zone", DNS, null).build()), fourNodesTwoZones(),
                        concat(foos("a", 3)), List.of("a", "b", "x", "y")),
                c("ScheduleAnyway constraints never filter", incoming(tsc(1, "zone", SpreadConstraint.SCHEDULE_ANYWAY, exists("foo")).build()),
                        List.of(zoned("a", "zone1"), n("c")), foos("a", 5), List.of("a", "c")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void filter(Case c) {
        Map<String, Status> got = filterAll(new PodTopologySpread(), c.pod(), Snapshot.of(c.nodes(), c.existing()));
        for (Node node : c.nodes()) {
            String name = node.getMetadata().getName();
            Status s = got.get(name);
            if (c.pass().contains(name)) {
                assertThat(s.isSuccess()).as(name + ": " + s.message()).isTrue();
                continue;
            }
            String reason = c.reasons().getOrDefault(name, ERR_REASON_CONSTRAINTS_NOT_MATCH);
            assertThat(s.reasons()).as(name).containsExactly(reason);
            assertThat(s.code()).as(name).isEqualTo(reason.equals(ERR_REASON_NODE_LABEL_NOT_MATCH)
                    ? Code.UNSCHEDULABLE_AND_UNRESOLVABLE : Code.UNSCHEDULABLE);
        }
    }

    @Test
    void preFilterSkipsPodsWithoutHardConstraints() {
        var plugin = new PodTopologySpread();
        Snapshot s = Snapshot.of(List.of(zoned("a", "zone1")), List.of());
        assertThat(plugin.preFilter(new CycleState(), p("p", null), s.nodeInfos()).status().code()).isEqualTo(Code.SKIP);
        // System defaults are ScheduleAnyway, so even an owned pod has nothing to filter.
        var owned = new PodTopologySpread(pod -> List.of(exists("foo")));
        assertThat(owned.preFilter(new CycleState(), p("p", null, "foo", ""), s.nodeInfos()).status().code()).isEqualTo(Code.SKIP);
    }

    /** One plugin over successive snapshots: counts kept for unchanged nodes, recomputed for replaced or changed ones. */
    @Test
    void countsFollowTheSnapshotAcrossCycles() {
        PodTopologySpread plugin = new PodTopologySpread();
        Pod pod = incoming(tsc(1, "zone", DNS, exists("foo")).build());
        Snapshot first = Snapshot.of(fourNodesTwoZones(), foos("a", 1));
        assertThat(passing(filterAll(plugin, pod, first))).containsExactly("x", "y");

        NodeInfo x = first.get("x").copy();
        foos("x", 2).forEach(x::addPod);
        Snapshot second = first.withReplaced(Map.of("x", x));
        assertThat(passing(filterAll(plugin, pod, second))).containsExactly("a", "b");

        // The same NodeInfo changed in place (a new generation) is counted again too.
        Snapshot third = Snapshot.of(fourNodesTwoZones(), foos("a", 1));
        assertThat(passing(filterAll(plugin, pod, third))).containsExactly("x", "y");
        foos("y", 1).forEach(third.get("y")::addPod);
        assertThat(passing(filterAll(plugin, pod, third))).containsExactly("a", "b", "x", "y");
    }

    private static List<String> passing(Map<String, Status> statuses) {
        return statuses.entrySet().stream().filter(e -> e.getValue().isSuccess()).map(Map.Entry::getKey).toList();
    }

    @Test
    void anInvalidSelectorIsAnError() {
        var bad = exists("foo");
        bad.getMatchExpressions().getFirst().setOperator("Bogus");
        Pod pod = incoming(tsc(1, "zone", DNS, bad).build());
        Snapshot s = Snapshot.of(List.of(zoned("a", "zone1")), List.of());
        Status st = new PodTopologySpread().preFilter(new CycleState(), pod, s.nodeInfos()).status();
        assertThat(st.code()).isEqualTo(Code.ERROR);
        assertThat(st.message()).contains("Bogus");
    }

    @Test
    void registersPodAndNodeEvents() {
        assertThat(new PodTopologySpread().eventsToRegister()).extracting(e -> e.resource() + "/" + e.action())
                .contains("Pod/ADD", "Pod/UPDATE", "Pod/DELETE", "Node/ADD", "Node/DELETE", "Node/UPDATE_NODE_LABEL",
                        "Node/UPDATE_NODE_TAINT");
    }
}
