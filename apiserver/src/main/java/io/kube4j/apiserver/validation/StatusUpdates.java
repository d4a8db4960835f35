package io.kube4j.apiserver.validation;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.ArrayList;
import java.util.LinkedHashMap;

/**
 * What a write to a {@code status} subresource may not change in metadata, as upstream's
 * {@code ResetObjectMetaForStatus}: labels, annotations, finalizers, owner references, deletion
 * timestamp and generation are taken back from the stored object. Stateless, thread-safe.
 */
public final class StatusUpdates {

    private StatusUpdates() {
    }

    /** Makes {@code object}'s metadata carry {@code old}'s values of the fields above (deep copies). */
    public static void resetMetadata(HasMetadata object, HasMetadata old) {
        ObjectMeta was = old.getMetadata() == null ? new ObjectMeta() : old.getMetadata();
        if (object.getMetadata() == null) {
            object.setMetadata(new ObjectMeta());
        }
        ObjectMeta meta = object.getMetadata();
        meta.setLabels(was.getLabels() == null ? null : new LinkedHashMap<>(was.getLabels()));
        meta.setAnnotations(was.getAnnotations() == null ? null : new LinkedHashMap<>(was.getAnnotations()));
        meta.setFinalizers(was.getFinalizers() == null ? null : new ArrayList<>(was.getFinalizers()));
        meta.setOwnerReferences(was.getOwnerReferences() == null ? null
                : new ArrayList<>(was.getOwnerReferences().stream().map(Copies::deep).toList()));
        meta.setDeletionTimestamp(was.getDeletionTimestamp());
        meta.setGeneration(was.getGeneration());
    }
}
