package io.kube4j.apiserver.table;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.kube4j.apiserver.registry.TableConvertor;
import java.time.Instant;
import java.util.List;

/** PDBs: NAME MIN AVAILABLE MAX UNAVAILABLE ALLOWED DISRUPTIONS AGE. Stateless, thread-safe. */
public final class PodDisruptionBudgetTable implements TableConvertor<PodDisruptionBudget> {

    private static final List<Column> COLUMNS = List.of(Cells.NAME,
            Column.of("Min Available", "string", "The minimum number of pods that must be available."),
            Column.of("Max Unavailable", "string", "The maximum number of pods that may be unavailable."),
            Column.of("Allowed Disruptions", "integer", "How many pods may be disrupted right now."),
            Cells.AGE);

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(PodDisruptionBudget pdb, Instant now) {
        var spec = pdb.getSpec();
        return List.of(Cells.name(pdb), intOrString(spec == null ? null : spec.getMinAvailable()),
                intOrString(spec == null ? null : spec.getMaxUnavailable()),
                Cells.num(pdb.getStatus() == null ? null : pdb.getStatus().getDisruptionsAllowed()),
                Cells.age(pdb, now));
    }

    /** The number or the percentage as written, {@code N/A} when unset. */
    static String intOrString(IntOrString v) {
        if (v == null) {
            return "N/A";
        }
        return v.getIntVal() != null ? String.valueOf(v.getIntVal()) : Cells.str(v.getStrVal());
    }
}
