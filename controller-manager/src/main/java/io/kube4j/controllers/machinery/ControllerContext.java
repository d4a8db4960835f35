package io.kube4j.controllers.machinery;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.InstantSource;
import java.util.function.Function;

/**
 * What every controller is built from: the shared informers, the writes, an event recorder per
 * component, the clock and the options. {@code client} is the raw client for the controllers that
 * need discovery or arbitrary kinds (garbage collector, namespace deletion); it is null under unit
 * tests' fakes, so other controllers must not use it. Immutable; its parts are thread-safe.
 *
 * @param events an event recorder for a component name (e.g. {@code deployment-controller})
 */
public record ControllerContext(Informers informers, Api api, Function<String, EventRecorder> events,
        InstantSource clock, ControllerOptions options, KubernetesClient client) {

    /** The recorder whose events name {@code component} as their source. */
    public EventRecorder recorder(String component) {
        return events.apply(component);
    }
}
