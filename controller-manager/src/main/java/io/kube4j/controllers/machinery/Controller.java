package io.kube4j.controllers.machinery;

/**
 * One controller of the manager. Constructed from a {@link ControllerContext} (where it asks for
 * caches and registers informer handlers, which only queue work), started once the informers have
 * synced, closed when the manager stops or loses its lease. Implementations document their own
 * thread-safety; start and close are called once each, from the manager's thread.
 */
public interface Controller extends AutoCloseable {

    /** Upstream's controller name, e.g. {@code replicaset-controller}. */
    String name();

    /** Starts the controller's workers and timers; returns at once. */
    void start();

    /** Stops the workers; in-flight syncs finish or are interrupted. */
    @Override
    void close();
}
