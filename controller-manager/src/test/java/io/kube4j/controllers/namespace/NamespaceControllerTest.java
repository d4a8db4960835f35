package io.kube4j.controllers.namespace;

import static io.kube4j.controllers.garbagecollector.FakeDynamicClient.BINDINGS;
import static io.kube4j.controllers.garbagecollector.FakeDynamicClient.CLUSTER_ROLES;
import static io.kube4j.controllers.garbagecollector.FakeDynamicClient.CONFIGMAPS;
import static io.kube4j.controllers.garbagecollector.FakeDynamicClient.PODS;
import static io.kube4j.controllers.garbagecollector.FakeDynamicClient.SECRETS;
import static io.kube4j.controllers.garbagecollector.FakeDynamicClient.SERVICES;
import static io.kube4j.controllers.garbagecollector.FakeDynamicClient.object;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NamespaceCondition;
import io.kube4j.controllers.garbagecollector.FakeDynamicClient;
import io.kube4j.controllers.machinery.ApiErrors;
import io.kube4j.controllers.machinery.ControllerOptions;
import io.kube4j.controllers.testing.FakeCluster;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class NamespaceControllerTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private final FakeCluster cluster = new FakeCluster();
    private final FakeDynamicClient api = new FakeDynamicClient(CONFIGMAPS, SECRETS, PODS, SERVICES, BINDINGS, CLUSTER_ROLES);
    private final List<Namespace> finalized = new ArrayList<>();
    private final NamespaceController controller = new NamespaceController(
            cluster.context(InstantSource.fixed(NOW), ControllerOptions.defaults()), api, ns -> {
                finalized.add(ns);
                return ns;
            });

    /**
     * A namespace; it carries a metadata finalizer because FakeCluster, unlike the apiserver,
     * removes a deleting object without metadata finalizers on its next write even when its
     * spec.finalizers are not empty.
     */
    private static Namespace namespace(String name, boolean deleting, String... specFinalizers) {
        return new NamespaceBuilder().withNewMetadata().withName(name).withFinalizers("example.com/keep")
                .withDeletionTimestamp(deleting ? "2026-01-01T00:00:00Z" : null).endMetadata()
                .withNewSpec().withFinalizers(specFinalizers).endSpec()
                .withNewStatus().withPhase("Active").endStatus().build();
    }

    private void seedContent(String ns) {
        api.seed(CONFIGMAPS, object(CONFIGMAPS, ns, "cm"), object(CONFIGMAPS, ns, "cm2"))
                .seed(SECRETS, object(SECRETS, ns, "secret"))
                .seed(SERVICES, object(SERVICES, ns, "svc"))
                .seed(PODS, object(PODS, ns, "pod"));
    }

    private Map<String, NamespaceCondition> conditions(String name) {
        return cluster.stored(Namespace.class, null, name).getStatus().getConditions().stream()
                .collect(Collectors.toMap(NamespaceCondition::getType, c -> c));
    }

    private long objectsIn(String ns) {
        return List.of(CONFIGMAPS, SECRETS, SERVICES, PODS).stream()
                .flatMap(t -> api.stored(t).stream()).filter(o -> ns.equals(o.getMetadata().getNamespace())).count();
    }

    @Test
    void aDeletedNamespaceIsEmptiedThenFinalized() {
        cluster.seed(namespace("doomed", true, "kubernetes", "example.com/other"));
        seedContent("doomed");
        seedContent("kept");
        api.seed(CLUSTER_ROLES, object(CLUSTER_ROLES, null, "role"));

        controller.sync("doomed");

        assertThat(objectsIn("doomed")).isZero();
        assertThat(objectsIn("kept")).isEqualTo(5);
        assertThat(api.stored(CLUSTER_ROLES)).hasSize(1);
        assertThat(api.actions("delete")).allSatisfy(a -> assertThat(a.detail()).isEqualTo("Background"))
                .noneMatch(a -> a.type().equals(BINDINGS));
        Namespace stored = cluster.stored(Namespace.class, null, "doomed");
        assertThat(stored.getStatus().getPhase()).isEqualTo("Terminating");
        assertThat(conditions("doomed").values()).hasSize(5).allSatisfy(c -> assertThat(c.getStatus()).isEqualTo("False"));
        assertThat(conditions("doomed").get("NamespaceContentRemaining").getReason()).isEqualTo("ContentRemoved");
        assertThat(finalized).singleElement().satisfies(ns -> {
            assertThat(ns.getMetadata().getName()).isEqualTo("doomed");
            assertThat(ns.getSpec().getFinalizers()).containsExactly("example.com/other");
        });
    }

    @Test
    void terminatingPodsKeepTheNamespaceUntilTheyAreGone() {
        cluster.seed(namespace("doomed", true, "kubernetes"));
        api.podsTerminateGracefully();
        seedContent("doomed");

        controller.sync("doomed");

        assertThat(finalized).isEmpty();
        assertThat(objectsIn("doomed")).isEqualTo(1);
        NamespaceCondition remaining = conditions("doomed").get("NamespaceContentRemaining");
        assertThat(remaining.getStatus()).isEqualTo("True");
        assertThat(remaining.getReason()).isEqualTo("SomeResourcesRemain");
        assertThat(remaining.getMessage()).isEqualTo("Content remains: pods: 1 objects");
        assertThat(remaining.getLastTransitionTime()).isEqualTo("2026-01-01T00:00:00Z");

        controller.sync("doomed"); // the pod is still terminating: it is not deleted twice
        assertThat(api.actions("delete")).filteredOn(a -> a.type().equals(PODS)).hasSize(1);
        assertThat(finalized).isEmpty();

        api.finishPodDeletions();
        controller.sync("doomed");
        assertThat(finalized).hasSize(1);
        assertThat(conditions("doomed").get("NamespaceContentRemaining").getStatus()).isEqualTo("False");
    }

    @Test
    void contentHeldByFinalizersIsReported() {
        cluster.seed(namespace("doomed", true, "kubernetes"));
        var held = object(CONFIGMAPS, "doomed", "held");
        held.getMetadata().setFinalizers(List.of("example.com/hold"));
        api.seed(CONFIGMAPS, held);

        controller.sync("doomed");

        assertThat(finalized).isEmpty();
        var c = conditions("doomed");
        assertThat(c.get("NamespaceFinalizersRemaining").getStatus()).isEqualTo("True");
        assertThat(c.get("NamespaceFinalizersRemaining").getReason()).isEqualTo("SomeFinalizersRemain");
        assertThat(c.get("NamespaceFinalizersRemaining").getMessage()).contains("example.com/hold on 1 objects");
        assertThat(c.get("NamespaceContentRemaining").getMessage()).contains("configmaps: 1 objects");

        api.dropFinalizer(CONFIGMAPS, "doomed", "held", "example.com/hold");
        controller.sync("doomed");
        assertThat(finalized).hasSize(1);
    }

    @Test
    void aFailingDeletionIsReportedAndRetried() {
        cluster.seed(namespace("doomed", true, "kubernetes"));
        seedContent("doomed");
        api.failDeletes(SECRETS, ApiErrors.status(500, "InternalError", "storage is down"));

        assertThatThrownBy(() -> controller.sync("doomed")).hasMessageContaining("secrets");

        assertThat(finalized).isEmpty();
        assertThat(objectsIn("doomed")).isEqualTo(1);
        var failure = conditions("doomed").get("NamespaceDeletionContentFailure");
        assertThat(failure.getStatus()).isEqualTo("True");
        assertThat(failure.getReason()).isEqualTo("ContentDeletionFailed");
        assertThat(failure.getMessage()).contains("storage is down");
    }

    @Test
    void aDiscoveryFailureDeletesWhatWasFoundButDoesNotFinalize() {
        cluster.seed(namespace("doomed", true, "kubernetes"));
        seedContent("doomed");
        api.failDiscovery("metrics.example.com/v1", "service unavailable");

        assertThatThrownBy(() -> controller.sync("doomed")).hasMessageContaining("metrics.example.com/v1");

        assertThat(objectsIn("doomed")).isZero();
        assertThat(finalized).isEmpty();
        var failure = conditions("doomed").get("NamespaceDeletionDiscoveryFailure");
        assertThat(failure.getStatus()).isEqualTo("True");
        assertThat(failure.getReason()).isEqualTo("DiscoveryFailed");
    }

    @Test
    void namespacesNotBeingDeletedOrAlreadyFinalizedAreLeftAlone() {
        cluster.seed(namespace("alive", false, "kubernetes"), namespace("finalized", true));
        seedContent("alive");
        seedContent("finalized");

        controller.sync("alive");
        controller.sync("finalized");
        controller.sync("absent");

        assertThat(api.actions()).isEmpty();
        assertThat(cluster.actions()).isEmpty();
        assertThat(finalized).isEmpty();
    }

    @Test
    void onlyDeletingNamespacesAreQueued() {
        cluster.seed(namespace("alive", false, "kubernetes"), namespace("doomed", true, "kubernetes"));
        assertThat(controller.queue().length()).isEqualTo(1);
    }
}
