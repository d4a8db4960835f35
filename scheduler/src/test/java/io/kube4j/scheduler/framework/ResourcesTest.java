package io.kube4j.scheduler.framework;

import io.fabric8.kubernetes.api.model.Quantity;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class ResourcesTest {

    record QuantityCase(String quantity, long milli, long value) {
    }

    static Stream<QuantityCase> quantities() {
        return Stream.of(
                new QuantityCase("1", 1000, 1),
                new QuantityCase("100m", 100, 1),
                new QuantityCase("1.5", 1500, 2),
                new QuantityCase("0.0001", 1, 1),
                new QuantityCase("1Ki", 1_024_000, 1024),
                new QuantityCase("1Gi", 1_073_741_824_000L, 1_073_741_824L),
                new QuantityCase("2M", 2_000_000_000L, 2_000_000),
                new QuantityCase("1e3", 1_000_000, 1000));
    }

    @ParameterizedTest
    @MethodSource("quantities")
    void quantitiesRoundUpLikeUpstream(QuantityCase c) {
        Quantity q = new Quantity(c.quantity());
        assertThat(Resources.milliValue(q)).isEqualTo(c.milli());
        assertThat(Resources.value(q)).isEqualTo(c.value());
    }

    @Test
    void readsResourceListAndKeepsOnlyScalarNames() {
        Resources r = Resources.parse(Map.of("cpu", "2500m", "memory", "1Gi", "pods", "110", "ephemeral-storage", "10Gi",
                "example.com/gpu", "2", "hugepages-2Mi", "4Mi", "storage", "5Gi"));
        assertThat(r.milliCpu()).isEqualTo(2500);
        assertThat(r.memory()).isEqualTo(1L << 30);
        assertThat(r.pods()).isEqualTo(110);
        assertThat(r.ephemeralStorage()).isEqualTo(10L << 30);
        assertThat(r.scalar()).containsOnlyKeys("example.com/gpu", "hugepages-2Mi");
        assertThat(r.scalar("hugepages-2Mi")).isEqualTo(4L << 20);
    }

    @Test
    void arithmeticIsElementWise() {
        Resources a = Resources.parse(Map.of("cpu", "1", "example.com/gpu", "1"));
        Resources b = Resources.parse(Map.of("cpu", "2", "memory", "1", "example.com/gpu", "3"));
        assertThat(a.plus(b)).isEqualTo(new Resources(3000, 1, 0, 0, Map.of("example.com/gpu", 4L)));
        assertThat(b.minus(a)).isEqualTo(new Resources(1000, 1, 0, 0, Map.of("example.com/gpu", 2L)));
        assertThat(a.max(b)).isEqualTo(b);
    }

    @Test
    void extendedResourceNames() {
        assertThat(Resources.isExtendedResourceName("example.com/gpu")).isTrue();
        assertThat(Resources.isExtendedResourceName("kubernetes.io/foo")).isFalse();
        assertThat(Resources.isExtendedResourceName("cpu")).isFalse();
        assertThat(Resources.isExtendedResourceName("requests.example.com/gpu")).isFalse();
    }
}
