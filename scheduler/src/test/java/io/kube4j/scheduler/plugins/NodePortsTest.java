package io.kube4j.scheduler.plugins;

import io.fabric8.kubernetes.api.model.Pod;
import io.kube4j.scheduler.framework.Code;
import io.kube4j.scheduler.framework.CycleState;
import io.kube4j.scheduler.framework.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static io.kube4j.scheduler.testing.Fixtures.node;
import static io.kube4j.scheduler.testing.Fixtures.on;
import static io.kube4j.scheduler.testing.Fixtures.pod;
import static io.kube4j.scheduler.testing.Fixtures.podWithHostPort;
import static io.kube4j.scheduler.testing.PluginHarness.filter;
import static io.kube4j.scheduler.testing.PluginHarness.nodeInfo;
import static org.assertj.core.api.Assertions.assertThat;

class NodePortsTest {

    record Case(String name, Pod incoming, List<Pod> existing, boolean fits) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("nothing running", podWithHostPort("p", "", "TCP", 8080), List.of(), true),
                new Case("other port", podWithHostPort("p", "127.0.0.1", "UDP", 8080),
                        List.of(podWithHostPort("e", "127.0.0.1", "UDP", 9090)), true),
                new Case("same udp port", podWithHostPort("p", "127.0.0.1", "UDP", 8080),
                        List.of(podWithHostPort("e", "127.0.0.1", "UDP", 8080)), false),
                new Case("same port, other protocol", podWithHostPort("p", "127.0.0.1", "TCP", 8080),
                        List.of(podWithHostPort("e", "127.0.0.1", "UDP", 8080)), true),
                new Case("other host ip", podWithHostPort("p", "127.0.0.2", "TCP", 8080),
                        List.of(podWithHostPort("e", "127.0.0.1", "TCP", 8080)), true),
                new Case("wildcard ip against a specific ip", podWithHostPort("p", "0.0.0.0", "TCP", 8001),
                        List.of(podWithHostPort("e", "127.0.0.1", "TCP", 8001)), false),
                new Case("specific ip against the wildcard", podWithHostPort("p", "127.0.0.1", "TCP", 8001),
                        List.of(podWithHostPort("e", "", "TCP", 8001)), false),
                // Sidecars (restartable init containers) hold their host ports like regular containers.
                new Case("a sidecar's port is wanted", asSidecar(podWithHostPort("p", "", "TCP", 8081)),
                        List.of(podWithHostPort("e", "", "TCP", 8081)), false),
                new Case("a sidecar's port is in use", podWithHostPort("p", "", "TCP", 8081),
                        List.of(asSidecar(podWithHostPort("e", "", "TCP", 8081))), false),
                new Case("a plain init container's port is not held", podWithHostPort("p", "", "TCP", 8081),
                        List.of(asInit(podWithHostPort("e", "", "TCP", 8081), null)), true));
    }

    private static Pod asSidecar(Pod p) {
        return asInit(p, "Always");
    }

    /** Moves the pod's container (and its ports) to an init container with {@code restartPolicy}. */
    private static Pod asInit(Pod p, String restartPolicy) {
        var c = p.getSpec().getContainers().getFirst();
        c.setRestartPolicy(restartPolicy);
        p.getSpec().setInitContainers(List.of(c));
        p.getSpec().setContainers(List.of(io.kube4j.scheduler.testing.Fixtures.container("main")));
        return p;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void filter_(Case c) {
        var info = nodeInfo(node("n").build(), c.existing().stream().map(p -> on(p, "n")).toArray(Pod[]::new));
        Status s = filter(new NodePorts(), c.incoming(), info);
        if (c.fits()) {
            assertThat(s.isSuccess()).isTrue();
        } else {
            assertThat(s.code()).isEqualTo(Code.UNSCHEDULABLE);
            assertThat(s.reasons()).containsExactly("node(s) didn't have free ports for the requested pod ports");
        }
    }

    @Test
    void podsWithoutHostPortsSkip() {
        var r = new NodePorts().preFilter(new CycleState(), pod("p").build(), List.of());
        assertThat(r.status().isSkip()).isTrue();
    }
}
