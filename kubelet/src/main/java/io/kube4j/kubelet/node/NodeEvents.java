package io.kube4j.kubelet.node;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Events about the Node, as the upstream kubelet records them: in namespace "default", the
 * involved object a Node reference whose uid is the node's name, source component "kubelet".
 * Thread-safe; {@link #record} never blocks (at most 32 writes in flight, later ones dropped with
 * a log line, as upstream's broadcaster drops under load). {@link #close()} stops the writer.
 */
public final class NodeEvents implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NodeEvents.class);

    private final KubernetesClient client;
    private final String nodeName;
    private final ExecutorService writer = Executors.newVirtualThreadPerTaskExecutor();
    private final Semaphore inFlight = new Semaphore(32);

    public NodeEvents(KubernetesClient client, String nodeName) {
        this.client = client;
        this.nodeName = nodeName;
    }

    /** @param type "Normal" or "Warning" */
    public void record(String type, String reason, String message) {
        if (!inFlight.tryAcquire()) {
            LOG.warn("dropping node event {} {}: too many in flight", reason, message);
            return;
        }
        Instant at = Instant.now();
        String now = NodeConditions.format(at);
        Event event = new EventBuilder()
                .withNewMetadata()
                    .withName(nodeName + "." + Long.toHexString(at.getEpochSecond() * 1_000_000_000L + at.getNano()))
                    .withNamespace("default")
                .endMetadata()
                .withNewInvolvedObject().withKind("Node").withName(nodeName).withUid(nodeName).endInvolvedObject()
                .withReason(reason)
                .withMessage(message)
                .withType(type)
                .withNewSource().withComponent("kubelet").withHost(nodeName).endSource()
                .withFirstTimestamp(now)
                .withLastTimestamp(now)
                .withCount(1)
                .withReportingComponent("kubelet")
                .withReportingInstance(nodeName)
                .build();
        try {
            writer.submit(() -> {
                try {
                    client.v1().events().inNamespace("default").resource(event).create();
                } catch (RuntimeException e) {
                    LOG.debug("node event {} not written: {}", reason, e.getMessage());
                } finally {
                    inFlight.release();
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            inFlight.release();
        }
    }

    /** Upstream's status event: "Node NAME status is now: REASON". */
    public void statusEvent(String type, String reason) {
        record(type, reason, "Node " + nodeName + " status is now: " + reason);
    }

    @Override
    public void close() {
        writer.shutdown();
    }
}
