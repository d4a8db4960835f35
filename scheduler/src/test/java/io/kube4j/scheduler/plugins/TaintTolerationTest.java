package io.kube4j.scheduler.plugins;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import io.kube4j.scheduler.framework.Code;
import io.kube4j.scheduler.framework.Snapshot;
import io.kube4j.scheduler.framework.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static io.kube4j.scheduler.testing.Fixtures.node;
import static io.kube4j.scheduler.testing.Fixtures.pod;
import static io.kube4j.scheduler.testing.Fixtures.taint;
import static io.kube4j.scheduler.testing.Fixtures.toleration;
import static io.kube4j.scheduler.testing.Fixtures.withTaints;
import static io.kube4j.scheduler.testing.PluginHarness.filter;
import static io.kube4j.scheduler.testing.PluginHarness.nodeInfo;
import static io.kube4j.scheduler.testing.PluginHarness.scores;
import static org.assertj.core.api.Assertions.assertThat;

class TaintTolerationTest {

    record Case(String name, List<Taint> taints, List<Toleration> tolerations, String reason) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("no taints", List.of(), List.of(), null),
                new Case("untolerated NoSchedule", List.of(taint("dedicated", "user1", "NoSchedule")), List.of(),
                        "node(s) had untolerated taint {dedicated: user1}"),
                new Case("tolerated by Equal", List.of(taint("dedicated", "user1", "NoSchedule")),
                        List.of(toleration("dedicated", "Equal", "user1", "NoSchedule")), null),
                new Case("Equal with another value", List.of(taint("dedicated", "user1", "NoSchedule")),
                        List.of(toleration("dedicated", "Equal", "user2", "NoSchedule")), "node(s) had untolerated taint {dedicated: user1}"),
                new Case("Exists ignores the value", List.of(taint("dedicated", "user1", "NoExecute")),
                        List.of(toleration("dedicated", "Exists", null, "NoExecute")), null),
                new Case("empty effect tolerates every effect", List.of(taint("dedicated", "user1", "NoExecute")),
                        List.of(toleration("dedicated", "Equal", "user1", null)), null),
                new Case("effect mismatch", List.of(taint("dedicated", "user1", "NoSchedule")),
                        List.of(toleration("dedicated", "Equal", "user1", "NoExecute")), "node(s) had untolerated taint {dedicated: user1}"),
                new Case("empty key with Exists tolerates everything", List.of(taint("a", "1", "NoSchedule"), taint("b", "", "NoExecute")),
                        List.of(toleration(null, "Exists", null, null)), null),
                new Case("PreferNoSchedule does not filter", List.of(taint("soft", "x", "PreferNoSchedule")), List.of(), null),
                new Case("the first untolerated taint is reported", List.of(taint("a", "1", "NoSchedule"), taint("b", "2", "NoExecute")),
                        List.of(toleration("a", "Exists", null, null)), "node(s) had untolerated taint {b: 2}"),
                new Case("taint without value", List.of(taint("gpu", null, "NoSchedule")), List.of(), "node(s) had untolerated taint {gpu: }"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void filter_(Case c) {
        Pod p = pod("p").build();
        p.getSpec().setTolerations(c.tolerations());
        Status s = filter(new TaintToleration(), p, nodeInfo(withTaints(node("n").build(), c.taints().toArray(Taint[]::new))));
        if (c.reason() == null) {
            assertThat(s.isSuccess()).as(s.message()).isTrue();
        } else {
            assertThat(s.code()).isEqualTo(Code.UNSCHEDULABLE_AND_UNRESOLVABLE);
            assertThat(s.reasons()).containsExactly(c.reason());
        }
    }

    @Test
    void scoreCountsIntolerablePreferNoScheduleTaintsReversed() {
        Pod p = pod("p").build();
        p.getSpec().setTolerations(List.of(toleration("tolerated", "Exists", null, "PreferNoSchedule"),
                toleration("noschedule-only", "Exists", null, "NoSchedule")));
        Snapshot s = Snapshot.of(List.of(
                withTaints(node("clean").build()),
                withTaints(node("one").build(), taint("a", "1", "PreferNoSchedule"), taint("tolerated", "", "PreferNoSchedule")),
                withTaints(node("two").build(), taint("a", "1", "PreferNoSchedule"), taint("noschedule-only", "", "PreferNoSchedule")),
                withTaints(node("hard").build(), taint("x", "", "NoSchedule"))), List.of());
        assertThat(scores(new TaintToleration(), p, s)).containsExactly(100, 50, 0, 100);
        Snapshot allClean = Snapshot.of(List.of(node("a").build(), node("b").build()), List.of());
        assertThat(scores(new TaintToleration(), p, allClean)).containsExactly(100, 100);
    }
}
