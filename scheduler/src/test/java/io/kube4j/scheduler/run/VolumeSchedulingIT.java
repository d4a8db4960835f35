package io.kube4j.scheduler.run;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorTermBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kube4j.apiserver.testing.TestApiServer;
import io.kube4j.scheduler.core.Profile;
import io.kube4j.scheduler.plugins.volumes.VolumeObjects;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.kube4j.scheduler.testing.Fixtures.node;
import static io.kube4j.scheduler.testing.Fixtures.withLabels;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * VolumeBinding and the informer-backed plugin inputs against the real apiserver: a missing claim
 * keeps a pod Pending with upstream's message (and creating the claim retries it), a bound
 * volume's node affinity decides the node, a WaitForFirstConsumer claim binds to the local volume
 * of the node the pod lands on, and a Service selecting pods spreads them by the system default
 * constraints.
 */
class VolumeSchedulingIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String HOSTNAME = "kubernetes.io/hostname";
    private static final String POOL = "pool";

    private static TestApiServer server;
    private static KubernetesClient client;
    private static Scheduler scheduler;

    @BeforeAll
    static void start() throws Exception {
        server = TestApiServer.start();
        client = server.fabric8();
        createNode(withLabels(node("vol-a", "cpu", "4", "memory", "8Gi").build(), HOSTNAME, "vol-a", POOL, "vol"));
        createNode(withLabels(node("vol-b", "cpu", "4", "memory", "8Gi").build(), HOSTNAME, "vol-b", POOL, "vol"));
        // A big and a small node: without spreading, resource scores put every small pod on "big".
        createNode(withLabels(node("big", "cpu", "64", "memory", "256Gi").build(), HOSTNAME, "big", POOL, "spread"));
        createNode(withLabels(node("small", "cpu", "4", "memory", "16Gi").build(), HOSTNAME, "small", POOL, "spread"));
        client.storage().v1().storageClasses().resource(new StorageClassBuilder().withNewMetadata()
                .withName("local-wffc").endMetadata().withProvisioner(VolumeObjects.NO_PROVISIONER)
                .withVolumeBindingMode("WaitForFirstConsumer").build()).create();
        client.storage().v1().storageClasses().resource(new StorageClassBuilder().withNewMetadata()
                .withName("dynamic").endMetadata().withProvisioner("example.com/csi")
                .withVolumeBindingMode("WaitForFirstConsumer").build()).create();
        scheduler = Scheduler.start(client, Profile::defaults);
    }

    @AfterAll
    static void stop() throws Exception {
        if (scheduler != null) {
            scheduler.close();
        }
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aMissingClaimKeepsThePodPendingUntilTheClaimExists() {
        client.pods().resource(pod("needs-claim", "vol", "absent")).create();
        await().atMost(WAIT).untilAsserted(() -> assertThat(scheduledCondition("needs-claim")).hasValueSatisfying(c -> {
            assertThat(c.getStatus()).isEqualTo("False");
            assertThat(c.getReason()).isEqualTo("Unschedulable");
            assertThat(c.getMessage()).isEqualTo("0/4 nodes are available: persistentvolumeclaim \"absent\" not found. "
                    + "preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling.");
        }));
        assertThat(nodeOf("needs-claim")).isNull();

        // A dynamically provisioned claim: the claim's arrival retries the pod, PreBind selects its node.
        client.persistentVolumeClaims().resource(claim("absent", "dynamic", "1Gi")).create();
        await().atMost(WAIT).untilAsserted(() -> assertThat(nodeOf("needs-claim")).isNotNull());
        PersistentVolumeClaim pvc = client.persistentVolumeClaims().inNamespace("default").withName("absent").get();
        assertThat(pvc.getMetadata().getAnnotations()).containsEntry(VolumeObjects.SELECTED_NODE, nodeOf("needs-claim"));
    }

    @Test
    void aBoundVolumesNodeAffinityDecidesTheNode() {
        client.persistentVolumes().resource(volume("pv-on-b", "", "1Gi", "vol-b")
                .editSpec().withNewClaimRef().withNamespace("default").withName("bound-claim").endClaimRef().endSpec()
                .build()).create();
        client.persistentVolumeClaims().resource(new PersistentVolumeClaimBuilder(claim("bound-claim", "", "1Gi"))
                .editSpec().withVolumeName("pv-on-b").endSpec().build()).create();
        for (int i = 0; i < 3; i++) {
            String name = "uses-bound-" + i;
            client.pods().resource(pod(name, "vol", "bound-claim")).create();
            await().atMost(WAIT).untilAsserted(() -> assertThat(nodeOf(name)).isEqualTo("vol-b"));
        }
    }

    @Test
    void aWaitForFirstConsumerClaimBindsToTheLocalVolumeOfThePodsNode() {
        client.persistentVolumes().resource(volume("local-on-a", "local-wffc", "5Gi", "vol-a").build()).create();
        client.persistentVolumes().resource(volume("local-on-a-small", "local-wffc", "1Gi", "vol-a").build()).create();
        client.persistentVolumeClaims().resource(claim("wffc-claim", "local-wffc", "2Gi")).create();
        client.pods().resource(pod("uses-wffc", "vol", "wffc-claim")).create();

        await().atMost(WAIT).untilAsserted(() -> assertThat(nodeOf("uses-wffc")).isEqualTo("vol-a"));
        PersistentVolume pv = client.persistentVolumes().withName("local-on-a").get();
        assertThat(pv.getSpec().getClaimRef()).isNotNull();
        assertThat(pv.getSpec().getClaimRef().getName()).isEqualTo("wffc-claim");
        assertThat(pv.getSpec().getClaimRef().getNamespace()).isEqualTo("default");
        PersistentVolumeClaim pvc = client.persistentVolumeClaims().inNamespace("default").withName("wffc-claim").get();
        assertThat(pvc.getSpec().getVolumeName()).isEqualTo("local-on-a");
        assertThat(client.persistentVolumes().withName("local-on-a-small").get().getSpec().getClaimRef()).isNull();

        // The only fitting volume is taken now: a second claim of the class finds none.
        client.persistentVolumeClaims().resource(claim("wffc-second", "local-wffc", "2Gi")).create();
        client.pods().resource(pod("uses-wffc-2", "vol", "wffc-second")).create();
        await().atMost(WAIT).untilAsserted(() -> assertThat(scheduledCondition("uses-wffc-2")).hasValueSatisfying(c ->
                assertThat(c.getMessage()).isEqualTo("0/4 nodes are available: 2 node(s) didn't find available "
                        + "persistent volumes to bind, 2 node(s) didn't match Pod's node affinity/selector. "
                        + "preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling.")));
    }

    @Test
    void aServiceSelectingThePodsSpreadsThemByTheDefaultConstraints() {
        // Control: pods no Service selects all go to the big node.
        List<String> lonely = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String name = "lonely-" + i;
            client.pods().resource(labelled(name, "lonely")).create();
            await().atMost(WAIT).untilAsserted(() -> assertThat(nodeOf(name)).isNotNull());
            lonely.add(nodeOf(name));
        }
        assertThat(lonely).containsOnly("big");

        client.services().resource(new ServiceBuilder().withNewMetadata().withName("web").withNamespace("default")
                .endMetadata().withNewSpec().withSelector(Map.of("app", "web")).addNewPort().withPort(80).endPort()
                .endSpec().build()).create();
        await().atMost(WAIT).until(() -> client.services().inNamespace("default").withName("web").get() != null);
        List<String> spread = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String name = "web-" + i;
            client.pods().resource(labelled(name, "web")).create();
            await().atMost(WAIT).untilAsserted(() -> assertThat(nodeOf(name)).isNotNull());
            spread.add(nodeOf(name));
        }
        assertThat(spread).contains("big", "small");
    }

    private static Pod pod(String name, String pool, String claim) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace("default").endMetadata()
                .withNewSpec().withNodeSelector(Map.of(POOL, pool))
                .addNewContainer().withName("c").withImage("busybox").endContainer()
                .addNewVolume().withName("data").withNewPersistentVolumeClaim().withClaimName(claim)
                .endPersistentVolumeClaim().endVolume().endSpec().build();
    }

    private static Pod labelled(String name, String app) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace("default").addToLabels("app", app)
                .endMetadata().withNewSpec().withNodeSelector(Map.of(POOL, "spread"))
                .addNewContainer().withName("c").withImage("busybox").endContainer().endSpec().build();
    }

    private static PersistentVolumeClaim claim(String name, String storageClass, String size) {
        return new PersistentVolumeClaimBuilder().withNewMetadata().withName(name).withNamespace("default").endMetadata()
                .withNewSpec().withStorageClassName(storageClass).withAccessModes("ReadWriteOnce")
                .withNewResources().withRequests(Map.of("storage", new Quantity(size))).endResources().endSpec().build();
    }

    private static PersistentVolumeBuilder volume(String name, String storageClass, String size, String node) {
        return new PersistentVolumeBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withStorageClassName(storageClass).withAccessModes("ReadWriteOnce")
                .withCapacity(Map.of("storage", new Quantity(size))).withNewLocal().withPath("/mnt/" + name).endLocal()
                .withNewNodeAffinity().withNewRequired().withNodeSelectorTerms(new NodeSelectorTermBuilder()
                        .withMatchExpressions(new NodeSelectorRequirementBuilder().withKey(HOSTNAME).withOperator("In")
                                .withValues(node).build()).build()).endRequired().endNodeAffinity()
                .endSpec();
    }

    private static void createNode(Node node) {
        Node created = client.nodes().resource(node).create();
        created.setStatus(node.getStatus());
        client.nodes().resource(created).updateStatus();
    }

    private static String nodeOf(String pod) {
        Pod p = client.pods().inNamespace("default").withName(pod).get();
        return p == null || p.getSpec().getNodeName() == null || p.getSpec().getNodeName().isEmpty()
                ? null : p.getSpec().getNodeName();
    }

    private static Optional<PodCondition> scheduledCondition(String pod) {
        Pod p = client.pods().inNamespace("default").withName(pod).get();
        if (p.getStatus() == null || p.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return p.getStatus().getConditions().stream().filter(c -> "PodScheduled".equals(c.getType())).findFirst();
    }
}
