package io.kube4j.apiserver.client;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An informer event handler that records "ADD name", "UPDATE name", "RESYNC name" (an update whose
 * old and new resourceVersion are equal) and "DELETE name" in arrival order. Thread-safe.
 */
final class RecordingHandler<T extends HasMetadata> implements ResourceEventHandler<T> {

    private final List<String> events = new CopyOnWriteArrayList<>();

    @Override
    public void onAdd(T obj) {
        events.add("ADD " + obj.getMetadata().getName());
    }

    @Override
    public void onUpdate(T oldObj, T newObj) {
        boolean resync = oldObj.getMetadata().getResourceVersion().equals(newObj.getMetadata().getResourceVersion());
        events.add((resync ? "RESYNC " : "UPDATE ") + newObj.getMetadata().getName());
    }

    @Override
    public void onDelete(T obj, boolean deletedFinalStateUnknown) {
        events.add("DELETE " + obj.getMetadata().getName());
    }

    List<String> events() {
        return List.copyOf(events);
    }

    /** The events other than resyncs. */
    List<String> changes() {
        return events().stream().filter(e -> !e.startsWith("RESYNC ")).toList();
    }
}
