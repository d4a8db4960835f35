package io.kube4j.scheduler.framework;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static io.kube4j.scheduler.testing.Fixtures.container;
import static io.kube4j.scheduler.testing.Fixtures.pod;
import static io.kube4j.scheduler.testing.Fixtures.res;
import static io.kube4j.scheduler.testing.Fixtures.sidecar;
import static org.assertj.core.api.Assertions.assertThat;

class PodRequestsTest {

    record Case(String name, List<Container> init, List<Container> containers, String overheadCpu,
                long milliCpu, long memory, long nonZeroMilliCpu, long nonZeroMemory) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final long DEF_MEM = PodRequests.DEFAULT_MEMORY_REQUEST;

    static Stream<Case> cases() {
        return Stream.of(
                new Case("containers add up", List.of(), List.of(container("a", "cpu", "1"), container("b", "cpu", "2", "memory", "1Ki")),
                        null, 3000, 1024, 3000, DEF_MEM + 1024),
                new Case("a big init container dominates", List.of(container("i", "cpu", "4")),
                        List.of(container("a", "cpu", "1"), container("b", "cpu", "2")), null, 4000, 0, 4000, 2 * DEF_MEM),
                new Case("a small init container does not count", List.of(container("i", "cpu", "2")),
                        List.of(container("a", "cpu", "1"), container("b", "cpu", "2")), null, 3000, 0, 3000, 2 * DEF_MEM),
                new Case("init containers take the max, not the sum", List.of(container("i1", "cpu", "2"), container("i2", "cpu", "3")),
                        List.of(container("a", "cpu", "1")), null, 3000, 0, 3000, DEF_MEM),
                new Case("a sidecar runs next to later init containers",
                        List.of(sidecar("s", "cpu", "1"), container("i", "cpu", "3")),
                        List.of(container("a", "cpu", "1")), null, 4000, 0, 4000, 2 * DEF_MEM),
                new Case("a sidecar started after an init container adds to the steady state only",
                        List.of(container("i", "cpu", "3"), sidecar("s", "cpu", "1")),
                        List.of(container("a", "cpu", "1")), null, 3000, 0, 3000, 2 * DEF_MEM),
                new Case("overhead is added on top", List.of(), List.of(container("a", "cpu", "1")), "500m", 1500, 0, 1500, DEF_MEM),
                new Case("no requests: zero, but scoring defaults", List.of(), List.of(container("a"), container("b")),
                        null, 0, 0, 200, 2 * DEF_MEM),
                new Case("an explicit zero is not replaced by the default", List.of(), List.of(container("a", "cpu", "0")),
                        null, 0, 0, 0, DEF_MEM));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void effectiveRequest(Case c) {
        Pod p = pod("p").build();
        p.getSpec().setInitContainers(c.init());
        p.getSpec().setContainers(c.containers());
        if (c.overheadCpu() != null) {
            p.getSpec().setOverhead(res("cpu", c.overheadCpu()));
        }
        Resources plain = PodRequests.of(p);
        Resources nonZero = PodRequests.nonZero(p);
        assertThat(plain.milliCpu()).as("cpu").isEqualTo(c.milliCpu());
        assertThat(plain.memory()).as("memory").isEqualTo(c.memory());
        assertThat(nonZero.milliCpu()).as("non-zero cpu").isEqualTo(c.nonZeroMilliCpu());
        assertThat(nonZero.memory()).as("non-zero memory").isEqualTo(c.nonZeroMemory());
    }
}
