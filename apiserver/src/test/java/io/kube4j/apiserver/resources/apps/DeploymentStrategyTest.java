package io.kube4j.apiserver.resources.apps;

import static io.kube4j.apiserver.resources.apps.Fixtures.json;
import static io.kube4j.apiserver.resources.apps.Fixtures.summary;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.kube4j.apiserver.errors.FieldError;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DeploymentStrategyTest {

    private final DeploymentStrategy strategy = new DeploymentStrategy();

    static Deployment valid() {
        Deployment d = Fixtures.read("""
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
              namespace: default
            spec:
              selector:
                matchLabels:
                  app: web
            """ + Fixtures.TEMPLATE, Deployment.class);
        new DeploymentStrategy().applyDefaults(d);
        return d;
    }

    @Test
    void defaultsAreUpstreamsAndIdempotent() {
        Deployment d = Fixtures.read("""
            metadata: {name: web}
            spec:
              selector: {matchLabels: {app: web}}
            """ + Fixtures.TEMPLATE, Deployment.class);
        strategy.applyDefaults(d);
        assertThat(d.getSpec().getReplicas()).isEqualTo(1);
        assertThat(d.getSpec().getStrategy().getType()).isEqualTo("RollingUpdate");
        assertThat(d.getSpec().getStrategy().getRollingUpdate().getMaxSurge().getStrVal()).isEqualTo("25%");
        assertThat(d.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getStrVal()).isEqualTo("25%");
        assertThat(d.getSpec().getRevisionHistoryLimit()).isEqualTo(10);
        assertThat(d.getSpec().getProgressDeadlineSeconds()).isEqualTo(600);
        assertThat(d.getSpec().getTemplate().getSpec().getRestartPolicy()).isEqualTo("Always");
        String once = json(d);
        strategy.applyDefaults(d);
        assertThat(json(d)).isEqualTo(once);
    }

    @Test
    void recreateGetsNoRollingUpdate() {
        Deployment d = valid();
        d.getSpec().getStrategy().setType("Recreate");
        d.getSpec().getStrategy().setRollingUpdate(null);
        strategy.applyDefaults(d);
        assertThat(d.getSpec().getStrategy().getRollingUpdate()).isNull();
        assertThat(strategy.validate(d)).isEmpty();
    }

    @Test
    void validDeploymentPasses() {
        assertThat(strategy.validate(valid())).isEmpty();
    }

    record Case(String name, Consumer<Deployment> mutate, List<String> expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> invalid() {
        return Stream.of(
                new Case("negative replicas", d -> d.getSpec().setReplicas(-1),
                        List.of("spec.replicas FieldValueInvalid")),
                new Case("no selector", d -> d.getSpec().setSelector(null),
                        List.of("spec.selector FieldValueRequired")),
                new Case("empty selector", d -> d.getSpec().getSelector().setMatchLabels(Map.of()),
                        List.of("spec.selector FieldValueInvalid")),
                new Case("selector misses template", d -> d.getSpec().getSelector().setMatchLabels(Map.of("app", "db")),
                        List.of("spec.template.metadata.labels FieldValueInvalid")),
                new Case("bad operator", d -> d.getSpec().getSelector().setMatchExpressions(
                        List.of(new LabelSelectorRequirement("app", "Near", List.of("web")))),
                        List.of("spec.selector.matchExpressions[0].operator FieldValueInvalid",
                                "spec.selector FieldValueInvalid")),
                new Case("no containers", d -> d.getSpec().getTemplate().getSpec().setContainers(List.of()),
                        List.of("spec.template.spec.containers FieldValueRequired")),
                new Case("restart never", d -> d.getSpec().getTemplate().getSpec().setRestartPolicy("Never"),
                        List.of("spec.template.spec.restartPolicy FieldValueNotSupported")),
                new Case("active deadline", d -> d.getSpec().getTemplate().getSpec().setActiveDeadlineSeconds(5L),
                        List.of("spec.template.spec.activeDeadlineSeconds FieldValueForbidden")),
                new Case("both zero", d -> {
                    d.getSpec().getStrategy().getRollingUpdate().setMaxSurge(new IntOrString(0));
                    d.getSpec().getStrategy().getRollingUpdate().setMaxUnavailable(new IntOrString("0%"));
                }, List.of("spec.strategy.rollingUpdate.maxUnavailable FieldValueInvalid")),
                new Case("bad percent", d -> d.getSpec().getStrategy().getRollingUpdate().setMaxSurge(new IntOrString("x%")),
                        List.of("spec.strategy.rollingUpdate.maxSurge FieldValueInvalid")),
                new Case("over 100%", d -> d.getSpec().getStrategy().getRollingUpdate()
                        .setMaxUnavailable(new IntOrString("150%")),
                        List.of("spec.strategy.rollingUpdate.maxUnavailable FieldValueInvalid")),
                new Case("recreate with rolling update", d -> d.getSpec().getStrategy().setType("Recreate"),
                        List.of("spec.strategy.rollingUpdate FieldValueForbidden")),
                new Case("unknown strategy", d -> d.getSpec().getStrategy().setType("BlueGreen"),
                        List.of("spec.strategy FieldValueNotSupported")),
                new Case("deadline not above minReady", d -> d.getSpec().setMinReadySeconds(600),
                        List.of("spec.progressDeadlineSeconds FieldValueInvalid")),
                new Case("negative history", d -> d.getSpec().setRevisionHistoryLimit(-1),
                        List.of("spec.revisionHistoryLimit FieldValueInvalid")));
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void invalidDeploymentsNameTheField(Case c) {
        Deployment d = valid();
        c.mutate().accept(d);
        assertThat(summary(strategy.validate(d))).containsExactlyElementsOf(c.expected());
    }

    @Test
    void templatesMayLeaveTheImageToHigherLevelConfig() {
        // Upstream requires an image only on pods (validateContainersOnlyForPod), not in templates.
        Deployment d = valid();
        d.getSpec().getTemplate().getSpec().getContainers().getFirst().setImage(null);
        assertThat(summary(strategy.validate(d))).isEmpty();
    }

    @Test
    void messagesAreUpstreams() {
        Deployment d = valid();
        d.getSpec().getStrategy().getRollingUpdate().setMaxSurge(new IntOrString(0));
        d.getSpec().getStrategy().getRollingUpdate().setMaxUnavailable(new IntOrString(0));
        assertThat(strategy.validate(d)).extracting(FieldError::message).containsExactly(
                "spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0");
        Deployment m = valid();
        m.getSpec().getSelector().setMatchLabels(Map.of("app", "db"));
        assertThat(strategy.validate(m)).extracting(FieldError::message).containsExactly(
                "spec.template.metadata.labels: Invalid value: {\"app\":\"web\"}: "
                        + "`selector` does not match template `labels`");
    }

    @Test
    void selectorIsImmutable() {
        Deployment old = valid();
        Deployment d = valid();
        d.getSpec().getSelector().setMatchLabels(Map.of("app", "web", "tier", "front"));
        d.getSpec().getTemplate().getMetadata().setLabels(Map.of("app", "web", "tier", "front"));
        List<FieldError> errs = strategy.validateUpdate(d, old);
        assertThat(summary(errs)).containsExactly("spec.selector FieldValueInvalid");
        assertThat(errs.getFirst().message()).isEqualTo(
                "spec.selector: Invalid value: {\"matchLabels\":{\"app\":\"web\",\"tier\":\"front\"}}: field is immutable");
        Deployment scaled = valid();
        scaled.getSpec().setReplicas(5);
        assertThat(strategy.validateUpdate(scaled, old)).isEmpty();
    }

    @Test
    void statusAndSpecAreKeptApart() {
        Deployment old = valid();
        DeploymentStatus st = new DeploymentStatus();
        st.setReplicas(1);
        old.setStatus(st);

        Deployment create = valid();
        create.setStatus(st);
        strategy.prepareForCreate(create);
        assertThat(create.getStatus()).isNull();

        Deployment update = valid();
        update.setStatus(null);
        strategy.prepareForUpdate(update, old);
        assertThat(update.getStatus().getReplicas()).isEqualTo(1);

        Deployment statusWrite = valid();
        statusWrite.getSpec().setReplicas(9);
        DeploymentStatus ns = new DeploymentStatus();
        ns.setReplicas(3);
        ns.setReadyReplicas(3);
        statusWrite.setStatus(ns);
        strategy.prepareForStatusUpdate(statusWrite, old);
        assertThat(statusWrite.getSpec().getReplicas()).isEqualTo(1);
        assertThat(statusWrite.getStatus().getReplicas()).isEqualTo(3);
        assertThat(strategy.validateStatusUpdate(statusWrite, old)).isEmpty();

        ns.setAvailableReplicas(4);
        assertThat(summary(strategy.validateStatusUpdate(statusWrite, old))).containsExactly(
                "status.availableReplicas FieldValueInvalid", "status.availableReplicas FieldValueInvalid");
    }
}
