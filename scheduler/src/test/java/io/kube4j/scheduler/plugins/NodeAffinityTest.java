package io.kube4j.scheduler.plugins;

import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PreferredSchedulingTerm;
import io.kube4j.scheduler.framework.Code;
import io.kube4j.scheduler.framework.CycleState;
import io.kube4j.scheduler.framework.PreFilterResult;
import io.kube4j.scheduler.framework.Snapshot;
import io.kube4j.scheduler.framework.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static io.kube4j.scheduler.testing.Fixtures.node;
import static io.kube4j.scheduler.testing.Fixtures.pod;
import static io.kube4j.scheduler.testing.Fixtures.withLabels;
import static io.kube4j.scheduler.testing.PluginHarness.filter;
import static io.kube4j.scheduler.testing.PluginHarness.nodeInfo;
import static io.kube4j.scheduler.testing.PluginHarness.scores;
import static org.assertj.core.api.Assertions.assertThat;

class NodeAffinityTest {

    static NodeSelectorRequirement req(String key, String op, String... values) {
        return new NodeSelectorRequirement(key, op, List.of(values));
    }

    static NodeSelectorTerm term(NodeSelectorRequirement... exprs) {
        return new NodeSelectorTerm(List.of(exprs), List.of());
    }

    static NodeSelectorTerm fieldTerm(NodeSelectorRequirement... fields) {
        return new NodeSelectorTerm(List.of(), List.of(fields));
    }

    static Pod required(Map<String, String> selector, NodeSelectorTerm... terms) {
        Pod p = pod("p").build();
        p.getSpec().setNodeSelector(selector);
        if (terms.length > 0 || selector == null) {
            p.getSpec().setAffinity(new AffinityBuilder().withNewNodeAffinity().withNewRequiredDuringSchedulingIgnoredDuringExecution()
                    .withNodeSelectorTerms(terms).endRequiredDuringSchedulingIgnoredDuringExecution().endNodeAffinity().build());
        }
        return p;
    }

    record Case(String name, Pod pod, boolean fits) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** The node under test: name "node1", labels foo=bar, zone=z1, gen=5. */
    static Stream<Case> cases() {
        Pod plain = pod("p").build();
        return Stream.of(
                new Case("no selector, no affinity", plain, true),
                new Case("nodeSelector matches", required(Map.of("foo", "bar")), true),
                new Case("nodeSelector value differs", required(Map.of("foo", "baz")), false),
                new Case("nodeSelector label missing", required(Map.of("missing", "x")), false),
                new Case("In matches", required(null, term(req("foo", "In", "x", "bar"))), true),
                new Case("In does not match", required(null, term(req("foo", "In", "x"))), false),
                new Case("NotIn with absent label matches", required(null, term(req("missing", "NotIn", "x"))), true),
                new Case("NotIn with present value fails", required(null, term(req("foo", "NotIn", "bar"))), false),
                new Case("Exists", required(null, term(req("zone", "Exists"))), true),
                new Case("DoesNotExist on a present label", required(null, term(req("zone", "DoesNotExist"))), false),
                new Case("Gt", required(null, term(req("gen", "Gt", "4"))), true),
                new Case("Gt not greater", required(null, term(req("gen", "Gt", "5"))), false),
                new Case("Lt", required(null, term(req("gen", "Lt", "6"))), true),
                new Case("Gt with a non-number", required(null, term(req("foo", "Gt", "1"))), false),
                new Case("expressions in a term are ANDed", required(null, term(req("foo", "In", "bar"), req("zone", "In", "z2"))), false),
                new Case("terms are ORed", required(null, term(req("zone", "In", "z2")), term(req("zone", "In", "z1"))), true),
                new Case("an empty term matches nothing", required(null, term()), false),
                new Case("no terms match nothing", required(null), false),
                new Case("matchFields on the node name", required(null, fieldTerm(req("metadata.name", "In", "node1"))), true),
                new Case("matchFields on another name", required(null, fieldTerm(req("metadata.name", "In", "node2"))), false),
                new Case("nodeSelector and affinity must both match",
                        required(Map.of("foo", "baz"), term(req("zone", "In", "z1"))), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void filter_(Case c) {
        var n = withLabels(node("node1").build(), "foo", "bar", "zone", "z1", "gen", "5");
        Status s = filter(new NodeAffinity(), c.pod(), nodeInfo(n));
        if (c.fits()) {
            assertThat(s.isSuccess()).isTrue();
        } else {
            assertThat(s.code()).isEqualTo(Code.UNSCHEDULABLE_AND_UNRESOLVABLE);
            assertThat(s.reasons()).containsExactly("node(s) didn't match Pod's node affinity/selector");
        }
    }

    @Test
    void preFilterSkipsNarrowsOrConflicts() {
        var plugin = new NodeAffinity();
        assertThat(plugin.preFilter(new CycleState(), pod("p").build(), List.of()).status().isSkip()).isTrue();

        PreFilterResult pinned = plugin.preFilter(new CycleState(), required(null,
                fieldTerm(req("metadata.name", "In", "a", "b")), fieldTerm(req("metadata.name", "In", "c"))), List.of());
        assertThat(pinned.nodeNames()).isEqualTo(Set.of("a", "b", "c"));

        PreFilterResult open = plugin.preFilter(new CycleState(), required(null,
                fieldTerm(req("metadata.name", "In", "a")), term(req("foo", "In", "bar"))), List.of());
        assertThat(open.nodeNames()).isNull();

        var conflicting = new NodeSelectorTerm(List.of(), List.of(req("metadata.name", "In", "a"), req("metadata.name", "In", "b")));
        PreFilterResult conflict = plugin.preFilter(new CycleState(), required(null, conflicting), List.of());
        assertThat(conflict.status().code()).isEqualTo(Code.UNSCHEDULABLE_AND_UNRESOLVABLE);
        assertThat(conflict.status().reasons()).containsExactly("pod affinity terms conflict");
    }

    @Test
    void preferredTermsScoreTheirWeightsNormalized() {
        Pod p = pod("p").build();
        p.getSpec().setAffinity(new AffinityBuilder().withNewNodeAffinity().withPreferredDuringSchedulingIgnoredDuringExecution(
                new PreferredSchedulingTerm(term(req("foo", "In", "bar")), 2),
                new PreferredSchedulingTerm(term(req("zone", "In", "z1")), 5),
                new PreferredSchedulingTerm(term(req("zone", "In", "z1")), 0)).endNodeAffinity().build());
        Snapshot s = Snapshot.of(List.of(
                withLabels(node("both").build(), "foo", "bar", "zone", "z1"),
                withLabels(node("foo-only").build(), "foo", "bar"),
                withLabels(node("zone-only").build(), "zone", "z1"),
                node("none").build()), List.of());
        // raw 7, 2, 5, 0; normalized to the best: 100, 200/7=28, 500/7=71, 0
        assertThat(scores(new NodeAffinity(), p, s)).containsExactly(100, 28, 71, 0);
        assertThat(scores(new NodeAffinity(), pod("q").build(), s)).containsExactly(0, 0, 0, 0);
    }
}
