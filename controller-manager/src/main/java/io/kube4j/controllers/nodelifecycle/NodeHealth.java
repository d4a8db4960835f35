package io.kube4j.controllers.nodelifecycle;

import java.time.Instant;

/**
 * What the node lifecycle controller last saw of one node (upstream's nodeHealthData): when it
 * last saw the kubelet's heartbeat change ({@code probeTimestamp}, on this controller's clock, never
 * the heartbeat's own value), when it saw the Ready condition last transition, and the heartbeat
 * values it compared against. Immutable.
 *
 * @param probeTimestamp           when this controller last saw the heartbeat or the Lease renewed
 * @param readyTransitionTimestamp when this controller saw the Ready condition's last transition
 * @param readyHeartbeat           the Ready condition's lastHeartbeatTime last seen (null: no Ready condition)
 * @param readyTransition          the Ready condition's lastTransitionTime last seen
 * @param leaseRenewTime           the node Lease's renewTime last seen (null: no Lease)
 */
record NodeHealth(Instant probeTimestamp, Instant readyTransitionTimestamp, String readyHeartbeat,
        String readyTransition, Instant leaseRenewTime) {

    NodeHealth withProbe(Instant now) {
        return new NodeHealth(now, readyTransitionTimestamp, readyHeartbeat, readyTransition, leaseRenewTime);
    }

    NodeHealth withReadyTransition(Instant now) {
        return new NodeHealth(probeTimestamp, now, readyHeartbeat, readyTransition, leaseRenewTime);
    }
}
