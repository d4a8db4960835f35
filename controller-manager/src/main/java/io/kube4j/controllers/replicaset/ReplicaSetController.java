package io.kube4j.controllers.replicaset;

import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.kube4j.controllers.machinery.ControllerContext;

/**
 * The ReplicaSet controller ({@code replicaset-controller}, alias {@code replicaset}): keeps
 * {@code spec.replicas} pods matching each ReplicaSet's selector; see {@link ReplicaManager}.
 * Events name {@code replicaset-controller} as their source. Thread-safe.
 */
public final class ReplicaSetController extends ReplicaManager<ReplicaSet> {

    public static final String NAME = "replicaset-controller";

    public ReplicaSetController(ControllerContext context) {
        super(NAME, NAME, new ReplicaSetKind(), context);
    }
}
