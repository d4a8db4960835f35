package io.kube4j.apiserver.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.kube4j.apiserver.testing.ServerPerClass;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * fabric8's leader election over a coordination.k8s.io Lease: conditional updates on a kind with
 * MicroTime fields, by two contenders with their own clients.
 */
class LeaderElectionIT extends ServerPerClass {

    /** One contender: its client, what it saw and its running elector. */
    private static final class Contender implements AutoCloseable {
        final String id;
        final KubernetesClient client;
        final Set<String> leading;
        final List<String> observedLeaders = new CopyOnWriteArrayList<>();
        CompletableFuture<?> running;

        Contender(String id, Set<String> leading) throws Exception {
            this.id = id;
            this.client = server.fabric8();
            this.leading = leading;
        }

        void start(String ns) {
            running = client.leaderElector().withConfig(new LeaderElectionConfigBuilder().withName("it-election")
                    .withLock(new LeaseLock(ns, "the-lock", id))
                    .withLeaseDuration(Duration.ofSeconds(3)).withRenewDeadline(Duration.ofSeconds(2))
                    .withRetryPeriod(Duration.ofMillis(250)).withReleaseOnCancel()
                    .withLeaderCallbacks(new LeaderCallbacks(() -> leading.add(id), () -> leading.remove(id),
                            observedLeaders::add))
                    .build()).build().start();
        }

        @Override
        public void close() {
            if (running != null) {
                running.cancel(true);
            }
            client.close();
        }
    }

    @Test
    void oneLeaderAtATimeAndTheOtherTakesOverOnRelease() throws Exception {
        String ns = Namespaces.create(client, "election");
        Set<String> leading = ConcurrentHashMap.newKeySet();
        try (Contender a = new Contender("alpha", leading); Contender b = new Contender("beta", leading)) {
            a.start(ns);
            await().atMost(Duration.ofSeconds(15)).until(() -> leading.contains("alpha"));
            b.start(ns);
            Lease lease = client.leases().inNamespace(ns).withName("the-lock").get();
            assertThat(lease.getSpec().getHolderIdentity()).isEqualTo("alpha");
            assertThat(lease.getSpec().getRenewTime()).isNotNull();
            assertThat(lease.getSpec().getLeaseDurationSeconds()).isEqualTo(3);

            // beta keeps trying for a while without ever leading, and alpha keeps renewing
            java.time.ZonedDateTime renewedBefore = lease.getSpec().getRenewTime();
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                    .until(() -> leading.equals(Set.of("alpha")));
            assertThat(client.leases().inNamespace(ns).withName("the-lock").get().getSpec().getRenewTime())
                    .isAfter(renewedBefore);
            await().atMost(Duration.ofSeconds(10)).until(() -> b.observedLeaders.contains("alpha"));

            // alpha steps down and releases the lease: beta takes it
            a.running.cancel(true);
            await().atMost(Duration.ofSeconds(20)).until(() -> leading.equals(Set.of("beta")));
            Lease taken = client.leases().inNamespace(ns).withName("the-lock").get();
            assertThat(taken.getSpec().getHolderIdentity()).isEqualTo("beta");
            assertThat(taken.getSpec().getLeaseTransitions()).isGreaterThanOrEqualTo(1);
            assertThat(b.observedLeaders).contains("alpha", "beta");
        }
    }
}
