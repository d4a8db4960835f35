package io.kube4j.scheduler.plugins;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.kube4j.scheduler.framework.Code;
import io.kube4j.scheduler.framework.CycleState;
import io.kube4j.scheduler.framework.NodeInfo;
import io.kube4j.scheduler.framework.PreFilterResult;
import io.kube4j.scheduler.framework.Snapshot;
import io.kube4j.scheduler.framework.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.kube4j.scheduler.plugins.InterPodAffinity.ERR_REASON_AFFINITY;
import static io.kube4j.scheduler.plugins.InterPodAffinity.ERR_REASON_ANTI_AFFINITY;
import static io.kube4j.scheduler.plugins.InterPodAffinity.ERR_REASON_EXISTING_ANTI_AFFINITY;
import static io.kube4j.scheduler.plugins.PodAffinityFixtures.expr;
import static io.kube4j.scheduler.plugins.PodAffinityFixtures.labelledNode;
import static io.kube4j.scheduler.plugins.PodAffinityFixtures.labelledPod;
import static io.kube4j.scheduler.plugins.PodAffinityFixtures.labels;
import static io.kube4j.scheduler.plugins.PodAffinityFixtures.matchLabels;
import static io.kube4j.scheduler.plugins.PodAffinityFixtures.selector;
import static io.kube4j.scheduler.plugins.PodAffinityFixtures.term;
import static io.kube4j.scheduler.plugins.PodAffinityFixtures.withAffinity;
import static io.kube4j.scheduler.plugins.PodAffinityFixtures.withAntiAffinity;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Filter cases after upstream's documented inter-pod affinity behaviour. Every case runs PreFilter
 * over all nodes and then Filter per node, and states the verdict for every node: "" = fits,
 * otherwise the single reason.
 */
class InterPodAffinityFilterTest {

    private static final String HOST = "kubernetes.io/hostname";
    private static final String ZONE = "topology.kubernetes.io/zone";

    record Case(String name, Pod pod, List<Pod> existing, Map<String, String> expected, NamespaceLabels namespaces) {
        Case(String name, Pod pod, List<Pod> existing, Map<String, String> expected) {
            this(name, pod, existing, expected, NamespaceLabels.automatic());
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** node1 and node2 in zone z1, node3 in zone z2, node4 has no zone label; each has its hostname. */
    static List<Node> nodes() {
        return List.of(
                labelledNode("node1", HOST, "node1", ZONE, "z1"),
                labelledNode("node2", HOST, "node2", ZONE, "z1"),
                labelledNode("node3", HOST, "node3", ZONE, "z2"),
                labelledNode("node4", HOST, "node4"));
    }

    static Map<String, String> verdicts(String n1, String n2, String n3, String n4) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("node1", n1);
        m.put("node2", n2);
        m.put("node3", n3);
        m.put("node4", n4);
        return m;
    }

    static Pod incoming(String... labelKv) {
        return labelledPod("incoming", "default", null, labels(labelKv));
    }

    static Pod existing(String name, String node, String... labelKv) {
        return labelledPod(name, "default", node, labels(labelKv));
    }

    static Pod affinity(Pod p, io.fabric8.kubernetes.api.model.PodAffinityTerm... terms) {
        return withAffinity(p, List.of(terms), List.of());
    }

    static Pod anti(Pod p, io.fabric8.kubernetes.api.model.PodAffinityTerm... terms) {
        return withAntiAffinity(p, List.of(terms), List.of());
    }

    static Stream<Case> cases() {
        String ok = "";
        Pod webOnNode1 = existing("web-1", "node1", "app", "web");
        return Stream.of(
                new Case("no affinity and no existing pods: every node fits",
                        incoming("app", "db"), List.of(), verdicts(ok, ok, ok, ok)),
                new Case("affinity (In) to a pod in the zone: only that zone fits; no zone label fails",
                        affinity(incoming(), term(ZONE, selector(expr("app", "In", "web", "other")))), List.of(webOnNode1),
                        verdicts(ok, ok, ERR_REASON_AFFINITY, ERR_REASON_AFFINITY)),
                new Case("affinity (NotIn) matches a pod whose value is not listed",
                        affinity(incoming(), term(HOST, selector(expr("app", "NotIn", "db")))), List.of(webOnNode1),
                        verdicts(ok, ERR_REASON_AFFINITY, ERR_REASON_AFFINITY, ERR_REASON_AFFINITY)),
                new Case("affinity to a pod in another namespace named by the term does not see this one",
                        affinity(incoming(), term(ZONE, matchLabels("app", "web"), List.of("other"), null)), List.of(webOnNode1),
                        verdicts(ERR_REASON_AFFINITY, ERR_REASON_AFFINITY, ERR_REASON_AFFINITY, ERR_REASON_AFFINITY)),
                new Case("affinity whose selector matches no pod fails everywhere",
                        affinity(incoming(), term(ZONE, matchLabels("app", "cache"))), List.of(webOnNode1),
                        verdicts(ERR_REASON_AFFINITY, ERR_REASON_AFFINITY, ERR_REASON_AFFINITY, ERR_REASON_AFFINITY)),
                new Case("expressions in one term are ANDed",
                        affinity(incoming(), term(ZONE, selector(expr("app", "In", "web"), expr("tier", "Exists")))),
                        List.of(webOnNode1),
                        verdicts(ERR_REASON_AFFINITY, ERR_REASON_AFFINITY, ERR_REASON_AFFINITY, ERR_REASON_AFFINITY)),
                new Case("every required term must hold, each in its own topology",
                        affinity(incoming(), term(ZONE, matchLabels("app", "web")), term(HOST, matchLabels("app", "web"))),
                        List.of(webOnNode1), verdicts(ok, ERR_REASON_AFFINITY, ERR_REASON_AFFINITY, ERR_REASON_AFFINITY)),
                new Case("a pod counts for affinity only when it matches all terms",
                        affinity(incoming(), term(ZONE, matchLabels("app", "web")), term(ZONE, matchLabels("tier", "front"))),
                        List.of(webOnNode1, existing("front-1", "node2", "tier", "front")),
                        verdicts(ERR_REASON_AFFINITY, ERR_REASON_AFFINITY, ERR_REASON_AFFINITY, ERR_REASON_AFFINITY)),
                new Case("first pod of a group: affinity to itself passes where the topology key exists",
                        affinity(incoming("app", "web"), term(ZONE, matchLabels("app", "web"))), List.of(),
                        verdicts(ok, ok, ok, ERR_REASON_AFFINITY)),
                new Case("first-pod exception needs the pod to match its own terms",
                        affinity(incoming("app", "db"), term(ZONE, matchLabels("app", "web"))), List.of(),
                        verdicts(ERR_REASON_AFFINITY, ERR_REASON_AFFINITY, ERR_REASON_AFFINITY, ERR_REASON_AFFINITY)),
                new Case("first-pod exception ends once a matching pod exists: only its zone fits",
                        affinity(incoming("app", "web"), term(ZONE, matchLabels("app", "web"))), List.of(webOnNode1),
                        verdicts(ok, ok, ERR_REASON_AFFINITY, ERR_REASON_AFFINITY)),
                new Case("anti-affinity per host rejects the node of a matching pod only",
                        anti(incoming(), term(HOST, matchLabels("app", "web"))), List.of(webOnNode1),
                        verdicts(ERR_REASON_ANTI_AFFINITY, ok, ok, ok)),
                new Case("anti-affinity per zone rejects the zone; a node without the key fits",
                        anti(incoming(), term(ZONE, matchLabels("app", "web"))), List.of(webOnNode1),
                        verdicts(ERR_REASON_ANTI_AFFINITY, ERR_REASON_ANTI_AFFINITY, ok, ok)),
                new Case("anti-affinity to a pod in another namespace does not apply",
                        anti(incoming(), term(ZONE, matchLabels("app", "web"))),
                        List.of(labelledPod("web-x", "other", "node1", labels("app", "web"))), verdicts(ok, ok, ok, ok)),
                new Case("existing pod's anti-affinity rejects the incoming pod in its zone (symmetry)",
                        incoming("app", "web"), List.of(anti(existing("db-1", "node1", "app", "db"), term(ZONE, matchLabels("app", "web")))),
                        verdicts(ERR_REASON_EXISTING_ANTI_AFFINITY, ERR_REASON_EXISTING_ANTI_AFFINITY, ok, ok)),
                new Case("existing pod's anti-affinity that does not match the incoming pod is harmless",
                        incoming("app", "api"), List.of(anti(existing("db-1", "node1", "app", "db"), term(ZONE, matchLabels("app", "web")))),
                        verdicts(ok, ok, ok, ok)),
                new Case("existing pod's anti-affinity looks only in its own namespace by default",
                        labelledPod("incoming", "other", null, labels("app", "web")),
                        List.of(anti(existing("db-1", "node1", "app", "db"), term(ZONE, matchLabels("app", "web")))),
                        verdicts(ok, ok, ok, ok)),
                new Case("affinity is checked before anti-affinity, anti-affinity before symmetry",
                        anti(affinity(incoming("app", "web"), term(HOST, matchLabels("app", "cache"))), term(HOST, matchLabels("app", "web"))),
                        List.of(existing("cache-1", "node1", "app", "cache"), existing("web-2", "node1", "app", "web"),
                                anti(existing("cache-2", "node2", "app", "cache"), term(HOST, matchLabels("app", "web")))),
                        verdicts(ERR_REASON_ANTI_AFFINITY, ERR_REASON_EXISTING_ANTI_AFFINITY, ERR_REASON_AFFINITY, ERR_REASON_AFFINITY)),
                new Case("namespaceSelector selects the other pod's namespace by its labels",
                        affinity(incoming(), term(ZONE, matchLabels("app", "web"), null, matchLabels("team", "a"))),
                        List.of(labelledPod("web-a", "team-a", "node3", labels("app", "web"))),
                        verdicts(ERR_REASON_AFFINITY, ERR_REASON_AFFINITY, ok, ERR_REASON_AFFINITY),
                        NamespaceLabels.of(Map.of("team-a", labels("team", "a"), "default", labels()))),
                new Case("namespaceSelector that selects no namespace of the pod",
                        affinity(incoming(), term(ZONE, matchLabels("app", "web"), null, matchLabels("team", "b"))),
                        List.of(labelledPod("web-a", "team-a", "node3", labels("app", "web"))),
                        verdicts(ERR_REASON_AFFINITY, ERR_REASON_AFFINITY, ERR_REASON_AFFINITY, ERR_REASON_AFFINITY),
                        NamespaceLabels.of(Map.of("team-a", labels("team", "a"), "default", labels()))),
                new Case("an empty namespaceSelector selects every namespace",
                        anti(incoming(), term(HOST, matchLabels("app", "web"), null, matchLabels())),
                        List.of(labelledPod("web-a", "team-a", "node3", labels("app", "web"))), verdicts(ok, ok, ERR_REASON_ANTI_AFFINITY, ok)),
                new Case("the automatic namespace name label can be selected",
                        anti(incoming(), term(HOST, matchLabels("app", "web"), null, matchLabels(NamespaceLabels.NAME_LABEL, "team-a"))),
                        List.of(labelledPod("web-a", "team-a", "node3", labels("app", "web")),
                                labelledPod("web-b", "team-b", "node1", labels("app", "web"))),
                        verdicts(ok, ok, ERR_REASON_ANTI_AFFINITY, ok)),
                new Case("namespaces and namespaceSelector are ORed",
                        anti(incoming(), term(HOST, matchLabels("app", "web"), List.of("team-b"), matchLabels("team", "a"))),
                        List.of(labelledPod("web-a", "team-a", "node3", labels("app", "web")),
                                labelledPod("web-b", "team-b", "node1", labels("app", "web")),
                                labelledPod("web-c", "team-c", "node2", labels("app", "web"))),
                        verdicts(ERR_REASON_ANTI_AFFINITY, ok, ERR_REASON_ANTI_AFFINITY, ok),
                        NamespaceLabels.of(Map.of("team-a", labels("team", "a"), "team-b", labels(), "team-c", labels()))),
                new Case("existing pod's namespaceSelector is evaluated against the incoming pod's namespace",
                        labelledPod("incoming", "team-a", null, labels("app", "web")),
                        List.of(anti(existing("db-1", "node4", "app", "db"), term(HOST, matchLabels("app", "web"), null, matchLabels("team", "a")))),
                        verdicts(ok, ok, ok, ERR_REASON_EXISTING_ANTI_AFFINITY),
                        NamespaceLabels.of(Map.of("team-a", labels("team", "a"), "default", labels()))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void filter(Case c) {
        verdicts(c, false);
    }

    /** The same cases with the cycle's snapshot in the state: PreFilter walks only its lists of nodes with affinity pods. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void filterWithTheCycleSnapshot(Case c) {
        verdicts(c, true);
    }

    private static void verdicts(Case c, boolean withSnapshot) {
        Snapshot snapshot = Snapshot.of(nodes(), c.existing());
        InterPodAffinity plugin = new InterPodAffinity(c.namespaces(), 1);
        CycleState state = new CycleState();
        if (withSnapshot) {
            state.write(ImageLocality.SNAPSHOT_KEY, snapshot);
        }
        PreFilterResult pre = plugin.preFilter(state, c.pod(), snapshot.nodeInfos());
        Map<String, String> actual = new LinkedHashMap<>();
        for (NodeInfo node : snapshot.nodeInfos()) {
            Status s = pre.status().isSkip() ? Status.success() : plugin.filter(state, c.pod(), node);
            actual.put(node.name(), s.isSuccess() ? "" : s.message());
            if (!s.isSuccess()) {
                Code expectedCode = s.message().equals(ERR_REASON_AFFINITY) ? Code.UNSCHEDULABLE_AND_UNRESOLVABLE : Code.UNSCHEDULABLE;
                assertThat(s.code()).as(node.name()).isEqualTo(expectedCode);
            }
        }
        assertThat(pre.status().isSuccess() || pre.status().isSkip()).isTrue();
        assertThat(pre.nodeNames()).isNull();
        assertThat(actual).isEqualTo(c.expected());
    }

    @Test
    void preFilterSkipsWhenNothingApplies() {
        Snapshot snapshot = Snapshot.of(nodes(), List.of(existing("web-1", "node1", "app", "web"),
                anti(existing("db-1", "node2", "app", "db"), term(ZONE, matchLabels("app", "cache")))));
        InterPodAffinity plugin = new InterPodAffinity();
        assertThat(plugin.preFilter(new CycleState(), incoming("app", "web"), snapshot.nodeInfos()).status().isSkip()).isTrue();
        // The existing anti-affinity matches a cache pod, so the plugin must run for it.
        assertThat(plugin.preFilter(new CycleState(), incoming("app", "cache"), snapshot.nodeInfos()).status().isSuccess()).isTrue();
    }

    @Test
    void preFilterFollowsAnIncrementalSnapshotsPodsWithRequiredAntiAffinity() {
        Pod avoidsCache = anti(existing("db-1", "node2", "app", "db"), term(ZONE, matchLabels("app", "cache")));
        Snapshot plain = Snapshot.of(nodes(), List.of(existing("web-1", "node1", "app", "web")));
        InterPodAffinity plugin = new InterPodAffinity();
        Pod cache = incoming("app", "cache");
        assertThat(preFilterWithSnapshot(plugin, cache, plain).isSkip()).isTrue();

        NodeInfo node2 = plain.get("node2").copy();
        node2.addPod(avoidsCache);
        Snapshot withAnti = plain.withReplaced(Map.of("node2", node2));
        CycleState state = new CycleState();
        state.write(ImageLocality.SNAPSHOT_KEY, withAnti);
        assertThat(plugin.preFilter(state, cache, withAnti.nodeInfos()).status().isSuccess()).isTrue();
        assertThat(plugin.filter(state, cache, withAnti.get("node1")).message()).isEqualTo(ERR_REASON_EXISTING_ANTI_AFFINITY);
        assertThat(plugin.filter(state, cache, withAnti.get("node3")).isSuccess()).isTrue();

        NodeInfo emptied = withAnti.get("node2").copy();
        assertThat(emptied.removePod(avoidsCache)).isTrue();
        assertThat(preFilterWithSnapshot(plugin, cache, withAnti.withReplaced(Map.of("node2", emptied))).isSkip()).isTrue();
    }

    private static Status preFilterWithSnapshot(InterPodAffinity plugin, Pod pod, Snapshot snapshot) {
        CycleState state = new CycleState();
        state.write(ImageLocality.SNAPSHOT_KEY, snapshot);
        return plugin.preFilter(state, pod, snapshot.nodeInfos()).status();
    }

    @Test
    void malformedSelectorIsUnresolvable() {
        Pod bad = affinity(incoming(), term(ZONE, selector(expr("app", "In"))));
        PreFilterResult r = new InterPodAffinity().preFilter(new CycleState(), bad, Snapshot.of(nodes(), List.of()).nodeInfos());
        assertThat(r.status().code()).isEqualTo(Code.UNSCHEDULABLE_AND_UNRESOLVABLE);
        assertThat(r.status().message()).startsWith("parsing pod: ");
    }

    @Test
    void filterWithoutPreFilterIsAnError() {
        Status s = new InterPodAffinity().filter(new CycleState(), incoming(), new NodeInfo(nodes().getFirst()));
        assertThat(s.code()).isEqualTo(Code.ERROR);
    }
}
