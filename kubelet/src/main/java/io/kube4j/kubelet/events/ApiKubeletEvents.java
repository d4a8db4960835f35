package io.kube4j.kubelet.events;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.EventSourceBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link KubeletEvents} written to the API as core/v1 Events (upstream's event recorder and
 * correlator, simplified): source component "kubelet" on the node's host, involved object the pod
 * (with its fieldPath), an identical repeat folded into the existing Event's count and
 * lastTimestamp instead of a new object.
 *
 * <p>Thread-safe. {@link #pod} only queues (a bounded queue of {@value #QUEUE}; when full the
 * Event is dropped and counted, as upstream's broadcaster drops); one virtual thread writes.
 * {@link #close()} stops the writer after what is queued (bounded wait).
 */
public final class ApiKubeletEvents implements KubeletEvents, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ApiKubeletEvents.class);
    static final int QUEUE = 1000;
    /** How many distinct events are remembered for folding repeats. */
    static final int REMEMBERED = 4096;

    private final KubernetesClient client;
    private final String nodeName;
    private final Clock clock;
    private final BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(QUEUE);
    private final AtomicLong dropped = new AtomicLong();
    private final Map<Key, Folded> seen = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Folded> eldest) {
            return size() > REMEMBERED;
        }
    };
    private final Thread writer;
    private volatile boolean closed;

    public ApiKubeletEvents(KubernetesClient client, String nodeName, Clock clock) {
        this.client = client;
        this.nodeName = nodeName;
        this.clock = clock;
        this.writer = Thread.ofVirtual().name("kubelet-events").start(this::run);
    }

    @Override
    public void pod(Pod pod, String fieldPath, String type, String reason, String message) {
        if (closed || pod == null || pod.getMetadata() == null) {
            return;
        }
        if (!queue.offer(new Pending(pod, fieldPath, type, reason, message, clock.instant()))) {
            dropped.incrementAndGet();
        }
    }

    /** Events dropped because the queue was full. */
    public long dropped() {
        return dropped.get();
    }

    private void run() {
        while (!closed || !queue.isEmpty()) {
            Pending next;
            try {
                next = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (next != null) {
                try {
                    write(next);
                } catch (RuntimeException e) {
                    log.debug("event {} for pod {} not written: {}", next.reason, next.pod.getMetadata().getName(), e.getMessage());
                }
            }
        }
    }

    private void write(Pending e) {
        var meta = e.pod.getMetadata();
        Key key = new Key(meta.getUid(), e.fieldPath, e.type, e.reason, e.message);
        String time = DateTimeFormatter.ISO_INSTANT.format(e.at.truncatedTo(ChronoUnit.SECONDS));
        Folded folded = seen.get(key);
        if (folded != null) {
            int count = folded.count + 1;
            String patch = "{\"count\":" + count + ",\"lastTimestamp\":\"" + time + "\"}";
            try {
                client.v1().events().inNamespace(meta.getNamespace()).withName(folded.name)
                        .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
                seen.put(key, new Folded(folded.name, count));
                return;
            } catch (KubernetesClientException ex) {
                if (ex.getCode() != 404) {
                    throw ex;
                }
                seen.remove(key); // expired by its TTL: make a new one
            }
        }
        // Upstream names an Event after its object and the time in hex nanoseconds.
        long nanos = e.at.getEpochSecond() * 1_000_000_000L + e.at.getNano();
        String name = meta.getName() + "." + Long.toHexString(nanos);
        Event event = new EventBuilder()
                .withNewMetadata().withName(name).withNamespace(meta.getNamespace()).endMetadata()
                .withInvolvedObject(new ObjectReferenceBuilder()
                        .withApiVersion("v1")
                        .withKind("Pod")
                        .withNamespace(meta.getNamespace())
                        .withName(meta.getName())
                        .withUid(meta.getUid())
                        .withResourceVersion(meta.getResourceVersion())
                        .withFieldPath(e.fieldPath)
                        .build())
                .withType(e.type)
                .withReason(e.reason)
                .withMessage(e.message)
                .withSource(new EventSourceBuilder().withComponent("kubelet").withHost(nodeName).build())
                .withReportingComponent("kubelet")
                .withReportingInstance(nodeName)
                .withFirstTimestamp(time)
                .withLastTimestamp(time)
                .withCount(1)
                .build();
        client.v1().events().inNamespace(meta.getNamespace()).resource(event).create();
        seen.put(key, new Folded(name, 1));
    }

    @Override
    public void close() {
        closed = true;
        try {
            writer.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writer.interrupt();
    }

    private record Pending(Pod pod, String fieldPath, String type, String reason, String message, Instant at) {}

    private record Key(String uid, String fieldPath, String type, String reason, String message) {}

    private record Folded(String name, int count) {}
}
