package io.kube4j.kubelet.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kube4j.apiserver.testing.TestApiServer;
import io.kube4j.kubelet.config.ContainerConfigException;
import io.kube4j.kubelet.config.Fabric8ObjectSource;
import io.kube4j.kubelet.config.PodConfigOptions;
import io.kube4j.kubelet.config.PodRuntimeConfigs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Volumes and env from a real apiserver through the fabric8 sources (ConfigMaps, Secrets, Services, TokenRequest). */
class VolumesFromApiIT {

    private static final String NS = "vol-it";

    private static TestApiServer api;
    private static KubernetesClient client;

    @TempDir
    Path root;

    @BeforeAll
    static void start() throws Exception {
        api = TestApiServer.start();
        client = api.fabric8();
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).create();
        client.configMaps().inNamespace(NS).resource(new ConfigMapBuilder().withNewMetadata().withName("app").endMetadata()
                .withData(Map.of("mode", "fast")).build()).create();
        client.secrets().inNamespace(NS).resource(new SecretBuilder().withNewMetadata().withName("creds").endMetadata()
                .withData(Map.of("password", Base64.getEncoder().encodeToString("s3cret".getBytes()))).build()).create();
        client.services().inNamespace(NS).resource(new ServiceBuilder().withNewMetadata().withName("db").endMetadata()
                .withNewSpec().addNewPort().withPort(5432).endPort().endSpec().build()).create();
    }

    @AfterAll
    static void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (api != null) {
            api.close();
        }
    }

    private static Pod pod(String name, Container c, VolumeBuilder... volumes) {
        Pod pod = new PodBuilder().withNewMetadata().withName(name).withNamespace(NS).endMetadata()
                .withNewSpec().withContainers(c).withVolumes(java.util.Arrays.stream(volumes).map(VolumeBuilder::build).toList())
                .endSpec().build();
        return client.pods().inNamespace(NS).resource(pod).create();
    }

    private PodVolumeManager manager(TokenSource tokens) {
        // no cache: each set-up reads the API afresh
        return new PodVolumeManager(root.resolve("pods"), new Fabric8ObjectSource(client, Duration.ZERO, Clock.systemUTC()), tokens,
                "node-1", Map.of(), false, Clock.systemUTC());
    }

    @Test
    void configMapSecretAndProjectedFollowTheApi() throws Exception {
        Container c = new io.fabric8.kubernetes.api.model.ContainerBuilder().withName("app").withImage("busybox").build();
        Pod pod = pod("vols", c,
                new VolumeBuilder().withName("cfg").withNewConfigMap().withName("app").endConfigMap(),
                new VolumeBuilder().withName("sec").withNewSecret().withSecretName("creds").endSecret(),
                new VolumeBuilder().withName("all").withNewProjected()
                        .addNewSource().withNewConfigMap().withName("kube-root-ca.crt").endConfigMap().endSource()
                        .addNewSource().withNewSecret().withName("creds").endSecret().endSource()
                        .addNewSource().withNewDownwardAPI().addNewItem().withPath("namespace").withNewFieldRef("v1", "metadata.namespace")
                        .endItem().endDownwardAPI().endSource().endProjected());
        PodVolumeManager manager = manager(new Fabric8TokenSource(client));
        PodVolumes v = manager.setUp(pod);
        assertThat(Files.readString(v.byName().get("cfg").path().resolve("mode"))).isEqualTo("fast");
        assertThat(Files.readString(v.byName().get("sec").path().resolve("password"))).isEqualTo("s3cret");
        Path all = v.byName().get("all").path();
        assertThat(Files.readString(all.resolve("ca.crt"))).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(Files.readString(all.resolve("namespace"))).isEqualTo(NS);

        client.configMaps().inNamespace(NS).withName("app").edit(cm -> new ConfigMapBuilder(cm).withData(Map.of("mode", "slow")).build());
        manager.setUp(pod);
        assertThat(Files.readString(v.byName().get("cfg").path().resolve("..data/mode"))).isEqualTo("slow");

        Pod missing = pod("missing", c, new VolumeBuilder().withName("cfg").withNewConfigMap().withName("nope").endConfigMap());
        assertThatThrownBy(() -> manager.setUp(missing))
                .hasMessage("MountVolume.SetUp failed for volume \"cfg\" : configmap \"nope\" not found");
        manager.tearDown(pod.getMetadata().getUid());
        assertThat(Files.exists(root.resolve("pods").resolve(pod.getMetadata().getUid()))).isFalse();
    }

    @Test
    void envFromTheApi() throws Exception {
        Container c = new io.fabric8.kubernetes.api.model.ContainerBuilder().withName("app").withImage("busybox")
                .addNewEnv().withName("MODE").withNewValueFrom().withNewConfigMapKeyRef("mode", "app", false).endValueFrom().endEnv()
                .addNewEnv().withName("PASSWORD").withNewValueFrom().withNewSecretKeyRef("password", "creds", false).endValueFrom().endEnv()
                .addNewEnv().withName("DSN").withValue("pg://$(DB_SERVICE_HOST):$(DB_SERVICE_PORT)").endEnv()
                .build();
        Pod pod = pod("env", c);
        var options = PodConfigOptions.defaults(root, "node-1", List.of("10.96.0.10"), 1L << 33);
        var configs = new PodRuntimeConfigs(new PodConfigOptions(options.clusterDns(), options.clusterDomain(), options.podLogsDir(),
                options.podsDir(), "/", null, options.nodeHostsFile(), options.seccompDir(), "node-1", List.of(),
                Map.of("cpu", new Quantity("2")), 1L << 33), new Fabric8ObjectSource(client), null);
        var cfg = configs.container(pod, c, 0, new PodVolumes(pod.getMetadata().getUid(), Map.of()), List.of("10.244.0.9"));
        String dbIp = client.services().inNamespace(NS).withName("db").get().getSpec().getClusterIP();
        assertThat(cfg.env()).contains("PASSWORD=s3cret", "DB_SERVICE_PORT=5432", "DSN=pg://" + dbIp + ":5432");
        assertThat(cfg.env()).anyMatch(e -> e.startsWith("MODE="));
        Container bad = new io.fabric8.kubernetes.api.model.ContainerBuilder().withName("app").withImage("busybox")
                .addNewEnv().withName("X").withNewValueFrom().withNewSecretKeyRef("k", "nope", false).endValueFrom().endEnv().build();
        assertThatThrownBy(() -> configs.container(pod, bad, 0, new PodVolumes(pod.getMetadata().getUid(), Map.of()), List.of()))
                .isInstanceOf(ContainerConfigException.class).hasMessage("secret \"nope\" not found");
    }

    @Test
    void objectSourceKeepsAnswersForItsTtl() {
        client.configMaps().inNamespace(NS).resource(new ConfigMapBuilder().withNewMetadata().withName("cached").endMetadata()
                .withData(Map.of("v", "1")).build()).create();
        var cached = new Fabric8ObjectSource(client, Duration.ofHours(1), Clock.systemUTC());
        var fresh = new Fabric8ObjectSource(client, Duration.ZERO, Clock.systemUTC());
        assertThat(cached.configMap(NS, "cached").getData()).containsEntry("v", "1");
        assertThat(cached.configMap(NS, "absent")).isNull();
        client.configMaps().inNamespace(NS).withName("cached").edit(cm -> new ConfigMapBuilder(cm).withData(Map.of("v", "2")).build());
        client.configMaps().inNamespace(NS).resource(new ConfigMapBuilder().withNewMetadata().withName("absent").endMetadata().build()).create();
        assertThat(cached.configMap(NS, "cached").getData()).containsEntry("v", "1");
        assertThat(cached.configMap(NS, "absent")).isNull();
        assertThat(fresh.configMap(NS, "cached").getData()).containsEntry("v", "2");
        assertThat(fresh.configMap(NS, "absent")).isNotNull();
        assertThat(fresh.services(NS)).extracting(s -> s.getMetadata().getName()).contains("db");
    }

    @Test
    void projectedServiceAccountToken() throws Exception {
        Container c = new io.fabric8.kubernetes.api.model.ContainerBuilder().withName("app").withImage("busybox").build();
        Pod pod = pod("token", c, new VolumeBuilder().withName("kube-api-access").withNewProjected()
                .addNewSource().withNewServiceAccountToken().withPath("token").withExpirationSeconds(3600L).endServiceAccountToken().endSource()
                .endProjected());
        String url = client.getMasterUrl().toString().replaceAll("/$", "") + "/api/v1/namespaces/" + NS + "/serviceaccounts/default/token";
        String probe;
        try {
            probe = client.raw(url, "POST", "{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"TokenRequest\",\"spec\":{}}");
        } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
            probe = e.getCode() == 404 || e.getCode() == 405 ? null : "other";
        }
        assumeTrue(probe != null, "this branch's apiserver answers 404 for POST serviceaccounts/default/token (TokenRequest not served)");
        PodVolumes v = manager(new Fabric8TokenSource(client)).setUp(pod);
        String token = Files.readString(v.byName().get("kube-api-access").path().resolve("token"));
        assertThat(token.split("\\.")).hasSize(3);
    }
}
