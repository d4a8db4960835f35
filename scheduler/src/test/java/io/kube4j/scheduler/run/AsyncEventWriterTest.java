package io.kube4j.scheduler.run;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.kube4j.scheduler.framework.PodInfo;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class AsyncEventWriterTest {

    private static Pod pod(String name) {
        return new PodBuilder().withNewMetadata().withNamespace("default").withName(name).endMetadata().build();
    }

    @Test
    void bindsAndConditionsGoStraightThroughAndEventsArriveLater() throws Exception {
        RecordingWriter delegate = new RecordingWriter();
        try (AsyncEventWriter writer = new AsyncEventWriter(delegate, 10)) {
            writer.bind(pod("a"), "n1");
            writer.markUnschedulable(pod("b"), "Unschedulable", "no room");
            assertThat(delegate.of("bind")).containsExactly(new RecordingWriter.Call("bind", "default/a", "n1", ""));
            assertThat(delegate.of("condition")).hasSize(1);

            writer.event(pod("a"), "Normal", "Scheduled", "Binding", "assigned");
            writer.event(pod("b"), "Warning", "FailedScheduling", "Scheduling", "no room");
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(delegate.of("event")).containsExactly(
                    new RecordingWriter.Call("event", "default/a", "Normal/Scheduled", "assigned"),
                    new RecordingWriter.Call("event", "default/b", "Warning/FailedScheduling", "no room")));
            assertThat(writer.dropped()).isZero();
        }
    }

    @Test
    void nominationAndPreemptionGoStraightThrough() throws Exception {
        RecordingWriter delegate = new RecordingWriter();
        try (AsyncEventWriter writer = new AsyncEventWriter(delegate, 10)) {
            writer.setNominatedNodeName(pod("high"), "n1");
            writer.preempt(pod("low"), pod("high"), "n1");
            assertThat(delegate.of("nominate")).containsExactly(new RecordingWriter.Call("nominate", "default/high", "n1", ""));
            assertThat(delegate.of("preempt")).containsExactly(
                    new RecordingWriter.Call("preempt", "default/low", "default/high", "n1"));
        }
    }

    @Test
    void dropsAndCountsEventsWhenTheQueueIsFullWithoutBlocking() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch writing = new CountDownLatch(1);
        // A writer whose events block until released; everything else records as usual.
        RecordingWriter delegate = new RecordingWriter() {
            @Override
            public void event(Pod pod, String type, String reason, String action, String note) {
                writing.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                super.event(pod, type, reason, action, note);
            }
        };
        ClusterWriter slow = delegate;
        try (AsyncEventWriter writer = new AsyncEventWriter(slow, 2)) {
            writer.event(pod("p0"), "Normal", "Scheduled", "Binding", "0");
            writing.await();
            // The drainer is stuck on p0: two fit in the queue, the other three are dropped at once.
            for (int i = 1; i <= 5; i++) {
                writer.event(pod("p" + i), "Normal", "Scheduled", "Binding", String.valueOf(i));
            }
            assertThat(writer.dropped()).isEqualTo(3);
            assertThat(writer.pending()).isEqualTo(2);
            release.countDown();
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(delegate.of("event"))
                    .extracting(RecordingWriter.Call::pod).containsExactly("default/p0", "default/p1", "default/p2"));
        }
    }

    @Test
    void closeWritesWhatIsQueuedAndDropsLaterEvents() throws Exception {
        RecordingWriter delegate = new RecordingWriter();
        AsyncEventWriter writer = new AsyncEventWriter(delegate, 10);
        writer.event(pod("a"), "Normal", "Scheduled", "Binding", "assigned");
        writer.close();
        assertThat(delegate.of("event")).extracting(RecordingWriter.Call::pod).containsExactly(PodInfo.keyOf(pod("a")));
        writer.event(pod("b"), "Normal", "Scheduled", "Binding", "late");
        assertThat(writer.dropped()).isEqualTo(1);
    }
}
