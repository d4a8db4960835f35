package io.kube4j.kubelet.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.kube4j.kubelet.volume.PodVolumes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerEnvTest {

    @TempDir
    Path root;

    private final MapObjectSource source = new MapObjectSource();
    private final RecordingEvents events = new RecordingEvents();
    private PodRuntimeConfigs configs;

    @BeforeEach
    void setUp() {
        configs = new PodRuntimeConfigs(TestPods.options(root, null, List.of("10.96.0.10")), source, events);
        source.put(new ConfigMapBuilder().withNewMetadata().withName("cfg").withNamespace("shop").endMetadata()
                .withData(Map.of("MODE", "fast", "LEVEL", "3", "bad key", "x", "1ST", "y")).build());
        source.put(new SecretBuilder().withNewMetadata().withName("creds").withNamespace("shop").endMetadata()
                .withData(Map.of("PASSWORD", b64("s3cret"), "USER", b64("admin"))).build());
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private Map<String, String> env(Pod pod) throws ContainerConfigException {
        return env(pod, List.of("10.244.0.7", "fd00::7"));
    }

    private Map<String, String> env(Pod pod, List<String> ips) throws ContainerConfigException {
        Container c = pod.getSpec().getContainers().getFirst();
        var cfg = configs.container(pod, c, 0, new PodVolumes(TestPods.UID, Map.of()), ips);
        Map<String, String> out = new LinkedHashMap<>();
        for (String kv : cfg.env()) {
            int eq = kv.indexOf('=');
            out.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        return out;
    }

    private static Pod noLinks(Container c) {
        return TestPods.pod().editSpec().withEnableServiceLinks(false).withContainers(c).endSpec().build();
    }

    @Test
    void envFromWithPrefixSkipsInvalidNamesAndEnvOverrides() throws Exception {
        Container c = TestPods.container()
                .addNewEnvFrom().withPrefix("CFG_").withNewConfigMapRef("cfg", false).endEnvFrom()
                .addNewEnvFrom().withNewSecretRef("creds", false).endEnvFrom()
                .addNewEnvFrom().withNewConfigMapRef("missing", true).endEnvFrom()
                .addNewEnv().withName("CFG_MODE").withValue("slow").endEnv()
                .build();
        Map<String, String> env = env(noLinks(c));
        assertThat(env).containsEntry("CFG_MODE", "slow").containsEntry("CFG_LEVEL", "3").containsEntry("CFG_1ST", "y")
                .containsEntry("PASSWORD", "s3cret").containsEntry("USER", "admin").doesNotContainKey("CFG_bad key");
        assertThat(events.events).containsExactly(
                "Warning InvalidEnvironmentVariableNames: Keys [CFG_bad key] from the EnvFrom configMap shop/cfg were skipped since they are considered invalid environment variable names.");
        // without a prefix a key starting with a digit is not a valid name either
        Container digits = TestPods.container().addNewEnvFrom().withNewConfigMapRef("cfg", false).endEnvFrom().build();
        assertThat(env(noLinks(digits))).doesNotContainKeys("1ST", "bad key").containsEntry("MODE", "fast");
    }

    @Test
    void missingSourcesFailUnlessOptional() {
        Container cm = TestPods.container().addNewEnvFrom().withNewConfigMapRef("nope", false).endEnvFrom().build();
        assertThatThrownBy(() -> env(noLinks(cm))).isInstanceOf(ContainerConfigException.class).hasMessage("configmap \"nope\" not found");
        Container key = TestPods.container().addNewEnv().withName("X").withNewValueFrom().withNewConfigMapKeyRef("nokey", "cfg", false)
                .endValueFrom().endEnv().build();
        assertThatThrownBy(() -> env(noLinks(key))).hasMessage("couldn't find key nokey in ConfigMap shop/cfg");
        Container skey = TestPods.container().addNewEnv().withName("X").withNewValueFrom().withNewSecretKeyRef("nokey", "creds", false)
                .endValueFrom().endEnv().build();
        assertThatThrownBy(() -> env(noLinks(skey))).hasMessage("couldn't find key nokey in Secret shop/creds");
        Container sec = TestPods.container().addNewEnv().withName("X").withNewValueFrom().withNewSecretKeyRef("k", "gone", false)
                .endValueFrom().endEnv().build();
        assertThatThrownBy(() -> env(noLinks(sec))).hasMessage("secret \"gone\" not found");
    }

    @Test
    void optionalKeyRefsAreLeftOut() throws Exception {
        Container c = TestPods.container()
                .addNewEnv().withName("A").withNewValueFrom().withNewConfigMapKeyRef("nokey", "cfg", true).endValueFrom().endEnv()
                .addNewEnv().withName("B").withNewValueFrom().withNewSecretKeyRef("k", "gone", true).endValueFrom().endEnv()
                .addNewEnv().withName("C").withNewValueFrom().withNewConfigMapKeyRef("MODE", "cfg", true).endValueFrom().endEnv()
                .addNewEnv().withName("D").withNewValueFrom().withNewSecretKeyRef("USER", "creds", false).endValueFrom().endEnv()
                .build();
        assertThat(env(noLinks(c))).doesNotContainKeys("A", "B").containsEntry("C", "fast").containsEntry("D", "admin");
    }

    @Test
    void expansionSeesEarlierVariablesAndEscapes() throws Exception {
        Container c = TestPods.container()
                .addNewEnvFrom().withNewConfigMapRef("cfg", false).endEnvFrom()
                .addNewEnv().withName("FIRST").withValue("one").endEnv()
                .addNewEnv().withName("SECOND").withValue("$(FIRST)-two-$(MODE)").endEnv()
                .addNewEnv().withName("LATER").withValue("$(THIRD)").endEnv()
                .addNewEnv().withName("THIRD").withValue("three").endEnv()
                .addNewEnv().withName("ESCAPED").withValue("$$(FIRST)").endEnv()
                .withCommand("sh", "-c", "echo $(SECOND) $$(FIRST)")
                .withArgs("$(THIRD)")
                .build();
        var pod = noLinks(c);
        Map<String, String> env = env(pod);
        assertThat(env).containsEntry("SECOND", "one-two-fast").containsEntry("LATER", "$(THIRD)").containsEntry("ESCAPED", "$(FIRST)");
        List<String> names = new ArrayList<>(env.keySet());
        assertThat(names.indexOf("FIRST")).isLessThan(names.indexOf("SECOND"));
        var cfg = configs.container(pod, c, 0, new PodVolumes(TestPods.UID, Map.of()), List.of("10.244.0.7"));
        assertThat(cfg.command()).containsExactly("sh", "-c", "echo one-two-fast $(FIRST)");
        assertThat(cfg.args()).containsExactly("three");
    }

    @Test
    void fieldRefs() throws Exception {
        source.put(new NodeBuilder().withNewMetadata().withName("node-1").endMetadata().withNewStatus()
                .addNewAddress().withType("Hostname").withAddress("node-1").endAddress()
                .addNewAddress().withType("InternalIP").withAddress("192.168.1.20").endAddress()
                .addNewAddress().withType("InternalIP").withAddress("fd01::20").endAddress().endStatus().build());
        String[][] refs = {
            {"NAME", "metadata.name"}, {"NS", "metadata.namespace"}, {"UID", "metadata.uid"},
            {"LABELS", "metadata.labels"}, {"ANN", "metadata.annotations"}, {"APP", "metadata.labels['app']"},
            {"TEAM", "metadata.annotations['team']"}, {"NONE", "metadata.labels['nope']"},
            {"NODE", "spec.nodeName"}, {"SA", "spec.serviceAccountName"}, {"HOST_IP", "status.hostIP"},
            {"HOST_IPS", "status.hostIPs"}, {"POD_IP", "status.podIP"}, {"POD_IPS", "status.podIPs"}};
        var b = TestPods.container();
        for (String[] r : refs) {
            b.addToEnv(new EnvVarBuilder().withName(r[0]).withNewValueFrom().withNewFieldRef("v1", r[1]).endValueFrom().build());
        }
        Map<String, String> env = env(noLinks(b.build()));
        assertThat(env).containsEntry("NAME", "web").containsEntry("NS", "shop").containsEntry("UID", TestPods.UID)
                .containsEntry("LABELS", "app=\"web\"\ntier=\"front\"").containsEntry("ANN", "team=\"a \\\"b\\\"\"")
                .containsEntry("APP", "web").containsEntry("TEAM", "a \"b\"").containsEntry("NONE", "")
                .containsEntry("NODE", "node-1").containsEntry("SA", "builder")
                .containsEntry("HOST_IP", "192.168.1.20").containsEntry("HOST_IPS", "192.168.1.20,fd01::20")
                .containsEntry("POD_IP", "10.244.0.7").containsEntry("POD_IPS", "10.244.0.7,fd00::7");
        // without a readable Node the configured node IPs are used
        source.remove("Node", null, "node-1");
        assertThat(env(noLinks(b.build()))).containsEntry("HOST_IP", "10.0.0.5");
        Container bad = TestPods.container().addNewEnv().withName("X").withNewValueFrom().withNewFieldRef("v1", "spec.nope")
                .endValueFrom().endEnv().build();
        assertThatThrownBy(() -> env(noLinks(bad))).hasMessage("unsupported fieldPath: spec.nope");
    }

    @Test
    void resourceFieldRefsWithDivisorAndAllocatableDefaults() throws Exception {
        var b = TestPods.container().withNewResources()
                .withRequests(TestPods.q("cpu", "250m", "memory", "64Mi"))
                .withLimits(TestPods.q("memory", "128Mi")).endResources();
        Object[][] refs = {
            {"LCPU", "limits.cpu", null}, {"LCPU_M", "limits.cpu", "1m"}, {"RCPU", "requests.cpu", null},
            {"RCPU_M", "requests.cpu", "1m"}, {"LMEM", "limits.memory", null}, {"LMEM_MI", "limits.memory", "1Mi"},
            {"RMEM_MI", "requests.memory", "1Mi"}, {"LEPH_GI", "limits.ephemeral-storage", "1Gi"}};
        for (Object[] r : refs) {
            var sel = new io.fabric8.kubernetes.api.model.ResourceFieldSelector(null, r[2] == null ? null : new Quantity((String) r[2]), (String) r[1]);
            b.addToEnv(new EnvVarBuilder().withName((String) r[0]).withNewValueFrom().withResourceFieldRef(sel).endValueFrom().build());
        }
        Map<String, String> env = env(noLinks(b.build()));
        assertThat(env).containsEntry("LCPU", "4").containsEntry("LCPU_M", "4000").containsEntry("RCPU", "1")
                .containsEntry("RCPU_M", "250").containsEntry("LMEM", String.valueOf(128 * 1024 * 1024))
                .containsEntry("LMEM_MI", "128").containsEntry("RMEM_MI", "64").containsEntry("LEPH_GI", "100");
    }

    @Test
    void serviceLinksForTheNamespaceAndTheMasterService() throws Exception {
        source.put(new ServiceBuilder().withNewMetadata().withName("kubernetes").withNamespace("default").endMetadata()
                .withNewSpec().withClusterIP("10.96.0.1").addNewPort().withName("https").withPort(443).withProtocol("TCP").endPort()
                .endSpec().build());
        source.put(new ServiceBuilder().withNewMetadata().withName("other").withNamespace("default").endMetadata()
                .withNewSpec().withClusterIP("10.96.0.9").addNewPort().withPort(1).endPort().endSpec().build());
        source.put(new ServiceBuilder().withNewMetadata().withName("redis-master").withNamespace("shop").endMetadata()
                .withNewSpec().withClusterIP("10.96.3.4")
                .addNewPort().withPort(6379).endPort()
                .addNewPort().withName("metrics").withPort(9121).withProtocol("UDP").endPort().endSpec().build());
        source.put(new ServiceBuilder().withNewMetadata().withName("headless").withNamespace("shop").endMetadata()
                .withNewSpec().withClusterIP("None").addNewPort().withPort(80).endPort().endSpec().build());
        Container c = TestPods.container().addNewEnv().withName("REDIS").withValue("$(REDIS_MASTER_SERVICE_HOST):$(REDIS_MASTER_SERVICE_PORT)")
                .endEnv().addNewEnv().withName("KUBERNETES_SERVICE_HOST").withValue("override").endEnv().build();
        Map<String, String> env = env(TestPods.withContainer(c));
        assertThat(env)
                .containsEntry("REDIS", "10.96.3.4:6379")
                .containsEntry("KUBERNETES_SERVICE_HOST", "override")
                .containsEntry("KUBERNETES_SERVICE_PORT", "443")
                .containsEntry("KUBERNETES_SERVICE_PORT_HTTPS", "443")
                .containsEntry("KUBERNETES_PORT", "tcp://10.96.0.1:443")
                .containsEntry("KUBERNETES_PORT_443_TCP", "tcp://10.96.0.1:443")
                .containsEntry("KUBERNETES_PORT_443_TCP_PROTO", "tcp")
                .containsEntry("KUBERNETES_PORT_443_TCP_PORT", "443")
                .containsEntry("KUBERNETES_PORT_443_TCP_ADDR", "10.96.0.1")
                .containsEntry("REDIS_MASTER_SERVICE_HOST", "10.96.3.4")
                .containsEntry("REDIS_MASTER_SERVICE_PORT", "6379")
                .containsEntry("REDIS_MASTER_SERVICE_PORT_METRICS", "9121")
                .containsEntry("REDIS_MASTER_PORT", "tcp://10.96.3.4:6379")
                .containsEntry("REDIS_MASTER_PORT_9121_UDP", "udp://10.96.3.4:9121")
                .containsEntry("REDIS_MASTER_PORT_9121_UDP_PROTO", "udp")
                .doesNotContainKeys("OTHER_SERVICE_HOST", "HEADLESS_SERVICE_HOST");
        List<String> names = new ArrayList<>(env.keySet());
        assertThat(names.indexOf("REDIS")).isLessThan(names.indexOf("KUBERNETES_SERVICE_PORT"));

        Map<String, String> off = env(noLinks(c));
        assertThat(off).containsEntry("KUBERNETES_SERVICE_PORT", "443").doesNotContainKey("REDIS_MASTER_SERVICE_HOST")
                .containsEntry("REDIS", "$(REDIS_MASTER_SERVICE_HOST):$(REDIS_MASTER_SERVICE_PORT)");
    }
}
