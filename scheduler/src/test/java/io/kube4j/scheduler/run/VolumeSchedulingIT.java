package io.kube4j.scheduler.run;

import io.fabric8.kubernetes.api.model.NodeSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorTermBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import io.kube4j.scheduler.core.Profile;
import io.kube4j.scheduler.plugins.volumes.VolumeObjects;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.kube4j.scheduler.run.LiveCluster.WAIT;
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

    private static final String HOSTNAME = "kubernetes.io/hostname";
    private static final String POOL = "pool";

    @AutoClose
    private static LiveCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = LiveCluster.start();
        cluster.createNode(withLabels(node("vol-a", "cpu", "4", "memory", "8Gi").build(), HOSTNAME, "vol-a", POOL, "vol"),
                withLabels(node("vol-b", "cpu", "4", "memory", "8Gi").build(), HOSTNAME, "vol-b", POOL, "vol"),
                // A big and a small node: without spreading, resource scores put every small pod on "big".
                withLabels(node("big", "cpu", "64", "memory", "256Gi").build(), HOSTNAME, "big", POOL, "spread"),
                withLabels(node("small", "cpu", "4", "memory", "16Gi").build(), HOSTNAME, "small", POOL, "spread"));
        cluster.client.storage().v1().storageClasses().resource(new StorageClassBuilder().withNewMetadata()
                .withName("local-wffc").endMetadata().withProvisioner(VolumeObjects.NO_PROVISIONER)
                .withVolumeBindingMode("WaitForFirstConsumer").build()).create();
        cluster.client.storage().v1().storageClasses().resource(new StorageClassBuilder().withNewMetadata()
                .withName("dynamic").endMetadata().withProvisioner("example.com/csi")
                .withVolumeBindingMode("WaitForFirstConsumer").build()).create();
        cluster.startScheduler(Profile::defaults);
    }

    @Test
    void aMissingClaimKeepsThePodPendingUntilTheClaimExists() {
        cluster.createPod(pod("needs-claim", "vol", "absent"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(cluster.scheduledCondition("needs-claim")).hasValueSatisfying(c -> {
            assertThat(c.getStatus()).isEqualTo("False");
            assertThat(c.getReason()).isEqualTo("Unschedulable");
            assertThat(c.getMessage()).isEqualTo("0/4 nodes are available: persistentvolumeclaim \"absent\" not found. "
                    + "preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling.");
        }));
        assertThat(cluster.nodeOf("needs-claim")).isNull();

        // A dynamically provisioned claim: the claim's arrival retries the pod, PreBind selects its node.
        cluster.client.persistentVolumeClaims().resource(claim("absent", "dynamic", "1Gi")).create();
        await().atMost(WAIT).untilAsserted(() -> assertThat(cluster.nodeOf("needs-claim")).isNotNull());
        PersistentVolumeClaim pvc = cluster.client.persistentVolumeClaims().inNamespace("default").withName("absent").get();
        assertThat(pvc.getMetadata().getAnnotations()).containsEntry(VolumeObjects.SELECTED_NODE, cluster.nodeOf("needs-claim"));
    }

    @Test
    void aBoundVolumesNodeAffinityDecidesTheNode() {
        cluster.client.persistentVolumes().resource(volume("pv-on-b", "", "1Gi", "vol-b")
                .editSpec().withNewClaimRef().withNamespace("default").withName("bound-claim").endClaimRef().endSpec()
                .build()).create();
        cluster.client.persistentVolumeClaims().resource(new PersistentVolumeClaimBuilder(claim("bound-claim", "", "1Gi"))
                .editSpec().withVolumeName("pv-on-b").endSpec().build()).create();
        for (int i = 0; i < 3; i++) {
            String name = "uses-bound-" + i;
            cluster.createPod(pod(name, "vol", "bound-claim"));
            await().atMost(WAIT).untilAsserted(() -> assertThat(cluster.nodeOf(name)).isEqualTo("vol-b"));
        }
    }

    @Test
    void aWaitForFirstConsumerClaimBindsToTheLocalVolumeOfThePodsNode() {
        cluster.client.persistentVolumes().resource(volume("local-on-a", "local-wffc", "5Gi", "vol-a").build()).create();
        cluster.client.persistentVolumes().resource(volume("local-on-a-small", "local-wffc", "1Gi", "vol-a").build()).create();
        cluster.client.persistentVolumeClaims().resource(claim("wffc-claim", "local-wffc", "2Gi")).create();
        cluster.createPod(pod("uses-wffc", "vol", "wffc-claim"));

        await().atMost(WAIT).untilAsserted(() -> assertThat(cluster.nodeOf("uses-wffc")).isEqualTo("vol-a"));
        PersistentVolume pv = cluster.client.persistentVolumes().withName("local-on-a").get();
        assertThat(pv.getSpec().getClaimRef()).isNotNull();
        assertThat(pv.getSpec().getClaimRef().getName()).isEqualTo("wffc-claim");
        assertThat(pv.getSpec().getClaimRef().getNamespace()).isEqualTo("default");
        PersistentVolumeClaim pvc = cluster.client.persistentVolumeClaims().inNamespace("default").withName("wffc-claim").get();
        assertThat(pvc.getSpec().getVolumeName()).isEqualTo("local-on-a");
        assertThat(cluster.client.persistentVolumes().withName("local-on-a-small").get().getSpec().getClaimRef()).isNull();

        // The only fitting volume is taken now: a second claim of the class finds none.
        cluster.client.persistentVolumeClaims().resource(claim("wffc-second", "local-wffc", "2Gi")).create();
        cluster.createPod(pod("uses-wffc-2", "vol", "wffc-second"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(cluster.scheduledCondition("uses-wffc-2")).hasValueSatisfying(c ->
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
            cluster.createPod(labelled(name, "lonely"));
            await().atMost(WAIT).untilAsserted(() -> assertThat(cluster.nodeOf(name)).isNotNull());
            lonely.add(cluster.nodeOf(name));
        }
        assertThat(lonely).containsOnly("big");

        cluster.client.services().resource(new ServiceBuilder().withNewMetadata().withName("web").withNamespace("default")
                .endMetadata().withNewSpec().withSelector(Map.of("app", "web")).addNewPort().withPort(80).endPort()
                .endSpec().build()).create();
        await().atMost(WAIT).until(() -> cluster.client.services().inNamespace("default").withName("web").get() != null);
        List<String> spread = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String name = "web-" + i;
            cluster.createPod(labelled(name, "web"));
            await().atMost(WAIT).untilAsserted(() -> assertThat(cluster.nodeOf(name)).isNotNull());
            spread.add(cluster.nodeOf(name));
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
}
