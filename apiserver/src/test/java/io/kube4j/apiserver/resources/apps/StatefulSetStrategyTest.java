package io.kube4j.apiserver.resources.apps;

import static io.kube4j.apiserver.resources.apps.Fixtures.json;
import static io.kube4j.apiserver.resources.apps.Fixtures.summary;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class StatefulSetStrategyTest {

    private final StatefulSetStrategy strategy = new StatefulSetStrategy();

    static StatefulSet valid() {
        StatefulSet s = Fixtures.read("""
            metadata: {name: db, namespace: default}
            spec:
              serviceName: db
              selector: {matchLabels: {app: web}}
              volumeClaimTemplates:
              - metadata: {name: data}
                spec:
                  accessModes: [ReadWriteOnce]
                  resources: {requests: {storage: 1Gi}}
            """ + Fixtures.TEMPLATE, StatefulSet.class);
        new StatefulSetStrategy().applyDefaults(s);
        return s;
    }

    @Test
    void defaultsAreUpstreamsAndIdempotent() {
        StatefulSet s = Fixtures.read("""
            metadata: {name: db}
            spec:
              selector: {matchLabels: {app: web}}
            """ + Fixtures.TEMPLATE, StatefulSet.class);
        strategy.applyDefaults(s);
        assertThat(s.getSpec().getPodManagementPolicy()).isEqualTo("OrderedReady");
        assertThat(s.getSpec().getUpdateStrategy().getType()).isEqualTo("RollingUpdate");
        assertThat(s.getSpec().getUpdateStrategy().getRollingUpdate().getPartition()).isZero();
        assertThat(s.getSpec().getPersistentVolumeClaimRetentionPolicy().getWhenDeleted()).isEqualTo("Retain");
        assertThat(s.getSpec().getPersistentVolumeClaimRetentionPolicy().getWhenScaled()).isEqualTo("Retain");
        assertThat(s.getSpec().getReplicas()).isEqualTo(1);
        assertThat(s.getSpec().getRevisionHistoryLimit()).isEqualTo(10);
        String once = json(s);
        strategy.applyDefaults(s);
        assertThat(json(s)).isEqualTo(once);
        assertThat(strategy.validate(s)).isEmpty();
    }

    @Test
    void validStatefulSetPasses() {
        assertThat(strategy.validate(valid())).isEmpty();
    }

    record Case(String name, Consumer<StatefulSet> mutate, List<String> expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> invalid() {
        return Stream.of(
                new Case("dotted name", s -> s.getMetadata().setName("db.one"),
                        List.of("metadata.name FieldValueInvalid")),
                new Case("bad policy", s -> s.getSpec().setPodManagementPolicy("Random"),
                        List.of("spec.podManagementPolicy FieldValueInvalid")),
                new Case("bad update type", s -> s.getSpec().getUpdateStrategy().setType("Blue"),
                        List.of("spec.updateStrategy FieldValueInvalid")),
                new Case("on delete with rolling update", s -> s.getSpec().getUpdateStrategy().setType("OnDelete"),
                        List.of("spec.updateStrategy.rollingUpdate FieldValueInvalid")),
                new Case("negative partition", s -> s.getSpec().getUpdateStrategy().getRollingUpdate().setPartition(-1),
                        List.of("spec.updateStrategy.rollingUpdate.partition FieldValueInvalid")),
                new Case("zero max unavailable", s -> s.getSpec().getUpdateStrategy().getRollingUpdate()
                        .setMaxUnavailable(new IntOrString(0)),
                        List.of("spec.updateStrategy.rollingUpdate.maxUnavailable FieldValueInvalid")),
                new Case("bad retention", s -> s.getSpec().getPersistentVolumeClaimRetentionPolicy().setWhenScaled("Keep"),
                        List.of("spec.persistentVolumeClaimRetentionPolicy.whenScaled FieldValueNotSupported")),
                new Case("bad service name", s -> s.getSpec().setServiceName("1db"),
                        List.of("spec.serviceName FieldValueInvalid")),
                new Case("no selector", s -> s.getSpec().setSelector(null),
                        List.of("spec.selector FieldValueRequired")),
                new Case("negative ordinal start", s -> s.getSpec().setOrdinals(
                        new io.fabric8.kubernetes.api.model.apps.StatefulSetOrdinals(-1)),
                        List.of("spec.ordinals.start FieldValueInvalid")),
                new Case("claim without name", s -> s.getSpec().getVolumeClaimTemplates().getFirst().getMetadata().setName(null),
                        List.of("spec.volumeClaimTemplates[0].metadata.name FieldValueRequired")),
                new Case("restart on failure", s -> s.getSpec().getTemplate().getSpec().setRestartPolicy("OnFailure"),
                        List.of("spec.template.spec.restartPolicy FieldValueNotSupported")));
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void invalidStatefulSetsNameTheField(Case c) {
        StatefulSet s = valid();
        c.mutate().accept(s);
        assertThat(summary(strategy.validate(s))).containsExactlyElementsOf(c.expected());
    }

    @Test
    void onlySomeSpecFieldsMayChange() {
        StatefulSet old = valid();
        StatefulSet allowed = valid();
        allowed.getSpec().setReplicas(3);
        allowed.getSpec().getTemplate().getSpec().getContainers().getFirst().setImage("nginx:1.28");
        allowed.getSpec().getUpdateStrategy().getRollingUpdate().setPartition(2);
        allowed.getSpec().setMinReadySeconds(5);
        allowed.getSpec().getPersistentVolumeClaimRetentionPolicy().setWhenDeleted("Delete");
        assertThat(strategy.validateUpdate(allowed, old)).isEmpty();

        for (Consumer<StatefulSet> change : List.<Consumer<StatefulSet>>of(
                s -> s.getSpec().setServiceName("other"),
                s -> s.getSpec().setPodManagementPolicy("Parallel"),
                s -> s.getSpec().setVolumeClaimTemplates(List.of(new PersistentVolumeClaim())),
                s -> s.getSpec().setRevisionHistoryLimit(3))) {
            StatefulSet s = valid();
            change.accept(s);
            assertThat(summary(strategy.validateUpdate(s, old))).contains("spec FieldValueForbidden");
        }
    }

    @Test
    void statusUpdateKeepsSpecAndChecksCounts() {
        StatefulSet old = valid();
        StatefulSet s = valid();
        s.getSpec().setReplicas(7);
        StatefulSetStatus st = new StatefulSetStatus();
        st.setReplicas(1);
        st.setReadyReplicas(2);
        st.setCollisionCount(0);
        s.setStatus(st);
        StatefulSetStatus was = new StatefulSetStatus();
        was.setCollisionCount(1);
        old.setStatus(was);
        strategy.prepareForStatusUpdate(s, old);
        assertThat(s.getSpec().getReplicas()).isEqualTo(1);
        assertThat(summary(strategy.validateStatusUpdate(s, old))).containsExactly(
                "status.readyReplicas FieldValueInvalid", "status.collisionCount FieldValueInvalid");
    }
}
