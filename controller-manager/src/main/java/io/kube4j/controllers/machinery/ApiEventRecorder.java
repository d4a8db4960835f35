package io.kube4j.controllers.machinery;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link EventRecorder} writing core/v1 Events through {@link Api} for one component (the
 * {@code source.component}, e.g. {@code replicaset-controller}), as client-go's broadcaster: events
 * queue (up to 1,000; beyond that they are dropped with a log line, never blocking a controller)
 * and one virtual thread writes them; an event equal in object, type, reason and message to one
 * written in the last ten minutes increments that Event's count and lastTimestamp instead of
 * creating another. As client-go's spam filter, each object may have a burst of 25 events, then one
 * every five minutes; the rest are dropped (a 1,000-pod scale-up records 25 SuccessfulCreate events
 * for its ReplicaSet, not 1,000). {@link #close()} stops the writer after the queue drains (bounded wait).
 */
public final class ApiEventRecorder implements EventRecorder, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ApiEventRecorder.class);
    private static final Duration FOLD_WINDOW = Duration.ofMinutes(10);
    private static final int REMEMBERED = 4096;
    private static final Event STOP = new Event();

    private final Api api;
    private final String component;
    private final InstantSource clock;
    private final BlockingQueue<Event> pending = new ArrayBlockingQueue<>(1000);
    private final Map<String, Event> recent = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Event> eldest) {
            return size() > REMEMBERED;
        }
    };
    private final Thread writer;
    private final EventSpamFilter spamFilter;
    private final java.util.concurrent.atomic.AtomicLong lastNanos = new java.util.concurrent.atomic.AtomicLong();

    public ApiEventRecorder(Api api, String component, InstantSource clock) {
        this.api = api;
        this.component = component;
        this.clock = clock;
        this.spamFilter = new EventSpamFilter(clock);
        this.writer = Thread.ofVirtual().name("events-" + component).start(this::write);
    }

    @Override
    public void event(HasMetadata regarding, String type, String reason, String message) {
        if (!spamFilter.allow(regarding)) {
            return;
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        String ts = DateTimeFormatter.ISO_INSTANT.format(now);
        String ns = regarding.getMetadata().getNamespace() == null ? "default" : regarding.getMetadata().getNamespace();
        Event event = new EventBuilder()
                .withNewMetadata()
                    .withNamespace(ns)
                    .withName(regarding.getMetadata().getName() + "." + Long.toHexString(uniqueNanos()))
                .endMetadata()
                .withInvolvedObject(reference(regarding))
                .withType(type)
                .withReason(reason)
                .withMessage(message)
                .withNewSource().withComponent(component).endSource()
                .withReportingComponent(component)
                .withReportingInstance("")
                .withFirstTimestamp(ts)
                .withLastTimestamp(ts)
                .withCount(1)
                .build();
        if (!pending.offer(event)) {
            LOG.warn("event queue of {} full; dropping {} {} for {}", component, type, reason, regarding.getMetadata().getName());
        }
    }

    /** Now in Unix nanoseconds (upstream names Events {@code <object>.<hex nanos>}), strictly increasing per recorder. */
    private long uniqueNanos() {
        Instant now = Instant.now();
        long nanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        return lastNanos.updateAndGet(last -> Math.max(last + 1, nanos));
    }

    /** A reference to {@code object} as Events and ownerReferences carry it. */
    public static ObjectReference reference(HasMetadata object) {
        return new ObjectReferenceBuilder()
                .withApiVersion(object.getApiVersion() != null ? object.getApiVersion() : HasMetadata.getApiVersion(object.getClass()))
                .withKind(object.getKind() != null ? object.getKind() : HasMetadata.getKind(object.getClass()))
                .withNamespace(object.getMetadata().getNamespace())
                .withName(object.getMetadata().getName())
                .withUid(object.getMetadata().getUid())
                .withResourceVersion(object.getMetadata().getResourceVersion())
                .build();
    }

    private void write() {
        try {
            while (true) {
                Event event = pending.take();
                if (event == STOP) {
                    return;
                }
                try {
                    writeOne(event);
                } catch (RuntimeException e) {
                    LOG.debug("could not write event {} for {}: {}", event.getReason(), event.getInvolvedObject().getName(), e.getMessage());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void writeOne(Event event) {
        ObjectReference ref = event.getInvolvedObject();
        String key = String.join("\u0000", ref.getNamespace() == null ? "" : ref.getNamespace(), ref.getKind(), ref.getName(),
                ref.getUid() == null ? "" : ref.getUid(), event.getType(), event.getReason(), event.getMessage());
        Event previous;
        synchronized (recent) {
            previous = recent.get(key);
        }
        Instant now = Instant.parse(event.getLastTimestamp());
        if (previous != null && Instant.parse(previous.getLastTimestamp()).plus(FOLD_WINDOW).isAfter(now)) {
            int count = previous.getCount() + 1;
            String patch = "{\"count\":" + count + ",\"lastTimestamp\":\"" + event.getLastTimestamp() + "\"}";
            try {
                Event patched = api.patch(Event.class, previous.getMetadata().getNamespace(), previous.getMetadata().getName(),
                        Api.PatchKind.MERGE, patch);
                synchronized (recent) {
                    recent.put(key, patched);
                }
                return;
            } catch (RuntimeException e) {
                if (!ApiErrors.notFound(e)) {
                    throw e;
                }
            }
        }
        Event created = api.create(event);
        synchronized (recent) {
            recent.put(key, created);
        }
    }

    @Override
    public void close() {
        try {
            if (pending.offer(STOP, 1, TimeUnit.SECONDS)) {
                writer.join(Duration.ofSeconds(2));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writer.interrupt();
    }
}
