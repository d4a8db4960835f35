package io.kube4j.controllers.machinery;

import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.util.function.Consumer;

/**
 * Informer handlers from lambdas, for controllers that react to some events only. Each returned
 * handler calls its consumer on the informer's thread; consumers must only queue work. Stateless.
 */
public final class Handlers {

    private Handlers() {
    }

    /** Calls {@code onChange} with the object on add and with the new object on update; ignores deletes. */
    public static <T> ResourceEventHandler<T> onAddOrUpdate(Consumer<T> onChange) {
        return of(onChange, onChange, ignored -> { });
    }

    /** Calls {@code onChange} on add, update (the new object) and delete. */
    public static <T> ResourceEventHandler<T> onAny(Consumer<T> onChange) {
        return of(onChange, onChange, onChange);
    }

    /** Calls {@code onDelete} with the last known state of each deleted object; ignores adds and updates. */
    public static <T> ResourceEventHandler<T> onDelete(Consumer<T> onDelete) {
        return of(ignored -> { }, ignored -> { }, onDelete);
    }

    /** A handler with one consumer per kind of event ({@code onUpdate} gets the new object). */
    public static <T> ResourceEventHandler<T> of(Consumer<T> onAdd, Consumer<T> onUpdate, Consumer<T> onDelete) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                onAdd.accept(obj);
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                onUpdate.accept(newObj);
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                onDelete.accept(obj);
            }
        };
    }
}
