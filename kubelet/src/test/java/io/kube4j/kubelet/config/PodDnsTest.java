package io.kube4j.kubelet.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodDNSConfigBuilder;
import io.kube4j.runtime.SandboxConfig.DnsConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PodDnsTest {

    @TempDir
    Path dir;

    private Path resolv;
    private final RecordingEvents events = new RecordingEvents();

    @BeforeEach
    void hostResolvConf() throws Exception {
        resolv = dir.resolve("resolv.conf");
        Files.writeString(resolv, """
                # host
                domain ignored.example
                search corp.example. lab.example .
                nameserver 192.168.1.1
                nameserver 192.168.1.2 ; second
                options timeout:2 rotate
                """);
    }

    private DnsConfig dns(List<String> clusterDns, Pod pod) {
        return new PodDns(clusterDns, "cluster.local", resolv, events).forPod(pod);
    }

    private static Pod pod(String policy, boolean hostNetwork) {
        return TestPods.pod().editSpec().withDnsPolicy(policy).withHostNetwork(hostNetwork).endSpec().build();
    }

    @Test
    void parsesTheHostFile() {
        DnsConfig host = new PodDns(List.of(), "cluster.local", resolv, null).hostConfig();
        assertThat(host.servers()).containsExactly("192.168.1.1", "192.168.1.2");
        assertThat(host.searches()).containsExactly("corp.example", "lab.example");
        assertThat(host.options()).containsExactly("timeout:2", "rotate");
    }

    @Test
    void clusterFirst() {
        DnsConfig d = dns(List.of("10.96.0.10"), pod("ClusterFirst", false));
        assertThat(d.servers()).containsExactly("10.96.0.10");
        assertThat(d.searches()).containsExactly("shop.svc.cluster.local", "svc.cluster.local", "cluster.local", "corp.example", "lab.example");
        assertThat(d.options()).containsExactly("ndots:5");
        assertThat(PodDns.render(d)).isEqualTo("""
                search shop.svc.cluster.local svc.cluster.local cluster.local corp.example lab.example
                nameserver 10.96.0.10
                options ndots:5
                """);
        // the API's default policy is ClusterFirst
        assertThat(dns(List.of("10.96.0.10"), TestPods.pod().build())).isEqualTo(d);
        assertThat(events.events).isEmpty();
    }

    @Test
    void clusterFirstWithoutClusterDnsFallsBackToDefault() {
        DnsConfig d = dns(List.of(), pod("ClusterFirst", false));
        assertThat(d.servers()).containsExactly("192.168.1.1", "192.168.1.2");
        assertThat(d.searches()).containsExactly("corp.example", "lab.example");
        assertThat(d.options()).containsExactly("timeout:2", "rotate");
        assertThat(events.events).singleElement().asString().startsWith("Warning MissingClusterDNS: pod: \"web_shop(")
                .endsWith("Falling back to \"Default\" policy.");
    }

    @Test
    void hostNetworkPodsUseTheHostUnlessWithHostNet() {
        assertThat(dns(List.of("10.96.0.10"), pod("ClusterFirst", true)).servers()).containsExactly("192.168.1.1", "192.168.1.2");
        assertThat(dns(List.of("10.96.0.10"), pod("ClusterFirstWithHostNet", true)).servers()).containsExactly("10.96.0.10");
        assertThat(dns(List.of("10.96.0.10"), pod("Default", false)).servers()).containsExactly("192.168.1.1", "192.168.1.2");
    }

    @Test
    void noneTakesOnlyDnsConfig() {
        Pod pod = TestPods.pod().editSpec().withDnsPolicy("None").withDnsConfig(new PodDNSConfigBuilder()
                .withNameservers("1.1.1.1").withSearches("a.example").addNewOption().withName("ndots").withValue("2").endOption()
                .addNewOption().withName("edns0").endOption().build()).endSpec().build();
        DnsConfig d = dns(List.of("10.96.0.10"), pod);
        assertThat(d).isEqualTo(new DnsConfig(List.of("1.1.1.1"), List.of("a.example"), List.of("ndots:2", "edns0")));
    }

    @Test
    void dnsConfigMergesIntoClusterFirst() {
        Pod pod = TestPods.pod().editSpec().withDnsConfig(new PodDNSConfigBuilder()
                .withNameservers("10.96.0.10", "1.1.1.1").withSearches("cluster.local", "extra.example")
                .addNewOption().withName("ndots").withValue("1").endOption()
                .addNewOption().withName("single-request").endOption().build()).endSpec().build();
        DnsConfig d = dns(List.of("10.96.0.10"), pod);
        assertThat(d.servers()).containsExactly("10.96.0.10", "1.1.1.1");
        assertThat(d.searches()).containsExactly("shop.svc.cluster.local", "svc.cluster.local", "cluster.local", "corp.example",
                "lab.example", "extra.example");
        assertThat(d.options()).containsExactly("ndots:1", "single-request");
    }

    @Test
    void limitsAreApplied() {
        List<String> searches = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            searches.add("s" + i + ".example");
        }
        Pod pod = TestPods.pod().editSpec().withDnsPolicy("None").withDnsConfig(new PodDNSConfigBuilder()
                .withNameservers("1.1.1.1", "1.1.1.2", "1.1.1.3", "1.1.1.4").withSearches(searches).build()).endSpec().build();
        DnsConfig d = dns(List.of(), pod);
        assertThat(d.servers()).hasSize(3);
        assertThat(d.searches()).hasSize(32).startsWith("s0.example");
        assertThat(events.events).hasSize(2);
    }

    @Test
    void noResolvConfMeansLocalhost() {
        DnsConfig d = new PodDns(List.of(), "cluster.local", null, null).forPod(pod("Default", false));
        assertThat(d.servers()).containsExactly("127.0.0.1");
    }
}
