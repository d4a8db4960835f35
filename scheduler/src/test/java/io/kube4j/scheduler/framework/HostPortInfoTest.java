package io.kube4j.scheduler.framework;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class HostPortInfoTest {

    record Case(String usedIp, String usedProtocol, int usedPort, String ip, String protocol, int port, boolean conflict) {
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("", "", 80, "", "TCP", 80, true),
                new Case("127.0.0.1", "TCP", 80, "127.0.0.1", "TCP", 80, true),
                new Case("127.0.0.1", "TCP", 80, "127.0.0.2", "TCP", 80, false),
                new Case("127.0.0.1", "TCP", 80, "127.0.0.1", "UDP", 80, false),
                new Case("127.0.0.1", "TCP", 80, "127.0.0.1", "TCP", 81, false),
                new Case("0.0.0.0", "TCP", 80, "127.0.0.1", "TCP", 80, true),
                new Case("127.0.0.1", "TCP", 80, "0.0.0.0", "TCP", 80, true),
                new Case("127.0.0.1", "UDP", 80, "0.0.0.0", "TCP", 80, false),
                new Case("", "TCP", 8080, "", "", 8080, true));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void conflicts(Case c) {
        HostPortInfo info = new HostPortInfo();
        info.add(c.usedIp(), c.usedProtocol(), c.usedPort());
        assertThat(info.conflicts(c.ip(), c.protocol(), c.port())).isEqualTo(c.conflict());
        info.remove(c.usedIp(), c.usedProtocol(), c.usedPort());
        assertThat(info.conflicts(c.ip(), c.protocol(), c.port())).isFalse();
        assertThat(info.size()).isZero();
    }
}
