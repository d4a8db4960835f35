package io.kube4j.apiserver.table;

import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatus;
import io.kube4j.apiserver.registry.TableConvertor;
import java.time.Instant;
import java.util.List;

/**
 * Daemon sets: NAME DESIRED CURRENT READY UP-TO-DATE AVAILABLE NODE SELECTOR AGE, wide
 * CONTAINERS IMAGES SELECTOR. Stateless, thread-safe.
 */
public final class DaemonSetTable implements TableConvertor<DaemonSet> {

    private static final List<Column> COLUMNS = List.of(Cells.NAME,
            Column.of("Desired", "integer", "Nodes that should run the daemon pod."),
            Column.of("Current", "integer", "Nodes that run at least one daemon pod."),
            Column.of("Ready", "integer", "Nodes whose daemon pod is ready."),
            Column.of("Up-to-date", "integer", "Nodes that run the latest template."),
            Column.of("Available", "integer", "Nodes whose daemon pod is available."),
            Column.of("Node Selector", "string", "The node labels the pods are restricted to."),
            Cells.AGE, Cells.CONTAINERS, Cells.IMAGES, Cells.SELECTOR);

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(DaemonSet ds, Instant now) {
        DaemonSetSpec spec = ds.getSpec() == null ? new DaemonSetSpec() : ds.getSpec();
        DaemonSetStatus st = ds.getStatus() == null ? new DaemonSetStatus() : ds.getStatus();
        PodSpec pod = spec.getTemplate() == null || spec.getTemplate().getSpec() == null
                ? new PodSpec() : spec.getTemplate().getSpec();
        Cells.ContainerCells c = Cells.containers(pod.getContainers());
        return List.of(Cells.name(ds), Cells.num(st.getDesiredNumberScheduled()),
                Cells.num(st.getCurrentNumberScheduled()), Cells.num(st.getNumberReady()),
                Cells.num(st.getUpdatedNumberScheduled()), Cells.num(st.getNumberAvailable()),
                Cells.labels(pod.getNodeSelector()), Cells.age(ds, now),
                c.names(), c.images(), Cells.selector(spec.getSelector()));
    }
}
