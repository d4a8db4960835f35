package io.kube4j.runtime.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kube4j.runtime.RuntimeFailure;
import io.kube4j.runtime.SandboxConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The CNI protocol as CniNetwork speaks it, against fake plugins (shell scripts) that record what they were given. */
class CniNetworkTest {

    @TempDir
    Path dir;

    private static final String RESULT = "{\"cniVersion\":\"1.0.0\",\"interfaces\":[{\"name\":\"eth0\"}],"
            + "\"ips\":[{\"address\":\"10.9.0.5/24\",\"gateway\":\"10.9.0.1\",\"interface\":0}]}";

    /** A fake plugin: appends CNI_COMMAND, CNI_IFNAME, CNI_NETNS and its stdin to calls.log, then prints {@code output} and exits with {@code code}. */
    private void plugin(String name, String output, int code) throws IOException {
        Path script = dir.resolve("plugins").resolve(name);
        Files.createDirectories(script.getParent());
        Files.writeString(script, "#!/bin/sh\n"
                + "{ echo \"" + name + " $CNI_COMMAND $CNI_IFNAME netns=$CNI_NETNS id=$CNI_CONTAINERID path=$CNI_PATH args=$CNI_ARGS\"; cat; echo; } >> "
                + dir.resolve("calls.log") + "\n"
                + "cat <<'EOF'\n" + output + "\nEOF\n"
                + "exit " + code + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private CniNetwork network() {
        // lo is brought up in-process in a real namespace; here it is recorded in calls.log as the plugins are.
        return new CniNetwork(new CniConfig("testnet", "k4t-br", "10.9.0.0/24", 1400, dir.resolve("plugins"),
                dir.resolve("ipam"), dir.resolve("results"), true, false),
                netns -> Files.writeString(dir.resolve("calls.log"), "lo up netns=" + netns + "\n",
                        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND));
    }

    private static SandboxConfig sandbox(List<SandboxConfig.PortMapping> ports) {
        return new SandboxConfig("web", "prod", "uid-1", 0, "web", Path.of("/tmp"), null, List.of(), ports,
                false, false, false, false, "", Map.of(), Map.of(), Map.of());
    }

    private List<String> calls() throws IOException {
        return Files.readAllLines(dir.resolve("calls.log")).stream().filter(l -> !l.isBlank()).toList();
    }

    @Test
    void gatewayIsTheCidrsFirstAddress() {
        assertThat(CniConfig.gatewayOf("10.244.3.0/24")).isEqualTo("10.244.3.1");
        assertThat(CniConfig.gatewayOf("10.244.3.77/24")).isEqualTo("10.244.3.1");
        assertThat(CniConfig.gatewayOf("10.128.0.0/9")).isEqualTo("10.128.0.1");
        assertThat(CniConfig.gatewayOf("fd00:10:244::/64")).isEqualTo("fd00:10:244:0:0:0:0:1");
        assertThatThrownBy(() -> CniConfig.gatewayOf("10.0.0.0/31")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CniConfig.gatewayOf("10.0.0.0")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void conflistChainsBridgeWithHostLocalThenPortmap() {
        JsonNode list = network().conflist();
        assertThat(list.get("cniVersion").asString()).isEqualTo("1.0.0");
        JsonNode bridge = list.get("plugins").get(0);
        assertThat(bridge.get("type").asString()).isEqualTo("bridge");
        assertThat(bridge.get("bridge").asString()).isEqualTo("k4t-br");
        assertThat(bridge.get("mtu").asInt()).isEqualTo(1400);
        assertThat(bridge.get("ipMasq").asBoolean()).isTrue();
        assertThat(bridge.get("hairpinMode").asBoolean()).isFalse();
        JsonNode range = bridge.get("ipam").get("ranges").get(0).get(0);
        assertThat(range.get("subnet").asString()).isEqualTo("10.9.0.0/24");
        assertThat(range.get("gateway").asString()).isEqualTo("10.9.0.1");
        assertThat(bridge.get("ipam").get("dataDir").asString()).isEqualTo(dir.resolve("ipam").toString());
        assertThat(list.get("plugins").get(1).get("type").asString()).isEqualTo("portmap");
        assertThat(list.get("plugins").get(1).get("capabilities").get("portMappings").asBoolean()).isTrue();
    }

    @Test
    void addChainsPrevResultPassesPortMappingsAndCachesTheResultForDel() throws Exception {
        plugin("bridge", RESULT, 0);
        plugin("portmap", RESULT, 0);
        Path netns = Files.createFile(dir.resolve("netns"));
        SandboxConfig sandbox = sandbox(List.of(new SandboxConfig.PortMapping(80, 8080, "TCP", "")));

        assertThat(network().setUp("sb1", sandbox, netns)).containsExactly("10.9.0.5");

        List<String> calls = calls();
        assertThat(calls.get(0)).isEqualTo("lo up netns=" + netns);
        assertThat(calls.get(1)).startsWith("bridge ADD eth0 netns=" + netns + " id=sb1 path=" + dir.resolve("plugins"))
                .contains("K8S_POD_NAMESPACE=prod;K8S_POD_NAME=web;K8S_POD_INFRA_CONTAINER_ID=sb1;K8S_POD_UID=uid-1");
        JsonNode bridgeIn = CniPluginRunner.JSON.readTree(calls.get(2));
        assertThat(bridgeIn.get("name").asString()).isEqualTo("testnet");
        assertThat(bridgeIn.has("prevResult")).isFalse();
        assertThat(bridgeIn.has("runtimeConfig")).as("bridge has no portMappings capability").isFalse();
        assertThat(calls.get(3)).startsWith("portmap ADD eth0");
        JsonNode portmapIn = CniPluginRunner.JSON.readTree(calls.get(4));
        assertThat(portmapIn.get("prevResult").get("ips").get(0).get("address").asString()).isEqualTo("10.9.0.5/24");
        JsonNode mapping = portmapIn.get("runtimeConfig").get("portMappings").get(0);
        assertThat(mapping.get("hostPort").asInt()).isEqualTo(8080);
        assertThat(mapping.get("containerPort").asInt()).isEqualTo(80);
        assertThat(mapping.get("protocol").asString()).isEqualTo("tcp");
        assertThat(Files.readString(dir.resolve("results").resolve("testnet-sb1-eth0"))).contains("10.9.0.5/24");

        // DEL after a "restart" (a new CniNetwork), without the port mappings: the cache supplies both.
        Files.delete(dir.resolve("calls.log"));
        network().tearDown("sb1", sandbox(List.of()), netns);
        calls = calls();
        assertThat(calls.get(0)).startsWith("portmap DEL eth0");
        JsonNode portmapDel = CniPluginRunner.JSON.readTree(calls.get(1));
        assertThat(portmapDel.get("prevResult").get("ips").get(0).get("address").asString()).isEqualTo("10.9.0.5/24");
        assertThat(portmapDel.get("runtimeConfig").get("portMappings").get(0).get("hostPort").asInt()).isEqualTo(8080);
        assertThat(calls.get(2)).startsWith("bridge DEL eth0");
        assertThat(calls).as("lo goes with the namespace: no DEL for it").hasSize(4);
        assertThat(dir.resolve("results").resolve("testnet-sb1-eth0")).doesNotExist();
    }

    @Test
    void aPodWithoutHostPortsNeverRunsPortmap() throws Exception {
        plugin("bridge", RESULT, 0);
        plugin("portmap", RESULT, 0);
        Path netns = Files.createFile(dir.resolve("netns"));
        // a containerPort without a hostPort maps nothing
        SandboxConfig sandbox = sandbox(List.of(new SandboxConfig.PortMapping(80, 0, "TCP", "")));

        assertThat(network().setUp("sb5", sandbox, netns)).containsExactly("10.9.0.5");
        network().tearDown("sb5", sandbox, netns);

        assertThat(calls()).filteredOn(l -> l.contains(" ADD ") || l.contains(" DEL ")).extracting(l -> l.substring(0, l.indexOf(" eth0")))
                .containsExactly("bridge ADD", "bridge DEL");
    }

    @Test
    void delWithTheNamespaceGoneAndNoCachedAddPassesNoNetnsAndRunsTheChainForTheSandboxsPorts() throws Exception {
        plugin("bridge", "", 0);
        plugin("portmap", "", 0);
        network().tearDown("sb2", sandbox(List.of(new SandboxConfig.PortMapping(80, 8080, "TCP", ""))), dir.resolve("gone"));
        List<String> calls = calls();
        assertThat(calls).filteredOn(l -> l.contains(" DEL ")).extracting(l -> l.substring(0, l.indexOf(" id=")))
                .containsExactly("portmap DEL eth0 netns=", "bridge DEL eth0 netns=");
    }

    @Test
    void aPluginsErrorIsANetworkFailureNamingItAndTheAddIsUndone() throws Exception {
        plugin("bridge", "{\"cniVersion\":\"1.0.0\",\"code\":11,\"msg\":\"failed to allocate for range 0\",\"details\":\"no IP addresses available\"}", 1);
        plugin("portmap", "", 0);
        Path netns = Files.createFile(dir.resolve("netns"));
        assertThatThrownBy(() -> network().setUp("sb3", sandbox(List.of()), netns))
                .isInstanceOfSatisfying(RuntimeFailure.class, f -> {
                    assertThat(f.reason()).isEqualTo(RuntimeFailure.Reason.NETWORK);
                    assertThat(f.getMessage()).isEqualTo(
                            "CNI plugin bridge ADD failed: failed to allocate for range 0: no IP addresses available");
                });
        assertThat(calls()).filteredOn(l -> l.contains(" DEL ")).extracting(l -> l.substring(0, l.indexOf(" ")))
                .containsExactly("bridge");
        assertThat(dir.resolve("results").resolve("testnet-sb3-eth0")).doesNotExist();
    }

    @Test
    void missingPluginAndNonJsonErrorsAreReported() throws Exception {
        assertThatThrownBy(() -> network().setUp("sb4", sandbox(List.of()), dir))
                .hasMessageContaining("CNI plugin bridge not found in " + dir.resolve("plugins"));
        assertThat(CniPluginRunner.errorMessage("", "panic: boom", 2)).isEqualTo("panic: boom");
        assertThat(CniPluginRunner.errorMessage("", "", 2)).isEqualTo("exit code 2");
        assertThat(CniPluginRunner.errorMessage("{\"code\":7,\"msg\":\"bad config\"}", "", 1)).isEqualTo("bad config");
    }

    @Test
    void iptablesRuleLinesSplitIntoWords() {
        assertThat(MasqueradeRules.split("-A POSTROUTING -s 10.9.0.5/32 -m comment --comment \"name: \\\"net\\\" id: \\\"sb\\\"\" -j CNI-abc"))
                .containsExactly("-A", "POSTROUTING", "-s", "10.9.0.5/32", "-m", "comment", "--comment",
                        "name: \"net\" id: \"sb\"", "-j", "CNI-abc");
    }
}
