package io.kube4j.scheduler.run;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.kube4j.scheduler.core.Profile;
import io.kube4j.scheduler.framework.QueuedPodInfo;
import io.kube4j.scheduler.plugins.VolumeBinding;
import io.kube4j.scheduler.queue.BackoffPolicy;
import io.kube4j.scheduler.queue.QueueingEvents;
import io.kube4j.scheduler.queue.SchedulingQueue;
import io.kube4j.scheduler.testing.FakeClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.kube4j.scheduler.testing.Fixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;

/** Changes of the objects plugins read retry the pods rejected by plugins that registered them. */
class ClusterEventRequeueTest {

    private final Profile profile = Profile.defaults();
    private final SchedulingQueue queue = new SchedulingQueue(profile.queueSort(), profile.preEnqueue(),
            QueueingEvents.of(profile.plugins().values()), new FakeClock(), BackoffPolicy.DEFAULT,
            SchedulingQueue.DEFAULT_MAX_IN_UNSCHEDULABLE);
    private final InformerHandlers handlers = new InformerHandlers(Profile.DEFAULT_SCHEDULER_NAME, new SchedulerCache(), queue);

    private void rejectedBy(String plugin) throws InterruptedException {
        queue.add(pod("p").build());
        QueuedPodInfo info = queue.pop(Duration.ZERO);
        info.unschedulablePlugins().add(plugin);
        queue.addUnschedulableIfNotPresent(info, queue.schedulingCycle());
        assertThat(queue.counts().unschedulable()).isEqualTo(1);
    }

    @Test
    void aClaimEventRetriesAPodVolumeBindingRejected() throws InterruptedException {
        rejectedBy(VolumeBinding.NAME);
        handlers.requeueOn("Service").onAdd(new ServiceBuilder().withNewMetadata().withName("s").endMetadata().build());
        assertThat(queue.counts().unschedulable()).as("VolumeBinding does not register Service events").isEqualTo(1);

        handlers.requeueOn("PersistentVolumeClaim").onAdd(new PersistentVolumeClaimBuilder().withNewMetadata()
                .withName("c").endMetadata().build());
        assertThat(queue.counts().unschedulable()).isZero();
    }

    @Test
    void aClaimDeletionDoesNotRetryIt() throws InterruptedException {
        rejectedBy(VolumeBinding.NAME);
        handlers.requeueOn("PersistentVolumeClaim").onDelete(new PersistentVolumeClaimBuilder().withNewMetadata()
                .withName("c").endMetadata().build(), false);
        assertThat(queue.counts().unschedulable()).isEqualTo(1);
    }
}
