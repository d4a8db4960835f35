package io.kube4j.apiserver.resources.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ServiceIpRangeTest {

    @Test
    void ipv4RangeKeepsNetworkAndBroadcastOut() {
        ServiceIpRange r = ServiceIpRange.parse("10.96.0.0/12");
        assertThat(r.at(1)).isEqualTo("10.96.0.1");
        assertThat(r.at(256)).isEqualTo("10.96.1.0");
        assertThat(r.lastOffset()).isEqualTo((1L << 20) - 2);
        assertThat(r.at(r.lastOffset())).isEqualTo("10.111.255.254");
        assertThat(r.allocatable("10.96.0.0")).isFalse();
        assertThat(r.allocatable("10.96.0.1")).isTrue();
        assertThat(r.allocatable("10.111.255.254")).isTrue();
        assertThat(r.allocatable("10.111.255.255")).isFalse();
        assertThat(r.allocatable("10.112.0.1")).isFalse();
        assertThat(r.allocatable("fd00::1")).isFalse();
        assertThat(r.allocatable("not-an-ip")).isFalse();
    }

    @Test
    void theNetworkAddressIsMaskedAndIpv6Works() {
        assertThat(ServiceIpRange.parse("10.43.7.9/16").at(1)).isEqualTo("10.43.0.1");
        ServiceIpRange v6 = ServiceIpRange.parse("fd00:10:96::/112");
        assertThat(v6.at(1)).isEqualTo("fd00:10:96:0:0:0:0:1");
        assertThat(v6.allocatable("fd00:10:96::ffff")).isTrue();
        assertThat(v6.allocatable("10.96.0.1")).isFalse();
    }

    @Test
    void rejectsWhatIsNotARange() {
        assertThatThrownBy(() -> ServiceIpRange.parse("10.96.0.0")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ServiceIpRange.parse("10.96.0.0/31")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ServiceIpRange.parse("bogus/12")).isInstanceOf(IllegalArgumentException.class);
    }
}
