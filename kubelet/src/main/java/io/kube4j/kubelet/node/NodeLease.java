package io.kube4j.kubelet.node;

import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's heartbeat: the Lease {@code kube-node-lease/<node>}, renewed every quarter of its
 * duration (10 s for upstream's 40 s) as upstream's node lease controller does: holderIdentity the
 * node, leaseDurationSeconds the configured duration, renewTime now, an ownerReference to the Node
 * once the Node's uid is known (so the Lease goes with the Node). An update that conflicts is retried
 * up to five times on the latest Lease; when the Lease cannot be read or made, the controller backs
 * off from 100 ms doubling to 7 s until it can.
 *
 * <p>Owns one virtual thread, started by {@link #start} and stopped by {@link #close()}.
 */
public final class NodeLease implements AutoCloseable {

    public static final String NAMESPACE = "kube-node-lease";
    private static final Logger LOG = LoggerFactory.getLogger(NodeLease.class);
    private static final int MAX_UPDATE_RETRIES = 5;
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(7);

    private final KubernetesClient client;
    private final String nodeName;
    private final Duration duration;
    private final Supplier<String> nodeUid;
    private final InstantSource clock;
    private final Thread thread;
    private volatile boolean closed;
    private volatile Instant lastRenew;

    private NodeLease(KubernetesClient client, String nodeName, Duration duration, Supplier<String> nodeUid, InstantSource clock) {
        this.client = client;
        this.nodeName = nodeName;
        this.duration = duration;
        this.nodeUid = nodeUid;
        this.clock = clock;
        this.thread = Thread.ofVirtual().name("node-lease-" + nodeName).unstarted(this::run);
    }

    /**
     * Starts renewing.
     *
     * @param nodeUid the Node's uid, or null while it is not registered yet
     */
    public static NodeLease start(KubernetesClient client, String nodeName, Duration duration, Supplier<String> nodeUid, InstantSource clock) {
        NodeLease lease = new NodeLease(client, nodeName, duration, nodeUid, clock);
        lease.thread.start();
        return lease;
    }

    /** When the Lease was last written successfully; null before the first time. */
    public Instant lastRenew() {
        return lastRenew;
    }

    private void run() {
        Duration interval = duration.dividedBy(4);
        Duration backoff = Duration.ofMillis(100);
        while (!closed) {
            Duration sleep;
            try {
                renew();
                backoff = Duration.ofMillis(100);
                sleep = interval;
            } catch (RuntimeException e) {
                if (closed) {
                    return;
                }
                LOG.warn("node {}: lease not renewed, retrying in {} ms: {}", nodeName, backoff.toMillis(), e.getMessage());
                sleep = backoff;
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
            try {
                Thread.sleep(sleep);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** One renewal: creates the Lease if it is missing, else updates it (retrying conflicts). */
    void renew() {
        var leases = client.leases().inNamespace(NAMESPACE);
        for (int attempt = 0; attempt < MAX_UPDATE_RETRIES; attempt++) {
            Lease current = leases.withName(nodeName).get();
            try {
                if (current == null) {
                    leases.resource(desired(new LeaseBuilder().withNewMetadata().withName(nodeName).withNamespace(NAMESPACE).endMetadata().build()))
                            .create();
                } else {
                    leases.resource(desired(current)).update();
                }
                lastRenew = clock.instant();
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw e;
                }
                // a conflict (or a create racing another): read the latest and try again
            }
        }
        throw new IllegalStateException("lease update conflicted " + MAX_UPDATE_RETRIES + " times");
    }

    private Lease desired(Lease base) {
        LeaseBuilder b = new LeaseBuilder(base)
                .editOrNewSpec()
                    .withHolderIdentity(nodeName)
                    .withLeaseDurationSeconds((int) duration.toSeconds())
                    .withRenewTime(ZonedDateTime.ofInstant(clock.instant().truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC))
                .endSpec();
        String uid = nodeUid.get();
        boolean owned = base.getMetadata().getOwnerReferences() != null && !base.getMetadata().getOwnerReferences().isEmpty();
        if (uid != null && !owned) {
            b.editMetadata().withOwnerReferences(List.of(new OwnerReferenceBuilder()
                    .withApiVersion("v1").withKind("Node").withName(nodeName).withUid(uid).build())).endMetadata();
        }
        return b.build();
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
