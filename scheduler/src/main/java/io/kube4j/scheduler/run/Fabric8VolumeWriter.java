package io.kube4j.scheduler.run;

import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kube4j.scheduler.plugins.volumes.VolumeObjects;
import io.kube4j.scheduler.plugins.volumes.VolumeWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link VolumeWriter} over a fabric8 client: full updates carrying the listed objects'
 * resourceVersions, so a volume another pod bound meanwhile fails with a conflict. For a static
 * binding it writes the volume's claimRef, then the claim's volumeName (what upstream's binder and
 * PV controller write between them), then marks both Bound in their status (best effort: a
 * failed status write is logged, the binding itself stands). Thread-safe; does not own the client.
 */
public final class Fabric8VolumeWriter implements VolumeWriter {

    private static final Logger LOG = LoggerFactory.getLogger(Fabric8VolumeWriter.class);

    private final KubernetesClient client;

    public Fabric8VolumeWriter(KubernetesClient client) {
        this.client = client;
    }

    @Override
    public void bind(PersistentVolume volume, PersistentVolumeClaim claim) {
        String pvName = volume.getMetadata().getName();
        PersistentVolume pv = new PersistentVolumeBuilder(volume)
                .editMetadata().addToAnnotations(VolumeObjects.BOUND_BY_CONTROLLER, "yes").endMetadata()
                .editSpec().withClaimRef(new ObjectReferenceBuilder()
                        .withApiVersion("v1").withKind("PersistentVolumeClaim")
                        .withNamespace(claim.getMetadata().getNamespace()).withName(claim.getMetadata().getName())
                        .withUid(claim.getMetadata().getUid())
                        .withResourceVersion(claim.getMetadata().getResourceVersion()).build())
                .endSpec().build();
        PersistentVolume written = client.persistentVolumes().resource(pv).update();
        PersistentVolumeClaim pvc = new PersistentVolumeClaimBuilder(claim)
                .editMetadata().addToAnnotations(VolumeObjects.BIND_COMPLETED, "yes")
                .addToAnnotations(VolumeObjects.BOUND_BY_CONTROLLER, "yes").endMetadata()
                .editSpec().withVolumeName(pvName).endSpec().build();
        PersistentVolumeClaim writtenClaim = client.persistentVolumeClaims()
                .inNamespace(claim.getMetadata().getNamespace()).resource(pvc).update();
        try {
            client.persistentVolumes().resource(new PersistentVolumeBuilder(written)
                    .editOrNewStatus().withPhase("Bound").endStatus().build()).updateStatus();
            client.persistentVolumeClaims().inNamespace(claim.getMetadata().getNamespace())
                    .resource(new PersistentVolumeClaimBuilder(writtenClaim).editOrNewStatus().withPhase("Bound")
                            .withAccessModes(written.getSpec().getAccessModes())
                            .withCapacity(written.getSpec().getCapacity()).endStatus().build())
                    .updateStatus();
        } catch (KubernetesClientException e) {
            LOG.warn("bound {} to {} but could not mark them Bound: {}", pvName, VolumeObjects.key(claim), e.getMessage());
        }
    }

    @Override
    public void selectNode(PersistentVolumeClaim claim, String nodeName) {
        PersistentVolumeClaim pvc = new PersistentVolumeClaimBuilder(claim)
                .editMetadata().addToAnnotations(VolumeObjects.SELECTED_NODE, nodeName).endMetadata().build();
        client.persistentVolumeClaims().inNamespace(claim.getMetadata().getNamespace()).resource(pvc).update();
    }
}
