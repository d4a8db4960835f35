package io.kube4j.scheduler.plugins;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Pod;

import java.util.List;

/**
 * Where PodTopologySpread's cluster-level default constraints get their pod selector: the label
 * selectors of the Services that select the pod and of its controlling ReplicationController,
 * ReplicaSet or StatefulSet (a Service's or RC's map selector as {@code matchLabels}). The default
 * constraints count pods matching all of them; a pod with none gets no default constraints, as
 * upstream's {@code DefaultSelector}. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface SpreadOwners {

    /** No owners known: system default constraints never apply. */
    SpreadOwners NONE = pod -> List.of();

    /** The selectors of the pod's Services and controller, in any order; never null. */
    List<LabelSelector> selectorsFor(Pod pod);
}
