package io.kube4j.controllers.garbagecollector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.kube4j.controllers.testing.ClusterPerClass;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The garbage collector against the real apiserver: each propagation policy, through fabric8 and kubectl. */
class GarbageCollectorIT extends ClusterPerClass {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static GarbageCollector gc;

    @BeforeAll
    static void start() throws Exception {
        startCluster();
        gc = cluster.controllers(GarbageCollector::new).controller(GarbageCollector.NAME, GarbageCollector.class);
    }

    /** An owner ConfigMap in a new namespace with a blocking ConfigMap, a non-blocking one and a pod as dependents. */
    private static ConfigMap family(String ns) {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
        ConfigMap owner = client.configMaps().inNamespace(ns)
                .resource(new ConfigMapBuilder().withNewMetadata().withName("owner").endMetadata().build()).create();
        client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName("blocking")
                .withOwnerReferences(ref(owner, true)).endMetadata().build()).create();
        client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName("free")
                .withOwnerReferences(ref(owner, false)).endMetadata().build()).create();
        client.pods().inNamespace(ns).resource(new PodBuilder().withNewMetadata().withName("pod")
                .withOwnerReferences(ref(owner, true)).endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("busybox").endContainer().endSpec().build()).create();
        return owner;
    }

    private static OwnerReference ref(HasMetadata owner, boolean block) {
        return new OwnerReferenceBuilder().withApiVersion("v1").withKind(owner.getKind()).withName(owner.getMetadata().getName())
                .withUid(owner.getMetadata().getUid()).withBlockOwnerDeletion(block).build();
    }

    private static List<String> configMaps(String ns) {
        return client.configMaps().inNamespace(ns).list().getItems().stream()
                .map(c -> c.getMetadata().getName()).filter(n -> !n.equals("kube-root-ca.crt")).sorted().toList();
    }

    private static void awaitCascaded(String ns) {
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(configMaps(ns)).isEmpty();
            assertThat(client.pods().inNamespace(ns).list().getItems()).isEmpty();
        });
    }

    private static void awaitOrphaned(String ns) {
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(configMaps(ns)).containsExactly("blocking", "free");
            assertThat(client.configMaps().inNamespace(ns).withName("blocking").get().getMetadata().getOwnerReferences()).isEmpty();
            assertThat(client.configMaps().inNamespace(ns).withName("free").get().getMetadata().getOwnerReferences()).isEmpty();
            Pod pod = client.pods().inNamespace(ns).withName("pod").get();
            assertThat(pod.getMetadata().getOwnerReferences()).isEmpty();
        });
    }

    @Test
    void backgroundDeletionCollectsTheDependents() {
        ConfigMap owner = family("gc-background");
        String free = client.configMaps().inNamespace("gc-background").withName("free").get().getMetadata().getUid();
        await().atMost(WAIT).until(() -> gc.graph().view(free) != null);
        client.configMaps().inNamespace("gc-background").withName("owner")
                .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
        assertThat(client.configMaps().inNamespace("gc-background").withName("owner").get()).isNull();
        awaitCascaded("gc-background");
        // The watches' delete events took the objects out of the graph.
        await().atMost(WAIT).until(() -> gc.graph().view(owner.getMetadata().getUid()) == null && gc.graph().view(free) == null);
    }

    @Test
    void foregroundDeletionWaitsForBlockingDependents() {
        String ns = "gc-foreground";
        family(ns);
        var held = client.configMaps().inNamespace(ns).withName("blocking").edit(c -> {
            c.getMetadata().setFinalizers(List.of("example.com/hold"));
            return c;
        });
        assertThat(held.getMetadata().getFinalizers()).containsExactly("example.com/hold");
        client.configMaps().inNamespace(ns).withName("owner").withPropagationPolicy(DeletionPropagation.FOREGROUND).delete();

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(configMaps(ns)).containsExactly("blocking", "owner");
            assertThat(client.pods().inNamespace(ns).list().getItems()).isEmpty();
            assertThat(client.configMaps().inNamespace(ns).withName("blocking").get().getMetadata().getDeletionTimestamp()).isNotNull();
        });
        ConfigMap owner = client.configMaps().inNamespace(ns).withName("owner").get();
        assertThat(owner.getMetadata().getDeletionTimestamp()).isNotNull();
        assertThat(owner.getMetadata().getFinalizers()).containsExactly("foregroundDeletion");

        client.configMaps().inNamespace(ns).withName("blocking").edit(c -> {
            c.getMetadata().setFinalizers(List.of());
            return c;
        });
        awaitCascaded(ns);
    }

    @Test
    void orphanDeletionReleasesTheDependents() {
        family("gc-orphan");
        client.configMaps().inNamespace("gc-orphan").withName("owner").withPropagationPolicy(DeletionPropagation.ORPHAN).delete();
        awaitOrphaned("gc-orphan");
    }

    @Test
    void danglingReferencesAreRemovedAndOrphansOfGoneOwnersCollected() {
        String ns = "gc-dangling";
        ConfigMap owner = family(ns);
        ConfigMap other = client.configMaps().inNamespace(ns)
                .resource(new ConfigMapBuilder().withNewMetadata().withName("other").endMetadata().build()).create();
        var ghost = new ConfigMapBuilder().withNewMetadata().withName("ghost").withUid("00000000-0000-0000-0000-000000000001")
                .endMetadata().build();
        ghost.setKind("ConfigMap");
        client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName("mixed")
                .withOwnerReferences(ref(other, false), ref(ghost, false)).endMetadata().build()).create();
        client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName("lost")
                .withOwnerReferences(ref(ghost, false)).endMetadata().build()).create();
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(configMaps(ns)).containsExactly("blocking", "free", "mixed", "other", "owner");
            assertThat(client.configMaps().inNamespace(ns).withName("mixed").get().getMetadata().getOwnerReferences())
                    .extracting(OwnerReference::getName).containsExactly("other");
        });
        assertThat(owner.getMetadata().getUid()).isNotNull();
    }

    @Test
    void kubectlCascadeFlags() throws Exception {
        Kubectl kubectl = new Kubectl(cluster.kubeconfig());
        for (String cascade : List.of("background", "foreground", "orphan")) {
            String ns = "gc-kubectl-" + cascade;
            family(ns);
            var result = kubectl.run("delete", "configmap", "owner", "-n", ns, "--cascade=" + cascade, "--timeout=30s");
            assertThat(result.exitCode()).as(result.output()).isZero();
            assertThat(result.output()).contains("configmap \"owner\" deleted");
            assertThat(client.configMaps().inNamespace(ns).withName("owner").get()).isNull();
            if (cascade.equals("orphan")) {
                awaitOrphaned(ns);
            } else {
                if (cascade.equals("foreground")) {
                    // kubectl waited for the owner, which waited for its blocking dependents.
                    assertThat(configMaps(ns)).doesNotContain("blocking");
                    assertThat(client.pods().inNamespace(ns).list().getItems()).isEmpty();
                }
                awaitCascaded(ns);
            }
        }
    }
}
