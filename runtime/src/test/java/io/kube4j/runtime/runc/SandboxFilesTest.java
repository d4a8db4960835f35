package io.kube4j.runtime.runc;

import static org.assertj.core.api.Assertions.assertThat;

import io.kube4j.runtime.SandboxConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SandboxFilesTest {

    @TempDir
    Path dir;

    @Test
    void writesHostsResolvConfAndHostname() throws Exception {
        SandboxConfig config = new SandboxConfig("web", "ns", "uid", 0, "web-0", dir, new SandboxConfig.DnsConfig(
                List.of("10.96.0.10"), List.of("ns.svc.cluster.local", "svc.cluster.local"), List.of("ndots:5")),
                List.of("10.1.2.3 foo bar"), List.of(), false, false, false, false, "", Map.of(), Map.of(), Map.of());
        SandboxFiles.write(dir, config, List.of("10.244.0.5"));
        assertThat(Files.readString(dir.resolve("hostname"))).isEqualTo("web-0\n");
        assertThat(Files.readString(dir.resolve("resolv.conf"))).isEqualTo(
                "nameserver 10.96.0.10\nsearch ns.svc.cluster.local svc.cluster.local\noptions ndots:5\n");
        assertThat(Files.readString(dir.resolve("hosts"))).contains("127.0.0.1\tlocalhost\n", "10.244.0.5\tweb-0\n",
                "10.1.2.3\tfoo bar\n");
    }
}
