package io.kube4j.controllers.replicaset;

import static io.kube4j.controllers.replicaset.ReplicaFixtures.replicaSet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.kube4j.controllers.machinery.Api;
import io.kube4j.controllers.machinery.ApiErrors;
import io.kube4j.controllers.machinery.ControllerContext;
import io.kube4j.controllers.machinery.ControllerOptions;
import io.kube4j.controllers.testing.FakeCluster;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Pod creation in slow-start batches of 1, 2, 4, ... stopping after the first batch with a failure. */
class SlowStartTest {

    @ParameterizedTest(name = "{0} replicas, create #{1} fails -> {2} attempts")
    @CsvSource({
            "10, 0, 1",    // the first batch (1) fails: nothing else tried
            "10, 1, 3",    // batch 2 (creates 1-2) fails but completes
            "10, 2, 3",
            "10, 3, 7",    // batch 3 (creates 3-6)
            "10, 7, 10",   // last batch (3 creates)
            "10, 9999, 10",  // nothing fails
            "700, 9999, 500" // one sync creates at most burstReplicas
    })
    void batchesDoubleUntilAFailure(int replicas, int failingCreate, int expectedAttempts) throws Exception {
        FakeCluster fake = new FakeCluster();
        AtomicInteger attempts = new AtomicInteger();
        Api failing = new FailingCreates(fake, attempts, failingCreate);
        ControllerContext base = fake.context(InstantSource.system(), ControllerOptions.defaults());
        var controller = new ReplicaSetController(new ControllerContext(base.informers(), failing, base.events(),
                base.clock(), base.options(), null));
        fake.seed(replicaSet("web", replicas));

        if (failingCreate < expectedAttempts) {
            assertThatThrownBy(() -> controller.sync("default/web")).hasMessageContaining("quota");
        } else {
            controller.sync("default/web");
        }

        assertThat(attempts.get()).isEqualTo(expectedAttempts);
        int successes = expectedAttempts - (failingCreate < expectedAttempts ? 1 : 0);
        assertThat(fake.stored(Pod.class)).hasSize(successes);
        assertThat(fake.events().reasons()).filteredOn("SuccessfulCreate"::equals).hasSize(successes);
        assertThat(controller.expectations().satisfied("default/web")).isTrue();
    }

    /** Delegates to the fake, failing the create with the given sequence number (0-based). */
    private record FailingCreates(FakeCluster fake, AtomicInteger attempts, int failing) implements Api {
        @Override
        public <T extends HasMetadata> T create(T object) {
            if (attempts.getAndIncrement() == failing) {
                throw ApiErrors.status(403, "Forbidden", "exceeded quota");
            }
            return fake.create(object);
        }

        @Override
        public <T extends HasMetadata> T update(T object) {
            return fake.update(object);
        }

        @Override
        public <T extends HasMetadata> T updateStatus(T object) {
            return fake.updateStatus(object);
        }

        @Override
        public <T extends HasMetadata> T patch(Class<T> type, String namespace, String name, PatchKind kind, String body) {
            return fake.patch(type, namespace, name, kind, body);
        }

        @Override
        public <T extends HasMetadata> T patchStatus(Class<T> type, String namespace, String name, PatchKind kind, String body) {
            return fake.patchStatus(type, namespace, name, kind, body);
        }

        @Override
        public <T extends HasMetadata> void delete(Class<T> type, String namespace, String name, Deletion options) {
            fake.delete(type, namespace, name, options);
        }

        @Override
        public <T extends HasMetadata> T get(Class<T> type, String namespace, String name) {
            return fake.get(type, namespace, name);
        }
    }
}
