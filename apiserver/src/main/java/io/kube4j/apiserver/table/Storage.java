package io.kube4j.apiserver.table;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Cell renderings the volume tables share, as upstream's storage helpers. Stateless, thread-safe. */
final class Storage {

    private static final String CLASS_ANNOTATION = "volume.beta.kubernetes.io/storage-class";

    private Storage() {
    }

    /** Access modes in upstream's fixed order and short forms: {@code RWO,ROX,RWX,RWOP}. */
    static String accessModes(List<String> modes) {
        List<String> m = modes == null ? List.of() : modes;
        List<String> out = new ArrayList<>();
        if (m.contains("ReadWriteOnce")) {
            out.add("RWO");
        }
        if (m.contains("ReadOnlyMany")) {
            out.add("ROX");
        }
        if (m.contains("ReadWriteMany")) {
            out.add("RWX");
        }
        if (m.contains("ReadWriteOncePod")) {
            out.add("RWOP");
        }
        return String.join(",", out);
    }

    /** The storage class: the beta annotation wins over the field, as upstream. */
    static String storageClass(HasMetadata o, String field) {
        Map<String, String> a = o.getMetadata() == null ? null : o.getMetadata().getAnnotations();
        if (a != null && a.containsKey(CLASS_ANNOTATION)) {
            return a.get(CLASS_ANNOTATION);
        }
        return Cells.str(field);
    }

    /** The {@code storage} quantity of a resource list, {@code 0} when absent (Go's zero quantity). */
    static String storage(Map<String, Quantity> resources) {
        return quantity(resources == null ? null : resources.get("storage"));
    }

    /** A quantity as written, {@code 0} for none. */
    static String quantity(Quantity q) {
        return q == null ? "0" : q.toString();
    }

    /** Whether the object is being deleted. */
    static boolean deleting(HasMetadata o) {
        return o.getMetadata() != null && o.getMetadata().getDeletionTimestamp() != null;
    }
}
