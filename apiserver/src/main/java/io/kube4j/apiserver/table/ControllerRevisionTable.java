package io.kube4j.apiserver.table;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.kube4j.apiserver.registry.TableConvertor;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Controller revisions: NAME CONTROLLER REVISION AGE; the controller as
 * {@code statefulset.apps/web} from the controller owner reference. Stateless, thread-safe.
 */
public final class ControllerRevisionTable implements TableConvertor<ControllerRevision> {

    private static final List<Column> COLUMNS = List.of(Cells.NAME,
            Column.of("Controller", "string", "The object that owns this revision."),
            Column.of("Revision", "string", "The revision number."), Cells.AGE);

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(ControllerRevision cr, Instant now) {
        return List.of(Cells.name(cr), controller(cr), cr.getRevision() == null ? 0L : cr.getRevision(),
                Cells.age(cr, now));
    }

    private static String controller(ControllerRevision cr) {
        List<OwnerReference> owners = cr.getMetadata() == null ? null : cr.getMetadata().getOwnerReferences();
        if (owners == null) {
            return "<none>";
        }
        for (OwnerReference o : owners) {
            if (Boolean.TRUE.equals(o.getController())) {
                String apiVersion = Cells.str(o.getApiVersion());
                int slash = apiVersion.indexOf('/');
                String group = slash < 0 ? "" : apiVersion.substring(0, slash);
                String kind = Cells.str(o.getKind());
                if (group.isEmpty() && kind.isEmpty()) {
                    return Cells.str(o.getName());
                }
                String groupKind = group.isEmpty() ? kind : kind + "." + group;
                return groupKind.toLowerCase(Locale.ROOT) + "/" + Cells.str(o.getName());
            }
        }
        return "<none>";
    }
}
