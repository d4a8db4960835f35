package io.kube4j.apiserver.table;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentSpec;
import io.kube4j.apiserver.registry.TableConvertor;
import java.time.Instant;
import java.util.List;

/**
 * Deployments: NAME READY UP-TO-DATE AVAILABLE AGE, wide CONTAINERS IMAGES SELECTOR (empty, not
 * {@code <none>}, for no selector; {@code <invalid>} for a malformed one, as upstream). Stateless.
 */
public final class DeploymentTable implements TableConvertor<Deployment> {

    private static final List<Column> COLUMNS = List.of(Cells.NAME,
            Column.of("Ready", "string", "Ready replicas out of those asked for."),
            Column.of("Up-to-date", "string", "Replicas that run the latest template."),
            Column.of("Available", "string", "Replicas available to serve."),
            Cells.AGE, Cells.CONTAINERS, Cells.IMAGES, Cells.SELECTOR);

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(Deployment d, Instant now) {
        DeploymentSpec spec = d.getSpec() == null ? new DeploymentSpec() : d.getSpec();
        var status = d.getStatus();
        Cells.ContainerCells c = Cells.containers(spec.getTemplate() == null || spec.getTemplate().getSpec() == null
                ? null : spec.getTemplate().getSpec().getContainers());
        String selector = Cells.selectorString(spec.getSelector());
        return List.of(Cells.name(d),
                Cells.num(status == null ? null : status.getReadyReplicas()) + "/" + Cells.num(spec.getReplicas()),
                Cells.num(status == null ? null : status.getUpdatedReplicas()),
                Cells.num(status == null ? null : status.getAvailableReplicas()), Cells.age(d, now),
                c.names(), c.images(), selector == null ? "<invalid>" : selector);
    }
}
