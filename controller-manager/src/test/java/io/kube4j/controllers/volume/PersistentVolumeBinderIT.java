package io.kube4j.controllers.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.kube4j.controllers.testing.ClusterPerClass;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Claims bind to matching volumes on a real apiserver; a deleted claim releases or deletes its volume. */
class PersistentVolumeBinderIT extends ClusterPerClass {

    @BeforeAll
    static void start() throws Exception {
        startCluster();
        cluster.controllers(PersistentVolumeBinderController::new);
    }

    private static PersistentVolume pv(String name) {
        return client.persistentVolumes().withName(name).get();
    }

    private static PersistentVolumeClaim pvc(String name) {
        return client.persistentVolumeClaims().inNamespace("default").withName(name).get();
    }

    private static String phase(PersistentVolume v) {
        return v == null || v.getStatus() == null ? null : v.getStatus().getPhase();
    }

    @Test
    void bindsTheSmallestFittingVolumeAndReleasesItWhenTheClaimGoes() {
        var small = PersistentVolumeBinderControllerTest.pv("it-small", "1Gi", "");
        var fit = PersistentVolumeBinderControllerTest.pv("it-fit", "3Gi", "");
        var big = PersistentVolumeBinderControllerTest.pv("it-big", "9Gi", "");
        big.getSpec().setPersistentVolumeReclaimPolicy("Delete");
        for (var v : new PersistentVolume[] {small, fit, big}) {
            v.setStatus(null);
            client.persistentVolumes().resource(v).create();
        }
        // Only Available volumes are candidates (as upstream's FindMatchingVolume): a claim created
        // before the controller has marked all three could rightly take the big one.
        await().atMost(Duration.ofSeconds(20)).until(() ->
                "Available".equals(phase(pv("it-small"))) && "Available".equals(phase(pv("it-fit"))) && "Available".equals(phase(pv("it-big"))));
        var claim = PersistentVolumeBinderControllerTest.pvc("2Gi", "");
        claim.getMetadata().setName("data");
        claim.setStatus(null);
        client.persistentVolumeClaims().inNamespace("default").resource(claim).create();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            PersistentVolumeClaim c = pvc("data");
            assertThat(c.getStatus().getPhase()).isEqualTo("Bound");
            assertThat(c.getSpec().getVolumeName()).isEqualTo("it-fit");
            assertThat(c.getStatus().getCapacity().get("storage").toString()).isEqualTo("3Gi");
            assertThat(phase(pv("it-fit"))).isEqualTo("Bound");
        });
        assertThat(pv("it-fit").getSpec().getClaimRef().getUid()).isEqualTo(pvc("data").getMetadata().getUid());
        assertThat(phase(pv("it-small"))).isEqualTo("Available");

        client.persistentVolumeClaims().inNamespace("default").withName("data").delete();
        await().atMost(Duration.ofSeconds(20)).until(() -> "Released".equals(phase(pv("it-fit"))));

        // A claim pre-bound to the Delete volume: bound, then deleting the claim deletes the volume.
        var named = PersistentVolumeBinderControllerTest.pvc("1Gi", "");
        named.getMetadata().setName("named");
        named.getSpec().setVolumeName("it-big");
        named.setStatus(null);
        client.persistentVolumeClaims().inNamespace("default").resource(named).create();
        await().atMost(Duration.ofSeconds(20)).until(() -> "Bound".equals(phase(pv("it-big"))));
        client.persistentVolumeClaims().inNamespace("default").withName("named").delete();
        await().atMost(Duration.ofSeconds(20)).until(() -> pv("it-big") == null);
    }
}
