package io.kube4j.scheduler.plugins;

import io.fabric8.kubernetes.api.model.Pod;
import io.kube4j.scheduler.framework.Code;
import io.kube4j.scheduler.framework.Status;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static io.kube4j.scheduler.testing.Fixtures.node;
import static io.kube4j.scheduler.testing.Fixtures.pod;
import static io.kube4j.scheduler.testing.PluginHarness.filter;
import static io.kube4j.scheduler.testing.PluginHarness.nodeInfo;
import static org.assertj.core.api.Assertions.assertThat;

class NodeNameTest {

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {"null, n1, true", "n1, n1, true", "n2, n1, false", "'', n1, true"})
    void filtersOnRequestedNodeName(String wanted, String nodeName, boolean fits) {
        Pod p = pod("p").build();
        p.getSpec().setNodeName(wanted);
        Status s = filter(new NodeName(), p, nodeInfo(node(nodeName).build()));
        if (fits) {
            assertThat(s.isSuccess()).isTrue();
        } else {
            assertThat(s.code()).isEqualTo(Code.UNSCHEDULABLE_AND_UNRESOLVABLE);
            assertThat(s.reasons()).containsExactly("node(s) didn't match the requested node name");
        }
    }
}
