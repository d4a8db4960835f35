package io.kube4j.controllers.daemonset;

import static io.kube4j.controllers.daemonset.DaemonSetFixtures.node;
import static io.kube4j.controllers.daemonset.DaemonSetFixtures.taint;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NodeEligibilityTest {

    private static final Node PLAIN = node("n1", Map.of("zone", "a", "size", "8"));

    private static PodSpec spec() {
        return new PodSpecBuilder().addNewContainer().withName("c").withImage("i").endContainer().build();
    }

    private static PodSpec affinity(String key, String op, String... values) {
        PodSpec s = spec();
        s.setAffinity(new AffinityBuilder().withNewNodeAffinity().withNewRequiredDuringSchedulingIgnoredDuringExecution()
                .addNewNodeSelectorTerm().addNewMatchExpression().withKey(key).withOperator(op).withValues(values).endMatchExpression()
                .endNodeSelectorTerm().endRequiredDuringSchedulingIgnoredDuringExecution().endNodeAffinity().build());
        return s;
    }

    static Stream<Arguments> cases() {
        PodSpec selectorMatch = spec();
        selectorMatch.setNodeSelector(Map.of("zone", "a"));
        PodSpec selectorMiss = spec();
        selectorMiss.setNodeSelector(Map.of("zone", "b"));
        PodSpec otherNodeName = spec();
        otherNodeName.setNodeName("n2");
        PodSpec hostNetwork = spec();
        hostNetwork.setHostNetwork(true);
        PodSpec tolerates = spec();
        tolerates.setTolerations(java.util.List.of(new TolerationBuilder().withKey("dedicated").withOperator("Equal")
                .withValue("infra").withEffect("NoSchedule").build()));
        var infraTaint = new io.fabric8.kubernetes.api.model.TaintBuilder().withKey("dedicated").withValue("infra").withEffect("NoSchedule").build();
        var otherValueTaint = new io.fabric8.kubernetes.api.model.TaintBuilder().withKey("dedicated").withValue("db").withEffect("NoSchedule").build();
        return Stream.of(
                Arguments.of("no constraints", PLAIN, spec(), true, true),
                Arguments.of("nodeSelector matches", PLAIN, selectorMatch, true, true),
                Arguments.of("nodeSelector misses", PLAIN, selectorMiss, false, false),
                Arguments.of("template nodeName is another node", PLAIN, otherNodeName, false, false),
                Arguments.of("required affinity In matches", PLAIN, affinity("zone", "In", "a", "c"), true, true),
                Arguments.of("required affinity In misses", PLAIN, affinity("zone", "In", "b"), false, false),
                Arguments.of("required affinity Gt", PLAIN, affinity("size", "Gt", "4"), true, true),
                Arguments.of("required affinity DoesNotExist", PLAIN, affinity("zone", "DoesNotExist"), false, false),
                Arguments.of("untolerated NoSchedule: may stay", node("n1", Map.of(), taint("x", "NoSchedule")), spec(), false, true),
                Arguments.of("untolerated NoExecute: must go", node("n1", Map.of(), taint("x", "NoExecute")), spec(), false, false),
                Arguments.of("PreferNoSchedule ignored", node("n1", Map.of(), taint("x", "PreferNoSchedule")), spec(), true, true),
                Arguments.of("not-ready NoExecute tolerated by default",
                        node("n1", Map.of(), taint("node.kubernetes.io/not-ready", "NoExecute")), spec(), true, true),
                Arguments.of("unreachable NoExecute tolerated by default",
                        node("n1", Map.of(), taint("node.kubernetes.io/unreachable", "NoExecute")), spec(), true, true),
                Arguments.of("unschedulable tolerated by default",
                        node("n1", Map.of(), taint("node.kubernetes.io/unschedulable", "NoSchedule")), spec(), true, true),
                Arguments.of("disk-pressure tolerated by default",
                        node("n1", Map.of(), taint("node.kubernetes.io/disk-pressure", "NoSchedule")), spec(), true, true),
                Arguments.of("network-unavailable blocks pods without hostNetwork",
                        node("n1", Map.of(), taint("node.kubernetes.io/network-unavailable", "NoSchedule")), spec(), false, true),
                Arguments.of("network-unavailable tolerated with hostNetwork",
                        node("n1", Map.of(), taint("node.kubernetes.io/network-unavailable", "NoSchedule")), hostNetwork, true, true),
                Arguments.of("template toleration matches key and value", node("n1", Map.of(), infraTaint), tolerates, true, true),
                Arguments.of("template toleration value differs", node("n1", Map.of(), otherValueTaint), tolerates, false, true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void eligibility(String name, Node node, PodSpec spec, boolean shouldRun, boolean shouldContinueRunning) {
        NodeEligibility e = NodeEligibility.of(node, DaemonPods.withDefaultTolerations(spec));
        assertThat(e).isEqualTo(new NodeEligibility(shouldRun, shouldContinueRunning));
    }
}
