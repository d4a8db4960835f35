package io.kube4j.kubelet.eviction;

import java.util.Map;

/** Where the eviction manager observes its signals. Implementations are thread-safe; a signal that cannot be observed is left out. */
@FunctionalInterface
public interface SignalSource {

    Map<Signal, Observation> observe();
}
