package io.kube4j.apiserver.resources.apps;

import static io.kube4j.apiserver.resources.apps.Fixtures.json;
import static io.kube4j.apiserver.resources.apps.Fixtures.summary;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** ReplicaSet, DaemonSet and ControllerRevision. */
class OtherAppsStrategiesTest {

    private final ReplicaSetStrategy replicaSets = new ReplicaSetStrategy();
    private final DaemonSetStrategy daemonSets = new DaemonSetStrategy();
    private final ControllerRevisionStrategy revisions = new ControllerRevisionStrategy();

    static ReplicaSet replicaSet() {
        ReplicaSet rs = Fixtures.read("""
            metadata: {name: web-1}
            spec:
              selector: {matchLabels: {app: web}}
            """ + Fixtures.TEMPLATE, ReplicaSet.class);
        new ReplicaSetStrategy().applyDefaults(rs);
        return rs;
    }

    static DaemonSet daemonSet() {
        DaemonSet ds = Fixtures.read("""
            metadata: {name: agent}
            spec:
              selector: {matchLabels: {app: web}}
            """ + Fixtures.TEMPLATE, DaemonSet.class);
        new DaemonSetStrategy().applyDefaults(ds);
        return ds;
    }

    @Test
    void replicaSetDefaultsValidatesAndKeepsSelector() {
        ReplicaSet rs = replicaSet();
        assertThat(rs.getSpec().getReplicas()).isEqualTo(1);
        assertThat(replicaSets.validate(rs)).isEmpty();
        rs.getSpec().setMinReadySeconds(-2);
        assertThat(summary(replicaSets.validate(rs))).containsExactly("spec.minReadySeconds FieldValueInvalid");
        ReplicaSet moved = replicaSet();
        moved.getSpec().getSelector().setMatchLabels(Map.of("app", "db"));
        moved.getSpec().getTemplate().getMetadata().setLabels(Map.of("app", "db"));
        assertThat(summary(replicaSets.validateUpdate(moved, replicaSet())))
                .containsExactly("spec.selector FieldValueInvalid");
    }

    @Test
    void replicaSetStatusCounts() {
        ReplicaSet rs = replicaSet();
        ReplicaSetStatus st = new ReplicaSetStatus();
        st.setReplicas(2);
        st.setFullyLabeledReplicas(3);
        st.setReadyReplicas(-1);
        rs.setStatus(st);
        assertThat(summary(replicaSets.validateStatusUpdate(rs, replicaSet()))).containsExactly(
                "status.readyReplicas FieldValueInvalid", "status.fullyLabeledReplicas FieldValueInvalid",
                // 0 available is more than -1 ready, as upstream compares them
                "status.availableReplicas FieldValueInvalid");
    }

    @Test
    void daemonSetDefaultsAreUpstreamsAndIdempotent() {
        DaemonSet ds = daemonSet();
        var ru = ds.getSpec().getUpdateStrategy().getRollingUpdate();
        assertThat(ds.getSpec().getUpdateStrategy().getType()).isEqualTo("RollingUpdate");
        assertThat(ru.getMaxUnavailable().getIntVal()).isEqualTo(1);
        assertThat(ru.getMaxSurge().getIntVal()).isZero();
        assertThat(ds.getSpec().getRevisionHistoryLimit()).isEqualTo(10);
        String once = json(ds);
        daemonSets.applyDefaults(ds);
        assertThat(json(ds)).isEqualTo(once);
        assertThat(daemonSets.validate(ds)).isEmpty();
    }

    @Test
    void daemonSetRollingUpdateNeedsExactlyOneNonZero() {
        DaemonSet both = daemonSet();
        both.getSpec().getUpdateStrategy().getRollingUpdate().setMaxSurge(new IntOrString("10%"));
        assertThat(summary(daemonSets.validate(both)))
                .containsExactly("spec.updateStrategy.rollingUpdate.maxSurge FieldValueInvalid");
        DaemonSet none = daemonSet();
        none.getSpec().getUpdateStrategy().getRollingUpdate().setMaxUnavailable(new IntOrString(0));
        assertThat(summary(daemonSets.validate(none)))
                .containsExactly("spec.updateStrategy.rollingUpdate.maxUnavailable FieldValueRequired");
        DaemonSet odd = daemonSet();
        odd.getSpec().getUpdateStrategy().setType("Sometimes");
        assertThat(summary(daemonSets.validate(odd))).containsExactly("spec.updateStrategy FieldValueNotSupported");
        DaemonSet empty = daemonSet();
        empty.getSpec().getSelector().setMatchLabels(Map.of());
        assertThat(summary(daemonSets.validate(empty))).containsExactly("spec.selector FieldValueInvalid");
    }

    @Test
    void controllerRevisionDataIsMandatoryAndImmutable() {
        ControllerRevision cr = Fixtures.read("""
            metadata: {name: web-abc}
            data: {spec: {template: {}}}
            revision: 2
            """, ControllerRevision.class);
        assertThat(revisions.validate(cr)).isEmpty();
        ControllerRevision none = Fixtures.read("metadata: {name: x}\nrevision: -1\n", ControllerRevision.class);
        assertThat(summary(revisions.validate(none)))
                .containsExactly("data FieldValueRequired", "revision FieldValueInvalid");
        ControllerRevision changed = Fixtures.read("""
            metadata: {name: web-abc}
            data: {spec: {template: {x: 1}}}
            revision: 2
            """, ControllerRevision.class);
        assertThat(summary(revisions.validateUpdate(changed, cr))).containsExactly("data FieldValueInvalid");
        assertThat(revisions.validateUpdate(cr, cr)).isEmpty();
    }
}
