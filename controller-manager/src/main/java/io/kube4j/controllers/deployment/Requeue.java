package io.kube4j.controllers.deployment;

import java.time.Duration;

/** How a sync asks for its Deployment to be looked at again (to check the progress deadline). */
interface Requeue {

    /** Queue the Deployment again after {@code delay}. */
    void after(Duration delay);

    /** Queue the Deployment again with the queue's back-off. */
    void rateLimited();
}
