package io.kube4j.store.raft;

import io.kube4j.store.api.StoreException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.apache.ratis.client.RaftClientRpc;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.exceptions.AlreadyClosedException;
import org.apache.ratis.protocol.exceptions.NotLeaderException;
import org.apache.ratis.protocol.exceptions.RaftException;
import org.apache.ratis.protocol.exceptions.ResourceUnavailableException;
import org.apache.ratis.protocol.exceptions.StateMachineException;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts commands into the replicated log and waits for their results; runs ReadIndex barriers.
 *
 * <p>A proposal is one Ratis request with one invocation id (client id + call id) for its whole
 * life. On the leader it is submitted in-process; elsewhere it is sent to the leader over the Ratis
 * client RPC. When leadership moves mid-flight the same request is sent again to the new leader:
 * the Raft retry cache answers a resend of an invocation that was already committed with the
 * original reply, so a resend never applies a command twice. A new leader accepts requests only once
 * it has applied every earlier entry (Ratis' leader readiness), which is what makes this hold.
 *
 * <p>A command answered by a remote leader returns once this member applied it as well (as etcd's
 * members wait for their own apply), so this member's local reads see its own writes.
 *
 * <p>Thread-safe; every method blocks (meant for virtual threads) for at most the request timeout.
 */
final class Proposer {
  private static final Logger LOG = LoggerFactory.getLogger(Proposer.class);
  static final String TIMED_OUT = "etcdserver: request timed out";
  static final String LEADER_CHANGED = "etcdserver: leader changed";
  static final String TOO_MANY_REQUESTS = "etcdserver: too many requests";
  static final String STOPPED = "etcdserver: server stopped";
  private static final long BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(25);

  private final RaftServer server;
  private final RaftGroupId groupId;
  private final RaftClientRpc rpc;
  private final ClientId clientId = ClientId.randomId();
  private final AtomicLong callIds = new AtomicLong();
  private final long timeoutNanos;
  private final long attemptNanos;
  private final BooleanSupplier closed;
  private final StoreStateMachine stateMachine;

  Proposer(RaftServer server, RaftGroupId groupId, RaftClientRpc rpc, StoreStateMachine stateMachine,
      Duration timeout, Duration attemptTimeout, BooleanSupplier closed) {
    this.server = server;
    this.stateMachine = stateMachine;
    this.closed = closed;
    this.groupId = groupId;
    this.rpc = rpc;
    this.timeoutNanos = timeout.toNanos();
    this.attemptNanos = attemptTimeout.toNanos();
  }

  /**
   * Replicates {@code command}, waits until it is applied, and returns its result.
   *
   * @throws StoreException the command's own deterministic failure, or {@code Unavailable} when no
   *     leader committed it in time (the command may still commit later)
   */
  Object propose(RaftCommand command) {
    Message message = Message.valueOf(UnsafeByteOperations.unsafeWrap(CommandCodec.encode(command)));
    RaftClientRequest request = RaftClientRequest.newBuilder()
        .setClientId(clientId).setServerId(server.getId()).setGroupId(groupId)
        .setCallId(callIds.incrementAndGet()).setMessage(message)
        .setType(RaftClientRequest.writeRequestType()).build();
    RaftClientReply reply = send(request, true);
    Object result = CommandCodec.decodeReply(reply.getMessage().getContent().newInput());
    if (result instanceof StoreException e) {
      throw e;
    }
    return result;
  }

  /**
   * Returns once this member has applied everything committed before the call: Ratis' ReadIndex
   * (confirmed by a heartbeat quorum; on a follower, asked of the leader), then a wait for the local
   * apply. A read served locally afterwards is linearizable.
   */
  void readBarrier() {
    RaftClientRequest request = RaftClientRequest.newBuilder()
        .setClientId(clientId).setServerId(server.getId()).setGroupId(groupId)
        .setCallId(callIds.incrementAndGet()).setMessage(StoreStateMachine.QUERY_BARRIER)
        .setType(RaftClientRequest.readRequestType()).build();
    send(request, false);
  }

  private RaftClientReply send(RaftClientRequest request, boolean write) {
    long deadline = System.nanoTime() + timeoutNanos;
    String lastProblem = StoreException.NO_LEADER;
    RaftPeerId hint = null;
    for (int attempt = 0; ; attempt++) {
      if (attempt > 0) {
        pause(deadline);
      }
      long remaining = deadline - System.nanoTime();
      if (closed.getAsBoolean()) {
        throw new StoreException.Unavailable(STOPPED);
      }
      if (remaining <= 0) {
        throw new StoreException.Unavailable(lastProblem);
      }
      RaftServer.Division division = division();
      RaftPeerId self = server.getId();
      RaftPeerId target;
      if (!write || division.getInfo().isLeader()) {
        target = self; // reads always start here: ReadIndex finds the leader itself
      } else {
        target = hint != null ? hint : division.getInfo().getLeaderId();
        if (target == null || target.equals(self)) {
          lastProblem = StoreException.NO_LEADER;
          hint = null;
          continue;
        }
      }
      RaftClientRequest attemptRequest = RaftClientRequest.newBuilder().set(request).setServerId(target).build();
      RaftClientReply reply;
      try {
        reply = target.equals(self)
            ? submitLocally(attemptRequest, Math.min(remaining, attemptNanos))
            : sendRemotely(attemptRequest, division);
      } catch (TimeoutException e) {
        lastProblem = TIMED_OUT;
        hint = null;
        continue;
      } catch (IOException | ExecutionException e) {
        LOG.debug("{} to {} failed: {}", request.getCallId(), target, e.toString());
        lastProblem = write ? LEADER_CHANGED : StoreException.NO_LEADER;
        hint = null;
        continue;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StoreException.Unavailable(STOPPED);
      }
      if (reply.isSuccess()) {
        if (!target.equals(self)) {
          awaitLocalApply(reply.getLogIndex(), deadline);
        }
        return reply;
      }
      RaftException problem = reply.getException();
      switch (problem) {
        case NotLeaderException nle -> {
          hint = nle.getSuggestedLeader() == null ? null : nle.getSuggestedLeader().getId();
          LOG.debug("{} to {}: not leader, try {}", request.getCallId(), target, hint);
          lastProblem = LEADER_CHANGED;
        }
        case ResourceUnavailableException r -> throw new StoreException.Unavailable(TOO_MANY_REQUESTS);
        case StateMachineException s -> throw new StoreException.Internal(s.getMessage());
        case AlreadyClosedException c -> {
          lastProblem = STOPPED;
          hint = null;
        }
        case null -> throw new StoreException.Internal("Raft reply without result or error");
        default -> {
          // Not ready, stepping down, transferring leadership, ReadIndex failures: all transient.
          LOG.debug("{} to {}: {}", request.getCallId(), target, problem.toString());
          lastProblem = write ? LEADER_CHANGED : StoreException.NO_LEADER;
          hint = null;
        }
      }
    }
  }

  /**
   * As etcd, a write answered through this member returns once this member applied it too, so its
   * own reads, watches and lease lists already see it. A member that lags past the deadline still
   * returns the (committed) result.
   */
  private void awaitLocalApply(long index, long deadline) {
    if (index <= 0) {
      return;
    }
    try {
      if (!stateMachine.awaitApplied(index, deadline)) {
        LOG.debug("Index {} committed but not applied here before the deadline", index);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException.Unavailable(STOPPED);
    }
  }

  private RaftClientReply submitLocally(RaftClientRequest request, long timeoutNanos)
      throws IOException, ExecutionException, TimeoutException, InterruptedException {
    CompletableFuture<RaftClientReply> future = server.submitClientRequestAsync(request);
    try {
      return future.get(timeoutNanos, TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      future.cancel(false);
      throw e;
    }
  }

  /**
   * One blocking call on its own gRPC stream (bounded by the client RPC timeout). Deliberately not
   * Ratis' shared async stream: that stream closes for good on the first NotLeader or LeaderNotReady
   * reply, failing every later request until someone resets the connection.
   */
  private RaftClientReply sendRemotely(RaftClientRequest request, RaftServer.Division division) throws IOException {
    rpc.addRaftPeers(division.getRaftConf().getAllPeers());
    try {
      return rpc.sendRequest(request);
    } catch (IOException e) {
      rpc.handleException(request.getServerId(), e, false); // reconnects after connection-level failures
      throw e;
    }
  }

  private RaftServer.Division division() {
    try {
      return server.getDivision(groupId);
    } catch (IOException e) {
      throw new StoreException.Unavailable(STOPPED);
    }
  }

  private static void pause(long deadline) {
    long sleep = Math.min(BACKOFF_NANOS, deadline - System.nanoTime());
    if (sleep > 0) {
      try {
        TimeUnit.NANOSECONDS.sleep(sleep);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StoreException.Unavailable(STOPPED);
      }
    }
  }
}
