package io.kube4j.controllers.daemonset;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.kube4j.controllers.testing.FakeCluster;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;

/** Objects and pod-state changes the DaemonSet tests share. */
final class DaemonSetFixtures {

    static final String NS = "default";

    private DaemonSetFixtures() {
    }

    static Node node(String name, Map<String, String> labels, Taint... taints) {
        return new NodeBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata()
                .withNewSpec().withTaints(List.of(taints)).endSpec().build();
    }

    static Node node(String name) {
        return node(name, Map.of("kubernetes.io/hostname", name));
    }

    static Taint taint(String key, String effect) {
        return new TaintBuilder().withKey(key).withEffect(effect).build();
    }

    static DaemonSetBuilder dsBuilder(String name) {
        return new DaemonSetBuilder().withNewMetadata().withName(name).withNamespace(NS).endMetadata()
                .withNewSpec()
                .withNewSelector().withMatchLabels(Map.of("app", name)).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(Map.of("app", name)).endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("busybox:1").endContainer().endSpec()
                .endTemplate()
                .withNewUpdateStrategy().withType("RollingUpdate").endUpdateStrategy()
                .endSpec();
    }

    static DaemonSet ds(String name) {
        return dsBuilder(name).build();
    }

    /** The stored pods of the DaemonSet on {@code node}, not being deleted. */
    static List<Pod> podsOn(FakeCluster fake, String node) {
        return fake.stored(Pod.class).stream().filter(p -> node.equals(DaemonPods.targetNode(p))
                && p.getMetadata().getDeletionTimestamp() == null).toList();
    }

    /** Binds {@code pod} to its target node and marks it Running and Ready (as scheduler and kubelet would). */
    static void runReady(FakeCluster fake, Pod pod, InstantSource clock) {
        Pod p = fake.stored(Pod.class, pod.getMetadata().getNamespace(), pod.getMetadata().getName());
        p.getSpec().setNodeName(DaemonPods.targetNode(p));
        p = fake.update(p);
        p.setStatus(new PodStatusBuilder().withPhase("Running").withConditions(new PodConditionBuilder().withType("Ready")
                .withStatus("True").withLastTransitionTime(clock.instant().toString()).build()).build());
        fake.updateStatus(p);
    }

    static void fail(FakeCluster fake, Pod pod) {
        Pod p = fake.stored(Pod.class, pod.getMetadata().getNamespace(), pod.getMetadata().getName());
        p.setStatus(new PodStatusBuilder().withPhase("Failed").build());
        fake.updateStatus(p);
    }

    /** A clock tests move by hand. */
    static final class MutableClock implements InstantSource {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public synchronized Instant instant() {
            return now;
        }

        synchronized void advance(java.time.Duration d) {
            now = now.plus(d);
        }
    }
}
