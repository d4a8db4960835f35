package io.kube4j.apiserver.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kube4j.apiserver.errors.ApiException;
import org.junit.jupiter.api.Test;

class ProxyableAddressTest {

    @Test
    void unicastAndLoopbackAreAllowedSpecialAddressesAreNot() {
        assertThat(ProxyableAddress.allowed("10.42.0.7")).isTrue();
        assertThat(ProxyableAddress.allowed("fd00::1")).isTrue();
        assertThat(ProxyableAddress.allowed("127.0.0.1")).isTrue();
        for (String refused : new String[] {"", "0.0.0.0", "::", "169.254.169.254", "fe80::1", "224.0.0.1", "ff02::1",
                "255.255.255.255", "not-an-ip", "10.0.0.300"}) {
            assertThat(ProxyableAddress.allowed(refused)).as(refused).isFalse();
        }
    }

    @Test
    void hostsAreCheckedByTheirAddresses() {
        ProxyableAddress.requireHost("10.1.2.3");
        ProxyableAddress.requireHost("[fd00::2]");
        assertThatThrownBy(() -> ProxyableAddress.requireHost("169.254.0.1")).isInstanceOf(ApiException.BadRequest.class)
                .hasMessage("address not allowed");
        assertThatThrownBy(() -> ProxyableAddress.requireHost("no-such-host.invalid"))
                .isInstanceOf(ApiException.BadRequest.class).hasMessageContaining("no such host");
    }
}
