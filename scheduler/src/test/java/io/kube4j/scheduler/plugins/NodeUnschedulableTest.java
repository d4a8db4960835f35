package io.kube4j.scheduler.plugins;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Toleration;
import io.kube4j.scheduler.framework.Code;
import io.kube4j.scheduler.framework.Status;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static io.kube4j.scheduler.testing.Fixtures.node;
import static io.kube4j.scheduler.testing.Fixtures.pod;
import static io.kube4j.scheduler.testing.Fixtures.toleration;
import static io.kube4j.scheduler.testing.PluginHarness.filter;
import static io.kube4j.scheduler.testing.PluginHarness.nodeInfo;
import static org.assertj.core.api.Assertions.assertThat;

class NodeUnschedulableTest {

    record Case(String name, Boolean unschedulable, List<Toleration> tolerations, boolean fits) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("schedulable node", false, List.of(), true),
                new Case("unset means schedulable", null, List.of(), true),
                new Case("cordoned node", true, List.of(), false),
                new Case("cordoned node, pod tolerates the unschedulable taint", true,
                        List.of(toleration("node.kubernetes.io/unschedulable", "Exists", null, "NoSchedule")), true),
                new Case("cordoned node, toleration for another effect", true,
                        List.of(toleration("node.kubernetes.io/unschedulable", "Exists", null, "NoExecute")), false),
                new Case("cordoned node, tolerate-everything toleration", true, List.of(toleration(null, "Exists", null, null)), true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void filter_(Case c) {
        Node n = node("n").build();
        n.getSpec().setUnschedulable(c.unschedulable());
        Pod p = pod("p").build();
        p.getSpec().setTolerations(c.tolerations());
        Status s = filter(new NodeUnschedulable(), p, nodeInfo(n));
        if (c.fits()) {
            assertThat(s.isSuccess()).isTrue();
        } else {
            assertThat(s.code()).isEqualTo(Code.UNSCHEDULABLE_AND_UNRESOLVABLE);
            assertThat(s.reasons()).containsExactly("node(s) were unschedulable");
        }
    }
}
