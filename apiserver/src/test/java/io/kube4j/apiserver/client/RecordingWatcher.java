package io.kube4j.apiserver.client;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A fabric8 {@link Watcher} that records every event (action and object) in arrival order and
 * how the watch ended. Thread-safe: fabric8 calls it from its own threads while the test reads.
 */
final class RecordingWatcher<T extends HasMetadata> implements Watcher<T> {

    /** One received event. */
    record Event<T>(Action action, T object) {
        String name() {
            return ((HasMetadata) object).getMetadata().getName();
        }
    }

    private final List<Event<T>> events = new CopyOnWriteArrayList<>();
    final CompletableFuture<WatcherException> closed = new CompletableFuture<>();

    @Override
    public void eventReceived(Action action, T resource) {
        events.add(new Event<>(action, resource));
    }

    @Override
    public void onClose(WatcherException cause) {
        closed.complete(cause);
    }

    @Override
    public void onClose() {
        closed.complete(null);
    }

    List<Event<T>> events() {
        return new ArrayList<>(events);
    }

    /** "ACTION name" for each event, for compact assertions. */
    List<String> summary() {
        return events.stream().map(e -> e.action() + " " + e.name()).toList();
    }
}
