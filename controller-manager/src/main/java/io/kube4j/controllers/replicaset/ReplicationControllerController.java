package io.kube4j.controllers.replicaset;

import io.fabric8.kubernetes.api.model.ReplicationController;
import io.kube4j.controllers.machinery.ControllerContext;

/**
 * The ReplicationController controller ({@code replicationcontroller-controller}, alias
 * {@code replicationcontroller}): the ReplicaSet logic of {@link ReplicaManager} over
 * ReplicationControllers and their map selectors. Events name {@code replication-controller} as
 * their source, as upstream's. Thread-safe.
 */
public final class ReplicationControllerController extends ReplicaManager<ReplicationController> {

    public static final String NAME = "replicationcontroller-controller";

    public ReplicationControllerController(ControllerContext context) {
        super(NAME, "replication-controller", new ReplicationControllerKind(), context);
    }
}
