package io.kube4j.controllers.deployment;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.kube4j.controllers.machinery.ControllerOptions;
import io.kube4j.controllers.machinery.ControllerRefs;
import io.kube4j.controllers.testing.FakeCluster;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/**
 * A {@link DeploymentController} over a {@link FakeCluster} with a clock the test moves, and a
 * stand-in for the ReplicaSet controller: {@link #settle} makes every ReplicaSet report its
 * spec.replicas as existing (and, unless told otherwise, available). Not thread-safe.
 */
final class DeploymentFixture {

    static final String NS = "default";

    /** A clock the test sets. */
    static final class MutableClock implements InstantSource {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }
    }

    final FakeCluster fake = new FakeCluster();
    final MutableClock clock = new MutableClock();
    final DeploymentController controller = new DeploymentController(fake.context(clock, ControllerOptions.defaults()));

    /** A RollingUpdate Deployment {@code name} selecting app={name}, with image {@code image}. */
    static Deployment deployment(String name, int replicas, String maxSurge, String maxUnavailable, String image) {
        return new DeploymentBuilder()
                .withNewMetadata().withName(name).withNamespace(NS).endMetadata()
                .withNewSpec().withReplicas(replicas).withRevisionHistoryLimit(10).withProgressDeadlineSeconds(600)
                .withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewStrategy().withType("RollingUpdate").withNewRollingUpdate()
                .withMaxSurge(intOrPercent(maxSurge)).withMaxUnavailable(intOrPercent(maxUnavailable)).endRollingUpdate().endStrategy()
                .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage(image).endContainer().endSpec().endTemplate()
                .endSpec().build();
    }

    static IntOrString intOrPercent(String v) {
        return v.endsWith("%") ? new IntOrString(v) : new IntOrString(Integer.parseInt(v));
    }

    Deployment create(Deployment d) {
        return fake.create(d);
    }

    Deployment stored(String name) {
        return fake.stored(Deployment.class, NS, name);
    }

    /** Applies {@code change} to the stored Deployment and writes it back. */
    Deployment change(String name, Consumer<Deployment> change) {
        Deployment d = stored(name);
        change.accept(d);
        return fake.update(d);
    }

    static void image(Deployment d, String image) {
        d.getSpec().getTemplate().getSpec().getContainers().getFirst().setImage(image);
    }

    void sync(String name) throws Exception {
        clock.advance(Duration.ofSeconds(1));
        controller.sync(NS + "/" + name);
    }

    /** Every ReplicaSet reports spec.replicas pods, all available. */
    void settle() {
        settle(rs -> true);
    }

    /** Every ReplicaSet reports spec.replicas pods; available ones only where {@code available} says so (else as many as before, capped). */
    void settle(java.util.function.Predicate<ReplicaSet> available) {
        for (ReplicaSet rs : fake.stored(ReplicaSet.class)) {
            int replicas = rs.getSpec().getReplicas();
            var status = rs.getStatus() == null ? new io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus() : rs.getStatus();
            int before = status.getAvailableReplicas() == null ? 0 : status.getAvailableReplicas();
            int avail = available.test(rs) ? replicas : Math.min(before, replicas);
            status.setReplicas(replicas);
            status.setReadyReplicas(avail);
            status.setAvailableReplicas(avail);
            status.setObservedGeneration(rs.getMetadata().getGeneration());
            rs.setStatus(status);
            fake.updateStatus(rs);
        }
    }

    /** Syncs and settles until the Deployment reports a complete rollout (bounded). */
    void rollOut(String name) throws Exception {
        for (int i = 0; i < 50; i++) {
            sync(name);
            settle();
            Deployment d = stored(name);
            DeploymentCondition p = DeploymentConditions.get(d.getStatus(), DeploymentConditions.PROGRESSING);
            if (p != null && DeploymentConditions.NEW_RS_AVAILABLE.equals(p.getReason())
                    && DeploymentConditions.complete(d, d.getStatus())) {
                sync(name);
                return;
            }
        }
        throw new AssertionError("deployment " + name + " did not roll out: " + stored(name).getStatus());
    }

    /** The stored ReplicaSets controlled by the Deployment, oldest revision first. */
    List<ReplicaSet> replicaSets(String name) {
        Deployment d = stored(name);
        return fake.stored(ReplicaSet.class).stream().filter(rs -> ControllerRefs.controlledBy(rs, d))
                .sorted(Comparator.comparingLong(RevisionAnnotations::revision)).toList();
    }

    /** The ReplicaSet whose template has {@code image}. */
    ReplicaSet replicaSetWithImage(String name, String image) {
        return replicaSets(name).stream()
                .filter(rs -> image.equals(rs.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage()))
                .findFirst().orElse(null);
    }

    static int replicas(ReplicaSet rs) {
        return rs == null ? 0 : rs.getSpec().getReplicas();
    }

    /** A running pod controlled by {@code rs}. */
    Pod runningPod(ReplicaSet rs, String name) {
        Pod pod = new PodBuilder().withNewMetadata().withName(name).withNamespace(NS)
                .withLabels(rs.getSpec().getTemplate().getMetadata().getLabels())
                .withOwnerReferences(ControllerRefs.newControllerRef(rs)).endMetadata()
                .withNewSpec().withNodeName("n1").endSpec()
                .withNewStatus().withPhase("Running").endStatus().build();
        fake.seed(pod);
        return fake.stored(Pod.class, NS, name);
    }

    /** Empties the controller's queue of what handlers queued so far. */
    void drainQueue() throws InterruptedException {
        while (controller.queue().length() > 0) {
            String k = controller.queue().get();
            controller.queue().done(k);
        }
    }
}
