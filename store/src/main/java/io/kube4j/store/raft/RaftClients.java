package io.kube4j.store.raft;

import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.client.RaftClientRpc;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.retry.RetryPolicy;
import org.apache.ratis.util.TimeDuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ratis clients of this member: one long-lived client whose RPC carries proposals to a remote
 * leader, and short-lived clients for the rare membership calls (built from the configuration of
 * the moment, so they know members added since start).
 *
 * <p>Thread-safe. Retries are bounded so a call gives up within about the request timeout.
 */
final class RaftClients implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RaftClients.class);
  private static final TimeDuration RETRY_SLEEP = TimeDuration.valueOf(200, java.util.concurrent.TimeUnit.MILLISECONDS);

  private final RaftGroupId groupId;
  private final RaftProperties properties;
  private final RetryPolicy retryPolicy;
  private final RaftClient forwarding;

  RaftClients(RaftGroupId groupId, RaftProperties properties, Duration timeout, List<RaftPeer> peers) {
    this.groupId = groupId;
    this.properties = properties;
    this.retryPolicy = RetryPolicies.retryUpToMaximumCountWithFixedSleep(
        (int) Math.max(3, timeout.toMillis() / RETRY_SLEEP.toLong(java.util.concurrent.TimeUnit.MILLISECONDS)),
        RETRY_SLEEP);
    this.forwarding = newClient(peers);
  }

  /** The RPC that sends requests to any peer; {@link Proposer} addresses each request itself. */
  RaftClientRpc rpc() {
    return forwarding.getClientRpc();
  }

  /** A new client of the group as {@code peers} describe it; the caller closes it. */
  RaftClient newClient(Collection<RaftPeer> peers) {
    return RaftClient.newBuilder()
        .setClientId(ClientId.randomId())
        .setRaftGroup(RaftGroup.valueOf(groupId, peers))
        .setProperties(properties)
        .setRetryPolicy(retryPolicy)
        .build();
  }

  @Override
  public void close() {
    try {
      forwarding.close();
    } catch (IOException e) {
      LOG.warn("Closing the Raft client failed", e);
    }
  }
}
