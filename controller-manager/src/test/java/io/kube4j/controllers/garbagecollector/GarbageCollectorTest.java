package io.kube4j.controllers.garbagecollector;

import static io.kube4j.controllers.garbagecollector.FakeDynamicClient.CLUSTER_ROLES;
import static io.kube4j.controllers.garbagecollector.FakeDynamicClient.CONFIGMAPS;
import static io.kube4j.controllers.garbagecollector.FakeDynamicClient.EVENTS;
import static io.kube4j.controllers.garbagecollector.FakeDynamicClient.PODS;
import static io.kube4j.controllers.garbagecollector.FakeDynamicClient.REPLICA_SETS;
import static io.kube4j.controllers.garbagecollector.FakeDynamicClient.object;
import static io.kube4j.controllers.garbagecollector.FakeDynamicClient.ref;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.kube4j.controllers.machinery.Api;
import io.kube4j.controllers.testing.FakeCluster;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class GarbageCollectorTest {

    private final FakeCluster cluster = new FakeCluster();
    private final FakeDynamicClient api = new FakeDynamicClient(CONFIGMAPS, PODS, REPLICA_SETS, CLUSTER_ROLES, EVENTS);
    private final GarbageCollector gc = new GarbageCollector(cluster.context(), api);

    /** Runs the graph builder and the workers until nothing is left to do. */
    private void settle() throws InterruptedException {
        for (int i = 0; i < 10_000; i++) {
            if (!gc.step()) {
                return;
            }
        }
        throw new AssertionError("the garbage collector did not settle");
    }

    private void start() throws InterruptedException {
        gc.syncMonitors();
        settle();
    }

    private GenericKubernetesResource cm(String name) {
        return api.stored(CONFIGMAPS, "default", name);
    }

    private List<String> refNames(GenericKubernetesResource o) {
        List<OwnerReference> refs = o.getMetadata().getOwnerReferences();
        return refs == null ? List.of() : refs.stream().map(OwnerReference::getName).toList();
    }

    /** A deletion of an owner with two dependents (one blocking), and what must hold afterwards. */
    record Propagation(String policy, boolean ownerGone, boolean dependentsGone, List<String> refsLeft) {
        @Override
        public String toString() {
            return policy;
        }
    }

    static Stream<Propagation> propagations() {
        return Stream.of(
                new Propagation("Background", true, true, List.of()),
                new Propagation("Foreground", true, true, List.of()),
                new Propagation("Orphan", true, false, List.of()));
    }

    @ParameterizedTest
    @MethodSource("propagations")
    void deletingAnOwnerPropagatesAsItsPolicySays(Propagation p) throws InterruptedException {
        var owner = object(CONFIGMAPS, "default", "owner");
        api.seed(CONFIGMAPS, owner,
                object(CONFIGMAPS, "default", "blocking", ref(owner, true)),
                object(CONFIGMAPS, "default", "free", ref(owner, false)));
        start();
        assertThat(api.actions()).isEmpty();

        api.delete(CONFIGMAPS, "default", "owner", Api.Deletion.DEFAULT.withPropagation(p.policy()));
        settle();

        assertThat(cm("owner") == null).isEqualTo(p.ownerGone());
        for (String dependent : List.of("blocking", "free")) {
            assertThat(cm(dependent) == null).as(dependent).isEqualTo(p.dependentsGone());
            if (!p.dependentsGone()) {
                assertThat(refNames(cm(dependent))).isEqualTo(p.refsLeft());
            }
        }
        assertThat(gc.graph().size()).isEqualTo(p.dependentsGone() ? 0 : 2);
    }

    @Test
    void foregroundDeletionWaitsForBlockingDependentsOnly() throws InterruptedException {
        var owner = object(CONFIGMAPS, "default", "owner");
        var blocking = object(CONFIGMAPS, "default", "blocking", ref(owner, true));
        blocking.getMetadata().setFinalizers(List.of("example.com/hold"));
        var free = object(CONFIGMAPS, "default", "free", ref(owner, false));
        free.getMetadata().setFinalizers(List.of("example.com/hold"));
        api.seed(CONFIGMAPS, owner, blocking, free);
        start();

        api.delete(CONFIGMAPS, "default", "owner", Api.Deletion.DEFAULT.withPropagation("Foreground"));
        settle();
        // Both dependents are being deleted, the blocking one holds the owner back.
        assertThat(cm("blocking").getMetadata().getDeletionTimestamp()).isNotNull();
        assertThat(cm("free").getMetadata().getDeletionTimestamp()).isNotNull();
        assertThat(cm("owner").getMetadata().getFinalizers()).containsExactly("foregroundDeletion");

        api.dropFinalizer(CONFIGMAPS, "default", "blocking", "example.com/hold");
        settle();
        assertThat(cm("blocking")).isNull();
        assertThat(cm("owner")).isNull();
        assertThat(cm("free")).isNotNull(); // a non-blocking dependent never held the owner back
        var deletes = api.actions().stream().map(a -> a.verb() + " " + a.name()).toList();
        assertThat(deletes.indexOf("finalizers owner")).isGreaterThan(deletes.indexOf("delete blocking"));
    }

    @Test
    void foregroundDeletionRecursesThroughDependentsWithDependents() throws InterruptedException {
        var rs = object(REPLICA_SETS, "default", "rs");
        var child = object(CONFIGMAPS, "default", "child", ref(rs, true));
        var grandchild = object(PODS, "default", "grandchild", ref(child, true));
        api.seed(REPLICA_SETS, rs).seed(CONFIGMAPS, child).seed(PODS, grandchild);
        start();

        api.delete(REPLICA_SETS, "default", "rs", Api.Deletion.DEFAULT.withPropagation("Foreground"));
        settle();

        assertThat(api.stored(REPLICA_SETS)).isEmpty();
        assertThat(api.stored(CONFIGMAPS)).isEmpty();
        assertThat(api.stored(PODS)).isEmpty();
        assertThat(api.actions("delete")).filteredOn(a -> a.name().equals("child"))
                .extracting(FakeDynamicClient.Action::detail).containsExactly("Foreground");
        var order = api.actions().stream().map(a -> a.verb() + " " + a.name()).toList();
        assertThat(order.indexOf("finalizers child")).isGreaterThan(order.indexOf("delete grandchild"));
        assertThat(order.indexOf("finalizers rs")).isGreaterThan(order.indexOf("finalizers child"));
    }

    /** Dependents present at start, and which of them survive with which references. */
    record Start(String name, Consumer<FakeDynamicClient> seed, List<String> survivors, List<String> survivorRefs,
            List<String> events) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Start> startingStates() {
        return Stream.of(
                new Start("owner absent: dependent deleted", f -> {
                    var ghost = object(CONFIGMAPS, "default", "ghost");
                    f.seed(CONFIGMAPS, object(CONFIGMAPS, "default", "dep", ref(ghost, true)));
                }, List.of(), List.of(), List.of()),
                new Start("owner alive: nothing happens", f -> {
                    var owner = object(CONFIGMAPS, "default", "owner");
                    f.seed(CONFIGMAPS, owner, object(CONFIGMAPS, "default", "dep", ref(owner, false)));
                }, List.of("dep", "owner"), List.of("owner"), List.of()),
                new Start("owner name exists with another uid: dangling", f -> {
                    var old = object(CONFIGMAPS, "default", "owner");
                    f.seed(CONFIGMAPS, object(CONFIGMAPS, "default", "owner"), object(CONFIGMAPS, "default", "dep", ref(old, false)));
                }, List.of("owner"), List.of(), List.of()),
                new Start("mixed owners: the dangling reference is removed", f -> {
                    var alive = object(CONFIGMAPS, "default", "alive");
                    var ghost = object(REPLICA_SETS, "default", "ghost");
                    f.seed(CONFIGMAPS, alive, object(CONFIGMAPS, "default", "dep", ref(alive, true), ref(ghost, true)));
                }, List.of("alive", "dep"), List.of("alive"), List.of()),
                new Start("owner in another namespace: invalid, dangling", f -> {
                    var owner = object(CONFIGMAPS, "other", "owner");
                    f.seed(CONFIGMAPS, owner, object(CONFIGMAPS, "default", "dep", ref(owner, false)));
                }, List.of(), List.of(), List.of("OwnerRefInvalidNamespace")),
                new Start("cluster-scoped owner of a namespaced dependent: valid", f -> {
                    var role = object(CLUSTER_ROLES, null, "role");
                    f.seed(CLUSTER_ROLES, role).seed(CONFIGMAPS, object(CONFIGMAPS, "default", "dep", ref(role, false)));
                }, List.of("dep"), List.of("role"), List.of()));
    }

    @ParameterizedTest
    @MethodSource("startingStates")
    void danglingReferencesAreCollectedAtStart(Start s) throws InterruptedException {
        s.seed().accept(api);
        start();
        var names = api.stored(CONFIGMAPS).stream()
                .filter(o -> "default".equals(o.getMetadata().getNamespace()))
                .map(o -> o.getMetadata().getName()).sorted().toList();
        assertThat(names).isEqualTo(s.survivors());
        if (names.contains("dep")) {
            assertThat(refNames(cm("dep"))).isEqualTo(s.survivorRefs());
        }
        assertThat(cluster.events().reasons()).isEqualTo(s.events());
    }

    @Test
    void aClusterScopedDependentOfANamespacedOwnerIsInvalid() throws InterruptedException {
        var owner = object(CONFIGMAPS, "default", "owner");
        api.seed(CONFIGMAPS, owner).seed(CLUSTER_ROLES, object(CLUSTER_ROLES, null, "role", ref(owner, false)));
        start();
        assertThat(api.stored(CLUSTER_ROLES)).isEmpty();
        assertThat(cluster.events().reasons()).contains("OwnerRefInvalidNamespace");
        assertThat(cm("owner")).isNotNull();
    }

    @Test
    void aDependentOfAnOwnerWaitingForDependentsLosesThatReferenceWhenItHasAnotherOwner() throws InterruptedException {
        var deleting = object(CONFIGMAPS, "default", "deleting");
        var staying = object(CONFIGMAPS, "default", "staying");
        api.seed(CONFIGMAPS, deleting, staying,
                object(CONFIGMAPS, "default", "dep", ref(deleting, true), ref(staying, true)));
        start();
        api.delete(CONFIGMAPS, "default", "deleting", Api.Deletion.DEFAULT.withPropagation("Foreground"));
        settle();
        assertThat(cm("deleting")).isNull();
        assertThat(refNames(cm("dep"))).containsExactly("staying");
    }

    @Test
    void eventsAreNotWatchedAndAGoneKindIsForgotten() throws InterruptedException {
        var ghost = object(CONFIGMAPS, "default", "ghost");
        api.seed(EVENTS, object(EVENTS, "default", "ev", ref(ghost, false)));
        start();
        assertThat(api.stored(EVENTS)).hasSize(1);
        assertThat(api.actions()).isEmpty();
    }

    @Test
    void aDependentCreatedAfterItsOwnerWasDeletedIsCollected() throws InterruptedException {
        var owner = object(CONFIGMAPS, "default", "owner");
        api.seed(CONFIGMAPS, owner);
        start();
        api.delete(CONFIGMAPS, "default", "owner", Api.Deletion.DEFAULT);
        settle();
        api.seed(PODS, object(PODS, "default", "late", ref(owner, true)));
        settle();
        assertThat(api.stored(PODS)).isEmpty();
        assertThat(gc.graph().size()).isZero();
    }

    @Test
    void aForegroundCycleIsBrokenByUnblockingTheDependentsReferences() throws InterruptedException {
        var a = object(CONFIGMAPS, "default", "a");
        var b = object(CONFIGMAPS, "default", "b", ref(a, true));
        a.getMetadata().setOwnerReferences(List.of(ref(b, true)));
        api.seed(CONFIGMAPS, a, b);
        start();
        assertThat(api.actions()).isEmpty();

        api.delete(CONFIGMAPS, "default", "a", Api.Deletion.DEFAULT.withPropagation("Foreground"));
        settle();

        assertThat(api.stored(CONFIGMAPS)).isEmpty();
        assertThat(api.actions("ownerReferences")).extracting(FakeDynamicClient.Action::name).containsExactly("b");
        assertThat(api.actions("delete")).filteredOn(x -> x.name().equals("b"))
                .extracting(FakeDynamicClient.Action::detail).containsExactly("Foreground");
    }
}
