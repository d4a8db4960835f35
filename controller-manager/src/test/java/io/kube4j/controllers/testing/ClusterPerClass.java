package io.kube4j.controllers.testing;

import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterAll;

/**
 * Base of the controller ITs that share one {@link LiveControllers} per class: a subclass's
 * {@code @BeforeAll} calls {@link #startCluster()} and starts what it needs on it (controllers,
 * scheduler, hollow nodes); after the class everything is closed. The fields are static and
 * shared by every subclass, which is safe because test classes run one after another.
 */
public abstract class ClusterPerClass {

    protected static LiveControllers cluster;
    protected static KubernetesClient client;

    /** Starts the class's apiserver and client. */
    protected static LiveControllers startCluster() throws Exception {
        cluster = LiveControllers.start();
        client = cluster.client();
        return cluster;
    }

    @AfterAll
    protected static void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
            cluster = null;
            client = null;
        }
    }
}
