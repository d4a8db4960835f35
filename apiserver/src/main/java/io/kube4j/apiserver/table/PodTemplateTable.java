package io.kube4j.apiserver.table;

import io.fabric8.kubernetes.api.model.PodTemplate;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.kube4j.apiserver.registry.TableConvertor;
import java.time.Instant;
import java.util.List;

/** Pod templates: NAME CONTAINERS IMAGES POD LABELS (no age, as upstream). Stateless, thread-safe. */
public final class PodTemplateTable implements TableConvertor<PodTemplate> {

    private static final List<Column> COLUMNS = List.of(Cells.NAME,
            Column.of("Containers", "string", "Names of each container in the template."),
            Column.of("Images", "string", "Images referenced by each container in the template."),
            Column.of("Pod Labels", "string", "The labels for the pod template."));

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(PodTemplate pt, Instant now) {
        PodTemplateSpec t = pt.getTemplate() == null ? new PodTemplateSpec() : pt.getTemplate();
        Cells.ContainerCells c = Cells.containers(t.getSpec() == null ? null : t.getSpec().getContainers());
        return List.of(Cells.name(pt), c.names(), c.images(),
                Cells.labels(t.getMetadata() == null ? null : t.getMetadata().getLabels()));
    }
}
